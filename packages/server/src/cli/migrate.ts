import { migrate } from '../db/migrate.js';
import { describeDatabase, openDatabase } from '../db/open.js';
import { databaseOptions } from './database-options.js';
import type { CliIo } from './io.js';
import { describeStartupError } from './startup-errors.js';
import { parseCommandArgs } from './usage.js';

export const MIGRATE_HELP = `Usage: tessera migrate [options]

Brings the database schema up to date, then exits. \`serve\` and \`demo\` also do this at start;
run it alone to migrate before rolling out new servers.

Options:
  --data-dir <dir>      PGlite data directory (default .tessera-data)
  --database-url <url>  PostgreSQL URL, instead of PGlite (env DATABASE_URL)
  -h, --help            Show this help
`;

const OPTIONS = {
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `tessera migrate`: applies pending migrations and says which. */
export async function migrateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs('migrate', args, OPTIONS);
  if (values.help) {
    io.stdout(MIGRATE_HELP);
    return 0;
  }
  const database = databaseOptions(values, io);
  const where = describeDatabase(database);
  let db: Awaited<ReturnType<typeof openDatabase>> | undefined;
  try {
    db = await openDatabase(database);
    const { applied } = await migrate(db);
    io.stdout(
      applied.length === 0
        ? `${where} is up to date.\n`
        : `Applied ${applied.length} migration${applied.length === 1 ? '' : 's'} to ${where}: ${applied.join(', ')}.\n`,
    );
    return 0;
  } catch (error) {
    io.stderr(`${describeStartupError(error, database)}\n`);
    return 1;
  } finally {
    await db?.close();
  }
}
