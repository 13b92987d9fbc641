import { resolve } from 'node:path';
import { DEFAULT_DATA_DIR, type OpenDatabaseOptions } from '../db/open.js';
import type { CliIo } from './io.js';
import { UsageError } from './usage.js';

/**
 * Where the data lives, from `--data-dir`, `--database-url` and `DATABASE_URL`. A flag beats the
 * environment, so `--data-dir` alone means PGlite even when `DATABASE_URL` is set in the shell.
 */
export function databaseOptions(
  values: { 'data-dir'?: string | undefined; 'database-url'?: string | undefined },
  io: CliIo,
): OpenDatabaseOptions {
  const dataDir = values['data-dir'];
  const databaseUrl = values['database-url'];
  if (dataDir !== undefined && databaseUrl !== undefined) {
    throw new UsageError('Choose one of --data-dir (embedded PGlite) and --database-url (a PostgreSQL server).');
  }
  if (databaseUrl !== undefined) return { databaseUrl };
  if (dataDir === undefined && io.env.DATABASE_URL) return { databaseUrl: io.env.DATABASE_URL };
  return { dataDir: resolve(io.cwd, dataDir ?? DEFAULT_DATA_DIR) };
}
