import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { lockDataDir } from './data-dir-lock.js';
import type { Database, Queryable, QueryResult } from './database.js';

interface PGliteQueryable {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[]; affectedRows?: number }>;
  exec(sql: string): Promise<unknown>;
}

/**
 * Opens PGlite (PostgreSQL compiled to WebAssembly) on `<dataDir>/pgdata`. The data directory is
 * Tessera's, not PGlite's: it also holds the lock file, which cannot live inside PGDATA because
 * initdb wants an empty directory. A new directory takes a few seconds (initdb runs).
 */
export async function openPglite(dataDir: string): Promise<Database> {
  const dir = resolve(dataDir);
  const lock = lockDataDir(dir);
  try {
    const pgdata = join(dir, 'pgdata');
    mkdirSync(pgdata, { recursive: true });
    // Imported here so a server on real PostgreSQL never loads the WebAssembly build.
    const { PGlite } = await import('@electric-sql/pglite');
    const pg = await PGlite.create(pgdata);
    let closed = false;
    return {
      engine: 'pglite',
      ...wrap(pg),
      transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
      async close() {
        if (closed) return;
        closed = true;
        try {
          await pg.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

function wrap(target: PGliteQueryable): Queryable {
  return {
    async query<T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
      const result = await target.query<T>(sql, [...params]);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string) {
      await target.exec(sql);
    },
  };
}
