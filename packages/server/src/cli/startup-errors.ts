import { DataDirLockedError } from '../db/data-dir-lock.js';
import { describeDatabase, type OpenDatabaseOptions } from '../db/open.js';
import { redact } from '../http/logger.js';
import { MasterKeyError } from '../secrets/master-key.js';

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET']);

/** One or two lines saying why the database could not be opened or migrated, and what to do. */
export function describeStartupError(error: unknown, database: OpenDatabaseOptions): string {
  if (error instanceof DataDirLockedError || error instanceof MasterKeyError) return error.message;
  const where = describeDatabase(database);
  const code = (error as { code?: unknown } | undefined)?.code;
  const message = redact(error instanceof Error ? error.message : String(error));
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) {
    return `Cannot reach ${where} (${code}): check that it is running and that --database-url (or DATABASE_URL) is right.`;
  }
  if (code === '28P01' || code === '28000') {
    return `${where} refused the credentials: check the user and password in --database-url (or DATABASE_URL).`;
  }
  return `Cannot open ${where}: ${message}`;
}
