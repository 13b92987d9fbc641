import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The repository root, from this file's place in packages/server/src/test-support. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));

/** A running `tessera` process with its output collected line by line. */
export interface CliProcess {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  /**
   * Resolves with the first stdout line (past or future) that matches; rejects, with everything the
   * process printed, if it exits first or nothing matches within `withinMs` (a guard against a hung
   * run, not a performance check).
   */
  waitForLine(pattern: RegExp, withinMs?: number): Promise<string>;
  /** Resolves with the exit code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Runs the CLI from its TypeScript source, as `npm start` would run the built one. The environment
 * is cleared of variables that would change what the CLI does, then `env` is added.
 */
const running = new Set<ChildProcess>();

/** Kills every CLI process still running, so a failed test cannot leave one behind holding its pipes. */
export function killRunningClis(): void {
  for (const child of running) child.kill('SIGKILL');
}

export function spawnCli(args: string[], env: Record<string, string> = {}): CliProcess {
  const clean = { ...process.env };
  for (const name of ['PORT', 'DATABASE_URL', 'TESSERA_WIDGETS_DIR', 'TESSERA_EXAMPLES_DIR']) delete clean[name];
  const child = spawn(process.execPath, ['--conditions=tessera-source', '--import', 'tsx', CLI, ...args], {
    cwd: REPO_ROOT,
    env: { ...clean, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const stdout: string[] = [];
  const stderr: string[] = [];
  const waiters: Array<{ pattern: RegExp; resolve(line: string): void }> = [];
  // 'close', not 'exit': it comes once stdout and stderr are drained, so every line is collected.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  const out = createInterface({ input: child.stdout! });
  out.on('line', (line) => {
    stdout.push(line);
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(line)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  const outClosed = new Promise((resolve) => out.once('close', resolve));
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  return {
    child,
    stdout,
    stderr,
    exited,
    waitForLine(pattern, withinMs = 60_000) {
      const seen = stdout.find((line) => pattern.test(line));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const fail = (why: string) =>
          reject(new Error(`${why} ${pattern}.\nstdout:\n${stdout.join('\n')}\nstderr:\n${stderr.join('\n')}`));
        const timer = setTimeout(() => fail(`No line within ${withinMs} ms matched`), withinMs);
        waiters.push({
          pattern,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
        outClosed.then(() => {
          clearTimeout(timer);
          fail('The CLI ended without printing');
        });
      });
    },
  };
}
