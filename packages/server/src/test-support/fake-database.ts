import type { Database } from '../db/database.js';

/** A database whose every statement fails with `error`: for the paths where the database breaks. */
export function failingDatabase(error: Error): Database {
  const fail = async (): Promise<never> => {
    throw error;
  };
  return { engine: 'pglite', query: fail, exec: fail, transaction: fail, close: async () => {} };
}
