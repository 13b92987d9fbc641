import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Thrown when another live process (or this one) already holds a data directory. */
export class DataDirLockedError extends Error {
  readonly code = 'data_dir_locked';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      pid === process.pid
        ? `The data directory ${dataDir} is already open in this process: close the other database first.`
        : `The data directory ${dataDir} is in use by another Tessera process (pid ${pid}): stop that process, or choose another directory with --data-dir.`,
    );
    this.name = 'DataDirLockedError';
  }
}

/** A held lock; `release()` is idempotent. */
export interface DataDirLock {
  release(): void;
}

const LOCK_FILE = 'tessera.lock';

// PGlite has no lock of its own: two processes opening one directory both start a PostgreSQL on the
// same files and corrupt them. A pid file is what PostgreSQL itself does (postmaster.pid). Locks held
// by this process are tracked too, because a pid check cannot tell two opens in one process apart.
const heldHere = new Set<string>();

/**
 * Takes the data directory for this process, creating the directory if needed. A lock left behind
 * by a process that is no longer running is taken over.
 *
 * @throws {DataDirLockedError} when a running process holds it.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const dir = resolve(dataDir);
  if (heldHere.has(dir)) throw new DataDirLockedError(dir, process.pid);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const holder = readPid(file);
      if (holder !== undefined && holder !== process.pid && isRunning(holder)) {
        throw new DataDirLockedError(dir, holder);
      }
      // Stale: its process is gone, or it is our own pid recycled (pid 1 in every container run).
      rmSync(file, { force: true });
    }
  }
  heldHere.add(dir);
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      heldHere.delete(dir);
      rmSync(file, { force: true });
    },
  };
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user, so it is running.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
