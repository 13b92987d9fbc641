import type { Database } from '../db/database.js';

/** A database whose every statement fails with `error`: for the paths where the database breaks. */
export function failingDatabase(error: Error): Database {
  const fail = async (): Promise<never> => {
    throw error;
  };
  return { engine: 'pglite', query: fail, exec: fail, transaction: fail, close: async () => {} };
}

/** A database that answers every statement with no rows: for paths that only need it to be there. */
export function answeringDatabase(): Database {
  const answer = async () => ({ rows: [], rowCount: 0 });
  return {
    engine: 'pglite',
    query: answer as Database['query'],
    exec: async () => {},
    transaction: (fn) => fn({ query: answer as Database['query'], exec: async () => {} }),
    close: async () => {},
  };
}
