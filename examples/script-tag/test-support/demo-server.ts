/**
 * `tessera demo` as the library e2e test and the time-to-interactive bench start it: on a free port,
 * with a data directory of its own, resolved once it prints that it listens.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface DemoServer {
  /** The demo page, the first URL the command prints (`…/examples/script-tag/`). */
  url: string;
  stop(): Promise<void>;
}

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/** Starts `tessera demo` from the built packages (run `npm run build` first). */
export function startDemoServer(): Promise<DemoServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-demo-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['packages/server/bin/tessera.js', 'demo', '--port', '0', '--data-dir', dataDir],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  return new Promise((resolve, reject) => {
    let first: string | undefined;
    lines.on('line', (line) => {
      const url = /https?:\/\/\S+/.exec(line)?.[0];
      if (url && first === undefined) first = url;
      if (line.startsWith('listening on') && first) resolve({ url: first, stop });
    });
    child.once('exit', (code) => {
      rmSync(dataDir, { recursive: true, force: true });
      reject(new Error(`tessera demo exited with ${code} before it was ready; run \`npm run build\` first.`));
    });
  });
}
