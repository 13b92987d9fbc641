import { resolve } from 'node:path';
import type { Database } from './database.js';
import { openPglite } from './pglite.js';
import { openPostgres } from './postgres.js';

/** The data directory used when neither a directory nor a database URL is given. */
export const DEFAULT_DATA_DIR = '.tessera-data';

/** Where the data lives. `databaseUrl` wins when both are given. */
export interface OpenDatabaseOptions {
  /** PGlite's on-disk directory; relative paths are resolved against the working directory. */
  dataDir?: string;
  /** A `postgres://` URL of a real PostgreSQL, for production. */
  databaseUrl?: string;
}

/**
 * Opens the database: a real PostgreSQL when `databaseUrl` is given, otherwise PGlite on
 * `dataDir` (default `.tessera-data` under the working directory). Does not migrate; call
 * `migrate` next.
 */
export function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openPglite(resolve(options.dataDir ?? DEFAULT_DATA_DIR));
}

/**
 * Says where the data lives, for logs and messages. A URL's user name and password are never
 * shown: logs outlive the secrets they would leak.
 */
export function describeDatabase(options: OpenDatabaseOptions = {}): string {
  if (options.databaseUrl) {
    try {
      const url = new URL(options.databaseUrl);
      return `PostgreSQL at ${url.host}${url.pathname}`;
    } catch {
      return 'PostgreSQL (the database URL could not be parsed)';
    }
  }
  return `PGlite in ${resolve(options.dataDir ?? DEFAULT_DATA_DIR)}`;
}
