import type { Database } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { describeDatabase, type OpenDatabaseOptions, openDatabase } from '../db/open.js';
import { createApp } from '../http/app.js';
import type { DemoUserTokenOptions } from '../http/demo-user-token.js';
import { createJsonLogger } from '../http/logger.js';
import { createNodeServer } from '../http/node-server.js';
import type { StaticDirs } from '../http/static-files.js';
import { checkMasterKey, loadMasterKey, type MasterKey } from '../secrets/master-key.js';
import type { CliIo } from './io.js';
import { closeGracefully, httpUrl, ListenError, listen } from './listen.js';
import { describeStartupError } from './startup-errors.js';

/** How `serve` and `demo` run the server; they differ only in the hooks. */
export interface RunServerOptions {
  port: number;
  host: string;
  database: OpenDatabaseOptions;
  staticDirs: StaticDirs;
  io: CliIo;
  /** Right after the port is bound, before the database opens. */
  onListening?(port: number): void;
  /** After migrating, before the server reports ready (the demo seeds its partner here). */
  prepare?(db: Database, port: number, masterKey: MasterKey): Promise<void>;
  /** The demo's token route (`tessera demo` only). */
  demoUserToken?: DemoUserTokenOptions;
  /** After the `listening on` line. */
  onReady?(port: number): void;
}

/**
 * Listens first, so `/health` answers while the database opens (a new PGlite directory takes
 * seconds), then opens and migrates the database and reports ready. Resolves with the exit code
 * once `io.stop` fires and the shutdown is done: no new connections, in-flight requests answered,
 * database closed.
 */
export async function runServer(options: RunServerOptions): Promise<number> {
  const { io, host } = options;
  const logger = createJsonLogger(io.stdout);
  let db: Database | undefined;
  let ready = false;
  // Loaded once the database is open (and its directory locked), so a key file is only ever made by
  // the process that holds the directory.
  let masterKey: MasterKey | undefined;
  const app = createApp({
    db: () => db,
    isReady: () => ready,
    staticDirs: options.staticDirs,
    logger,
    masterKey: () => masterKey,
    ...(io.env.TESSERA_PUBLIC_URL ? { publicOrigin: new URL(io.env.TESSERA_PUBLIC_URL).origin } : {}),
    ...(options.demoUserToken ? { demoUserToken: options.demoUserToken } : {}),
  });
  const server = createNodeServer(app, logger);

  let port: number;
  try {
    port = await listen(server, options.port, host);
  } catch (error) {
    if (error instanceof ListenError) {
      io.stderr(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
  options.onListening?.(port);

  const stopped = new Promise<'stopped'>((resolveStop) => {
    if (io.stop.aborted) resolveStop('stopped');
    io.stop.addEventListener('abort', () => resolveStop('stopped'), { once: true });
  });
  const startup = (async () => {
    db = await openDatabase(options.database);
    const { applied } = await migrate(db);
    const key = loadMasterKey({
      env: io.env,
      dataDir: options.database.databaseUrl ? undefined : options.database.dataDir,
    }).key;
    await checkMasterKey(db, key);
    masterKey = key;
    logger.info('database_ready', { database: describeDatabase(options.database), migrationsApplied: applied.length });
    await options.prepare?.(db, port, key);
    return 'started' as const;
  })();

  let exitCode = 0;
  try {
    if ((await Promise.race([startup, stopped])) === 'started') {
      ready = true;
      io.stdout(`listening on ${httpUrl(host, port)}\n`);
      options.onReady?.(port);
      await stopped;
    }
  } catch (error) {
    io.stderr(`${describeStartupError(error, options.database)}\n`);
    exitCode = 1;
  }

  // Stopped during startup or after: either way the database may be opening still, and must be
  // closed only once it has opened, or its directory stays locked.
  ready = false;
  await closeGracefully(server);
  await startup.catch(() => {});
  await db?.close();
  logger.info('stopped', { exitCode });
  return exitCode;
}
