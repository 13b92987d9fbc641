import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The variable that points the tests at an existing PostgreSQL instead of a throwaway one. */
export const TEST_DATABASE_URL_VARIABLE = 'TESSERA_TEST_DATABASE_URL';

/** A PostgreSQL the tests may use, and how to get rid of it. */
export interface RealPostgres {
  url: string;
  /** Where it came from, for the test names. */
  description: string;
  stop(): Promise<void>;
  /**
   * Stops and starts the server while keeping its data, to test what happens when the database is
   * lost and comes back. Only a throwaway cluster can; one given by URL is not ours to stop.
   */
  outage?: { down(): Promise<void>; up(): Promise<void> };
}

interface Binaries {
  dir: string;
  /** How to run a command as a user PostgreSQL accepts (it refuses to run as root). */
  asPostgres: (command: string, args: string[]) => [string, string[]];
}

/**
 * Finds Debian's PostgreSQL (`/usr/lib/postgresql/<version>/bin`), and a way to run it: directly,
 * or, as root, as the `postgres` user through `runuser`. Returns why not when it cannot.
 */
export function findPostgres(): Binaries | { skip: string } {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((version) => existsSync(join(root, version, 'bin', 'initdb')))
        .sort((x, y) => Number(y) - Number(x))
    : [];
  const version = versions[0];
  if (!version) {
    return {
      skip: `no PostgreSQL server here (install Debian's with \`apt-get install -y postgresql\`, or set ${TEST_DATABASE_URL_VARIABLE})`,
    };
  }
  const dir = join(root, version, 'bin');
  if (process.getuid?.() !== 0) return { dir, asPostgres: (command, args) => [command, args] };
  const runuser = ['/usr/sbin/runuser', '/sbin/runuser'].find((path) => existsSync(path));
  const hasUser = spawnSync('id', ['-u', 'postgres']).status === 0;
  if (!runuser || !hasUser) {
    return { skip: 'running as root without a postgres user and runuser to start PostgreSQL as' };
  }
  return { dir, asPostgres: (command, args) => [runuser, ['-u', 'postgres', '--', command, ...args]] };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('No port was assigned.');
  return address.port;
}

/**
 * A PostgreSQL for the data-layer tests: the one `TESSERA_TEST_DATABASE_URL` names, or a throwaway
 * cluster made here with `initdb` in a temporary directory, listening on 127.0.0.1 on a free port
 * with a random password, and deleted by `stop()`. Returns `{ skip }` with the reason when neither
 * is possible.
 */
export async function startRealPostgres(): Promise<RealPostgres | { skip: string }> {
  const given = process.env[TEST_DATABASE_URL_VARIABLE];
  if (given)
    return { url: given, description: `the PostgreSQL in ${TEST_DATABASE_URL_VARIABLE}`, stop: async () => {} };
  const found = findPostgres();
  if ('skip' in found) return found;

  const root = mkdtempSync(join(tmpdir(), 'tessera-pg-'));
  const data = join(root, 'data');
  const password = randomBytes(18).toString('base64url');
  const passwordFile = join(root, 'password');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(root, uid, gid);
    chownSync(passwordFile, uid, gid);
  }
  const run = (binary: string, args: string[]) => {
    const [command, argv] = found.asPostgres(join(found.dir, binary), args);
    const result = spawnSync(command, argv, { encoding: 'utf8', timeout: 120_000, cwd: root });
    if (result.status !== 0) {
      throw new Error(`${binary} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout}`);
    }
  };
  // Without blocking the event loop, so clients see their connections end as they would in a
  // real outage, while it happens.
  const runAsync = (binary: string, args: string[]) =>
    new Promise<void>((resolve, reject) => {
      const [command, argv] = found.asPostgres(join(found.dir, binary), args);
      execFile(command, argv, { timeout: 120_000, cwd: root }, (error, stdout, stderr) =>
        error ? reject(new Error(`${binary} failed: ${stderr || stdout || error.message}`)) : resolve(),
      );
    });
  const port = await freePort();
  // fsync off: a throwaway cluster, where speed matters and durability does not.
  const startArgs = [
    '-D',
    data,
    '-l',
    join(root, 'server.log'),
    '-o',
    `-p ${port} -h 127.0.0.1 -k ${root} -F`,
    '-w',
    '-t',
    '60',
    'start',
  ];
  try {
    run('initdb', [
      '-D',
      data,
      '-U',
      'tessera',
      '--auth=scram-sha-256',
      `--pwfile=${passwordFile}`,
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    run('pg_ctl', startArgs);
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    return { skip: `could not start a throwaway PostgreSQL: ${(error as Error).message.split('\n')[0]}` };
  }
  return {
    url: `postgres://tessera:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    description: `a throwaway PostgreSQL on 127.0.0.1:${port}`,
    outage: {
      // `fast` ends every session at once, as a crash or a failover does for the clients.
      down: () => runAsync('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
      up: () => runAsync('pg_ctl', startArgs),
    },
    async stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
