import { readFile, rename, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { TesseraError } from '../../errors/tessera-error.js';
import { syncDirectory, writeFileAtomically } from './atomic-write.js';
import { errorCode } from './storage-error.js';

/** The journal's file name inside a store directory. */
export const JOURNAL_FILE = 'journal';

/** A flushed temp file and the file it becomes when the write commits. */
export interface PendingFile {
  temp: string;
  target: string;
}

async function renameAll(files: readonly PendingFile[]): Promise<void> {
  const changed = new Set<string>();
  for (const { temp, target } of files) {
    try {
      await rename(temp, target);
      changed.add(dirname(target));
    } catch (error) {
      // Replaying a journal: this one was renamed before the crash (and may be deleted since).
      if (errorCode(error) !== 'ENOENT') throw error;
    }
  }
  for (const directory of changed) await syncDirectory(directory);
}

/**
 * Commits flushed temp files as one write: afterwards every target holds its new bytes, and after
 * a crash at any moment either all of them do (once the store reopens) or none.
 *
 * One file commits by its rename alone. Several need a journal: the list of renames is itself
 * written atomically first, and its existence is the commit point; a crash during the renames is
 * finished from it at the next open (`replayJournal`). Without it, the temp files are swept.
 */
export async function commitFiles(root: string, files: readonly PendingFile[]): Promise<void> {
  if (files.length === 0) return;
  if (files.length === 1) return renameAll(files);
  const journal = join(root, JOURNAL_FILE);
  const entries = files.map((f) => [relative(root, f.temp), relative(root, f.target)]);
  await writeFileAtomically(journal, new TextEncoder().encode(JSON.stringify({ version: 1, renames: entries })));
  await renameAll(files);
  // Not flushed: if the removal is lost in a crash, replaying finds no temp files left and does nothing.
  await rm(journal, { force: true });
}

function damaged(root: string): TesseraError {
  return new TesseraError(
    'storage',
    `The store in ${root} has a damaged journal file. Restore the directory from a backup, or move ${join(root, JOURNAL_FILE)} away to drop the write it describes.`,
  );
}

// Paths in the journal are relative to the store, so a moved directory still replays; one that
// points outside it is damage, not something to rename.
function inside(root: string, path: unknown): string {
  if (typeof path !== 'string' || isAbsolute(path) || path.split(/[\\/]/).includes('..')) throw damaged(root);
  return join(root, path.split(/[\\/]/).join(sep));
}

/** Finishes a write that a crash interrupted after its commit point. Run at open, before sweeping temp files. */
export async function replayJournal(root: string): Promise<void> {
  const journal = join(root, JOURNAL_FILE);
  let text: string;
  try {
    text = await readFile(journal, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  let renames: unknown;
  try {
    renames = (JSON.parse(text) as { renames?: unknown }).renames;
  } catch {
    renames = undefined;
  }
  if (!Array.isArray(renames)) throw damaged(root);
  const files = renames.map((entry: unknown) => {
    const [temp, target] = Array.isArray(entry) ? entry : [];
    return { temp: inside(root, temp), target: inside(root, target) };
  });
  await renameAll(files);
  await rm(journal, { force: true });
  await syncDirectory(root);
}
