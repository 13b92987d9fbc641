/**
 * `@tessera/core/node`: what only Node can do. Kept out of the main entry so no `node:` import
 * ever reaches a browser bundle.
 */
import { join } from 'node:path';
import * as z from 'zod/mini';
import { parseOrThrow } from './errors/validation.js';
import { FileBackend } from './store/file/file-backend.js';
import { readOrCreateKeyFile } from './store/file/key-file.js';
import { createRecordStore } from './store/record-store.js';
import type { StoreAdapter } from './store/store-adapter.js';

const fileStoreOptionsSchema = z.strictObject({
  directory: z.string().check(z.minLength(1, 'must name a directory.')),
  passphrase: z.optional(z.string()),
});

// No conversation has this id (ids are UUIDs): reading it only opens the master key.
const OPEN_CHECK_ID = 'open-check';

/** Options of {@link openFileStore}. */
export interface FileStoreOptions {
  /** The store's own directory: created (mode 0700) when missing; an existing one must be empty or a Tessera store. */
  directory: string;
  /**
   * The passphrase the master key is derived from (PBKDF2-SHA-256). Leave it out to use a key file
   * instead, `<directory>/master.key`.
   */
  passphrase?: string;
}

/**
 * Opens (or creates) an encrypted store in a directory, for Node. Pass the result as
 * `createTessera({ store: await openFileStore({ directory }) })`.
 *
 * Every record (conversations, messages, ACUs, the audit log) is encrypted with AES-GCM-256 under
 * its conversation's data key before it is written; data keys are kept only wrapped by the master
 * key. Deleting a conversation destroys its data key first (crypto-shredding), so copies of its
 * files taken earlier cannot be opened afterwards. Writes are atomic: after a crash or a kill
 * at any moment each write is there entirely or not at all.
 *
 * Where the master key comes from decides what the encryption protects against:
 * - **key file** (no `passphrase`): 32 random bytes in `<directory>/master.key`, created once with
 *   mode 0600; a file with wider permissions is refused. It protects a copy of the directory taken
 *   *without* the key file (a backup of the data alone, a synced folder that excludes it). It does
 *   not protect against anyone who can read both, such as another process running as the same
 *   user, root, or a backup of the whole directory. Back the key file up separately: without it the
 *   data cannot be read.
 * - **passphrase**: nothing that opens the data is on disk. It protects the whole directory,
 *   copied or stolen, as well as the passphrase is strong; it does not protect against code running
 *   in this process while the store is open. A lost passphrase cannot be recovered.
 *
 * Neither protects data while the store is open (keys are in this process's memory), nor hides
 * ids, counts, sizes and write times, which the file names and sizes show.
 *
 * One process at a time: a second open of the directory (from another process, or this one) is
 * refused with a `storage` TesseraError naming the process that holds it; a lock left by a process
 * that is gone is taken over. Close the store (`tessera.close()`) to release it.
 *
 * @throws TesseraError `validation` for bad options; `storage` when the directory is in use, is not
 *   a Tessera store, cannot be written, or its key file is missing or readable by other users.
 */
export async function openFileStore(options: FileStoreOptions): Promise<StoreAdapter> {
  const { directory, passphrase } = parseOrThrow(fileStoreOptionsSchema, options, 'openFileStore() options');
  const backend = await FileBackend.open(directory);
  try {
    let store: StoreAdapter;
    if (passphrase !== undefined) {
      store = createRecordStore(backend, { type: 'passphrase', passphrase });
    } else {
      const keyPath = join(backend.directory, 'master.key');
      const key = await readOrCreateKeyFile(keyPath, {
        // A key made up for a store that already holds data would open nothing: only a new store gets one.
        create: !(await backend.hasData()),
        missing: `The store in ${backend.directory} holds data but its key file ${keyPath} is missing. Put the key file back from your backup, or, if the store was created with a passphrase, pass that passphrase.`,
      });
      store = createRecordStore(backend, { type: 'key-file', key });
    }
    // The record store opens its master key on first use: a read of nothing makes that happen here,
    // so a wrong passphrase or key file is refused by this call (and the lock released), not later.
    await store.getConversation(OPEN_CHECK_ID);
    return store;
  } catch (error) {
    await backend.close();
    throw error;
  }
}
