import { databaseOptions } from './database-options.js';
import type { CliIo } from './io.js';
import { runServer } from './run-server.js';
import { staticLayout } from './static-dirs.js';
import { parseCommandArgs, parsePort } from './usage.js';

/** The default port of `serve` and `demo`. */
export const DEFAULT_PORT = 8787;
/** The default host: loopback, so nothing is exposed to the network unless asked. */
export const DEFAULT_HOST = '127.0.0.1';

export const SERVE_HELP = `Usage: tessera serve [options]

Runs the hosted API, the built widgets (/widgets/) and the script-tag example.
Data lives in an embedded PGlite directory, or in PostgreSQL with --database-url.

Options:
  --port <n>            Port to listen on (env PORT; default ${DEFAULT_PORT}; 0 picks a free port)
  --host <host>         Address to listen on (default ${DEFAULT_HOST}; 0.0.0.0 for every interface)
  --data-dir <dir>      PGlite data directory (default .tessera-data)
  --database-url <url>  PostgreSQL URL, instead of PGlite (env DATABASE_URL)
  -h, --help            Show this help
`;

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `tessera serve`: runs the server until SIGINT or SIGTERM. */
export async function serveCommand(args: readonly string[], io: CliIo, repoRoot: string): Promise<number> {
  const { values } = parseCommandArgs('serve', args, OPTIONS);
  if (values.help) {
    io.stdout(SERVE_HELP);
    return 0;
  }
  const port = portOption(values.port, io);
  const database = databaseOptions(values, io);
  return runServer({
    port,
    host: values.host ?? DEFAULT_HOST,
    database,
    staticDirs: staticLayout(repoRoot, io.env, io.cwd).dirs,
    io,
  });
}

/** `--port`, else `PORT`, else the default. */
export function portOption(flag: string | undefined, io: CliIo): number {
  if (flag !== undefined) return parsePort(flag, '--port');
  if (io.env.PORT) return parsePort(io.env.PORT, 'PORT');
  return DEFAULT_PORT;
}
