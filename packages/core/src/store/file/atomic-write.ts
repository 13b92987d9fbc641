import { randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

// Temp files start with `~`, which no encoded name contains (see file-names.ts): at open, anything
// starting with `~` is a write that never committed and is swept.
const TEMP_PREFIX = '~';

/** Whether a directory entry is an uncommitted temp file. */
export function isTempFile(fileName: string): boolean {
  return fileName.startsWith(TEMP_PREFIX);
}

/**
 * Makes a directory's entries durable (a rename into it, a new file, a removal). Windows cannot
 * open a directory to flush it, and NTFS journals renames itself, so there this does nothing.
 */
export async function syncDirectory(directory: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Creates `directory` and any missing parents down from `root`, flushing each parent so the new
 * entry survives a crash (a file renamed into a directory whose own entry was lost is lost too).
 */
export async function ensureDirectory(root: string, directory: string): Promise<void> {
  const created = await mkdir(directory, { recursive: true, mode: 0o700 });
  if (created === undefined) return;
  // `created` is the first directory made; flush its parent and every directory made below it.
  for (let dir = directory; ; dir = dirname(dir)) {
    if (dirname(dir) === dir) break;
    await syncDirectory(dirname(dir));
    if (dir === created || dir === root) break;
  }
}

/**
 * Writes `bytes` to a new temp file beside `path`, flushed to disk, and returns the temp file's
 * path: renaming it onto `path` is then the commit.
 */
export async function writeTempFile(path: string, bytes: Uint8Array, mode = 0o600): Promise<string> {
  const temp = join(dirname(path), `${TEMP_PREFIX}${basename(path)}.${randomUUID()}`);
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => {});
    await rm(temp, { force: true }).catch(() => {});
    throw error;
  }
  await handle.close();
  return temp;
}

/**
 * Replaces `path` with `bytes` all at once: after a crash at any moment the file holds either the
 * old bytes or the new ones, never a mix. The parent directory must exist.
 */
export async function writeFileAtomically(path: string, bytes: Uint8Array, mode = 0o600): Promise<void> {
  const temp = await writeTempFile(path, bytes, mode);
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => {});
    throw error;
  }
  await syncDirectory(dirname(path));
}
