import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { DEFAULT_DATA_DIR } from '../db/open.js';
import { DEMO_USER_TOKEN_PATH } from '../http/demo-user-token.js';
import { demoSecretKey, upsertDemoPartner } from '../partners/demo.js';
import type { CliIo } from './io.js';
import { httpUrl } from './listen.js';
import { runServer } from './run-server.js';
import { DEFAULT_HOST, DEFAULT_PORT, portOption } from './serve.js';
import { staticLayout } from './static-dirs.js';
import { parseCommandArgs } from './usage.js';

export const DEMO_HELP = `Usage: tessera demo [options]

Runs the server with a demo partner (publishable key pk_test_demo) allowed from this
server's own origins, and prints the URL of the script-tag demo page. The page gets
user tokens for anonymous visitors from POST ${DEMO_USER_TOKEN_PATH}, which only the demo serves.
Always uses an embedded PGlite directory, never DATABASE_URL.

Options:
  --port <n>        Port to listen on (env PORT; default ${DEFAULT_PORT}; 0 picks a free port)
  --data-dir <dir>  PGlite data directory (default .tessera-data)
  -h, --help        Show this help
`;

const OPTIONS = {
  port: { type: 'string' },
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The path of the demo page. */
export const DEMO_PATH = '/examples/script-tag/';

/**
 * `tessera demo`: `serve` on loopback plus the demo partner, and a route that mints the demo
 * partner's user tokens for anonymous visitors (so the page can use the relay). It ignores
 * `DATABASE_URL` on purpose: a demo must not seed a partner into whatever database the shell
 * happens to point at.
 */
export async function demoCommand(args: readonly string[], io: CliIo, repoRoot: string): Promise<number> {
  const { values } = parseCommandArgs('demo', args, OPTIONS);
  if (values.help) {
    io.stdout(DEMO_HELP);
    return 0;
  }
  const port = portOption(values.port, io);
  const layout = staticLayout(repoRoot, io.env, io.cwd);
  const bundle = join(layout.widgetsDir, 'tessera.js');
  if (!existsSync(bundle)) {
    io.stderr(
      `The widgets are not built (${relative(io.cwd, bundle) || bundle} is missing): run \`npm run build\` at the repository root, then reload the demo page.\n`,
    );
  }
  const host = DEFAULT_HOST;
  // Set once the demo partner is seeded; the token route answers 503 `starting` before.
  let signingKey: string | undefined;
  return runServer({
    port,
    host,
    database: { dataDir: resolve(io.cwd, values['data-dir'] ?? DEFAULT_DATA_DIR) },
    staticDirs: layout.dirs,
    io,
    onListening: (bound) => io.stdout(`Demo: ${httpUrl(host, bound)}${DEMO_PATH}\n`),
    prepare: async (db, bound, masterKey) => {
      await upsertDemoPartner(db, { origins: [httpUrl('127.0.0.1', bound), httpUrl('localhost', bound)] });
      signingKey = await demoSecretKey(db, masterKey);
    },
    demoUserToken: { secretKey: () => signingKey },
    onReady: () => io.stdout('Press Ctrl+C to stop.\n'),
  });
}
