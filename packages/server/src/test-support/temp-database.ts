import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { openDatabase } from '../db/open.js';

/** A migrated PGlite database in a fresh temporary directory. */
export interface TempDatabase {
  db: Database;
  dataDir: string;
  /** Closes the database and deletes the directory. */
  dispose(): Promise<void>;
}

/**
 * Opens PGlite in a new temporary directory and migrates it. Opening takes seconds (initdb), so a
 * test file opens one in `before` and shares it.
 */
export async function openTempDatabase(): Promise<TempDatabase> {
  const root = await mkdtemp(join(tmpdir(), 'tessera-server-test-'));
  const dataDir = join(root, 'data');
  const db = await openDatabase({ dataDir });
  await migrate(db);
  return {
    db,
    dataDir,
    async dispose() {
      await db.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** A temporary directory, removed by `dispose`. */
export async function tempDir(prefix = 'tessera-server-test-'): Promise<{ path: string; dispose(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, dispose: () => rm(path, { recursive: true, force: true }) };
}
