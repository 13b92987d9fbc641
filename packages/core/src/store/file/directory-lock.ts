import { randomUUID } from 'node:crypto';
import { link, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TesseraError } from '../../errors/tessera-error.js';
import { syncDirectory, writeTempFile } from './atomic-write.js';
import { errorCode } from './storage-error.js';

/** The lock file's name inside a store directory. */
export const LOCK_FILE = 'tessera.lock';

/** A held lock on a store directory. */
export interface DirectoryLock {
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): Promise<void>;
}

interface Holder {
  pid: number;
  token: string;
}

async function readHolder(path: string): Promise<Holder | undefined | 'missing'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return 'missing';
    throw error;
  }
  const [pid, token] = text.split('\n');
  const parsed = Number(pid);
  return Number.isSafeInteger(parsed) && parsed > 0 && token ? { pid: parsed, token } : undefined;
}

// Signal 0 checks a process exists without touching it. EPERM: it exists but belongs to another user.
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errorCode(error) !== 'ESRCH';
  }
}

function inUse(directory: string, pid: number): TesseraError {
  const lockPath = join(directory, LOCK_FILE);
  return new TesseraError(
    'storage',
    `The Tessera store in ${directory} is in use by process ${pid}. Close the Tessera instance that has it open (or give this one another directory); if process ${pid} is not Tessera, delete ${lockPath} and try again.`,
  );
}

/**
 * Takes the directory's lock or refuses with a `storage` TesseraError naming the process that
 * holds it. The lock file holds the owner's pid and a random token; one whose process is gone
 * (killed, crashed) is taken over. Another open in this same process is refused too: its pid is
 * alive. Meant for local disks: a pid says nothing about a process on another machine sharing a
 * network directory.
 */
export async function lockDirectory(directory: string): Promise<DirectoryLock> {
  const lockPath = join(directory, LOCK_FILE);
  const token = randomUUID();
  // A few rounds: each lost race against another opener starts over with what is there now.
  for (let round = 0; round < 5; round++) {
    // link() creates the lock complete with its contents or fails with EEXIST: another opener never
    // sees a half-written lock file, which it could mistake for a stale one.
    const temp = await writeTempFile(lockPath, new TextEncoder().encode(`${process.pid}\n${token}\n`));
    try {
      await link(temp, lockPath);
      await syncDirectory(directory);
      return { release: () => release(lockPath, token) };
    } catch (error) {
      // ENOENT: the open sweep of the current holder removed our temp file; look again.
      if (errorCode(error) !== 'EEXIST' && errorCode(error) !== 'ENOENT') throw error;
    } finally {
      await rm(temp, { force: true });
    }
    const holder = await readHolder(lockPath);
    if (holder === 'missing') continue;
    if (holder !== undefined && isRunning(holder.pid)) throw inUse(directory, holder.pid);
    await takeOverStaleLock(directory, lockPath, holder);
  }
  throw new TesseraError(
    'storage',
    `Could not take the lock on the Tessera store in ${directory}: other processes keep opening it at the same time. Open it from one process only.`,
  );
}

/**
 * Moves a stale lock out of the way. The move is checked: if another opener replaced the stale
 * lock with its own live one between our read and our move, its lock is put back and we refuse.
 */
async function takeOverStaleLock(directory: string, lockPath: string, stale: Holder | undefined): Promise<void> {
  const aside = join(directory, `~${LOCK_FILE}.stale.${randomUUID()}`);
  try {
    await rename(lockPath, aside);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  const moved = await readHolder(aside);
  if (typeof moved === 'object' && moved.token !== stale?.token && isRunning(moved.pid)) {
    await link(aside, lockPath).catch(() => {});
    await rm(aside, { force: true });
    throw inUse(directory, moved.pid);
  }
  await rm(aside, { force: true });
  await syncDirectory(directory);
}

async function release(lockPath: string, token: string): Promise<void> {
  const holder = await readHolder(lockPath).catch(() => undefined);
  if (typeof holder !== 'object' || holder.token !== token) return;
  await rm(lockPath, { force: true });
}
