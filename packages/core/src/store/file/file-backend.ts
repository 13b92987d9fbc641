import { randomBytes } from 'node:crypto';
import { lstat, open, readdir, readFile, rm, statfs } from 'node:fs/promises';
import { dirname, join, parse, resolve } from 'node:path';
import { TesseraError } from '../../errors/tessera-error.js';
import {
  dataKeyName,
  type RecordBackend,
  type RecordTable,
  type RowWrite,
  type SecretValue,
  type StoredRow,
} from '../record-backend.js';
import { ensureDirectory, isTempFile, syncDirectory, writeFileAtomically, writeTempFile } from './atomic-write.js';
import { commitFiles, JOURNAL_FILE, type PendingFile, replayJournal } from './commit-journal.js';
import { type DirectoryLock, LOCK_FILE, lockDirectory } from './directory-lock.js';
import { fromFileName, toFileName } from './file-names.js';
import { ReadWriteQueue } from './read-write-queue.js';
import { RowIndex } from './row-index.js';
import { decodeSecret, encodeSecret } from './secret-encoding.js';
import { errorCode, fileStorageError } from './storage-error.js';

/*
 * Layout of a store directory (names are ids run through toFileName()):
 *
 *   format                                    `tessera-file-store 1`
 *   tessera.lock                              pid and token of the process that has it open
 *   journal                                   a multi-file write between its commit point and its end
 *   secrets/<name>                            one file per secret (wrapped data keys, salts, …)
 *   conversations/<conversation>/<table>/<id> one file per row: the sealed body as it is, `iv ‖ ciphertext`
 *   audit/<id>                                one file per audit row
 *   deleting/<conversation>                   a delete between its start and its end
 *
 * One file per row keeps a write cheap however long the conversation: a new message is one small
 * file, and the many rewrites of a streaming message replace one file each time (an append-only
 * log would grow with every rewrite and need compacting). Filing rows by conversation makes
 * deleting one a single directory removal.
 */

const FORMAT = 'tessera-file-store 1\n';
/** What the store keeps at its root (`master.key` is the Node entry's key file). */
const ROOT_FILES = ['format', LOCK_FILE, JOURNAL_FILE, 'master.key', 'secrets', 'conversations', 'audit', 'deleting'];
const CONVERSATION_TABLES = ['conversations', 'messages', 'acus'] as const satisfies readonly RecordTable[];
const TABLES: readonly RecordTable[] = [...CONVERSATION_TABLES, 'audit'];
// Enough reads at once to keep the disk busy without running out of file descriptors.
const READ_CONCURRENCY = 32;

async function readIfPresent(path: string): Promise<Uint8Array<ArrayBuffer> | undefined> {
  try {
    // A fresh copy in its own ArrayBuffer: Node may hand out views of a shared pool.
    return new Uint8Array(await readFile(path));
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

async function listDirectory(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return [];
    throw error;
  }
}

async function mapLimited<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, items.length) }, worker));
  return results;
}

/**
 * A `RecordBackend` on a directory of files, for Node. Every write is atomic and durable (temp
 * file, flush, rename, flush the directory; several rows at once go through a journal), changes
 * are serialized within the process, and the directory is locked against every other open.
 * It keeps bytes and strings only: the record store above it wraps keys and seals rows first,
 * and it refuses a row body that is not sealed bytes.
 */
export class FileBackend implements RecordBackend {
  readonly kind = 'file';
  readonly keepsCryptoKeys = false;
  /** The store's directory, as an absolute path. */
  readonly directory: string;
  readonly #lock: DirectoryLock;
  readonly #index = new RowIndex();
  readonly #queue = new ReadWriteQueue();
  #closed = false;
  /** Set when a change failed past its commit point: only reopening (which finishes it) is safe. */
  #interrupted: unknown;

  private constructor(directory: string, lock: DirectoryLock) {
    this.directory = directory;
    this.#lock = lock;
  }

  /**
   * Opens the store in `directory` (creating it, mode 0700, when missing): takes its lock, finishes
   * or sweeps what a crash interrupted, and indexes the rows. Rejects with a `storage` TesseraError
   * when another process (or another open in this one) has the directory.
   */
  static async open(directory: string): Promise<FileBackend> {
    const root = resolve(directory);
    try {
      // Through ensureDirectory: a new store directory's own entry must survive a crash too.
      await ensureDirectory(parse(root).root, root);
    } catch (error) {
      if (errorCode(error) === 'EEXIST' || errorCode(error) === 'ENOTDIR') {
        const message = `${root} is a file, not a directory. Give the store a directory of its own.`;
        throw new TesseraError('storage', message, { cause: error });
      }
      throw fileStorageError('open the store', root, error, 'Nothing was changed.');
    }
    const lock = await lockDirectory(root).catch((error: unknown) => {
      throw fileStorageError('open the store', root, error, 'Nothing was changed.');
    });
    const backend = new FileBackend(root, lock);
    try {
      await backend.#recover();
    } catch (error) {
      await lock.release().catch(() => {});
      throw fileStorageError('open the store', root, error, 'Try again.');
    }
    return backend;
  }

  /** Whether the store holds anything yet: rows, secrets or an unfinished delete. */
  async hasData(): Promise<boolean> {
    return this.#read('read the store', async () => {
      for (const sub of ['secrets', 'conversations', 'audit', 'deleting']) {
        if ((await listDirectory(join(this.directory, sub))).length > 0) return true;
      }
      return false;
    });
  }

  async write(writes: readonly RowWrite[]): Promise<void> {
    // Everything is checked before the first byte is written, so a refused batch changes nothing.
    const files = new Map<string, { write: RowWrite; body: Uint8Array }>();
    for (const write of writes) {
      const { body, conversationId, id } = write.row;
      if (!(body instanceof Uint8Array)) {
        throw new TesseraError(
          'storage',
          'Could not save: the file store writes only encrypted records, and this one was not sealed. This is a bug in Tessera; nothing was written.',
        );
      }
      if (!TABLES.includes(write.table)) {
        throw new TesseraError('storage', `Could not save: there is no table \`${write.table}\`. Nothing was written.`);
      }
      // The same row twice in one batch: the last one wins, as it would in IndexedDB.
      files.set(this.#rowPath(write.table, id, conversationId), { write, body });
    }
    return this.#change('save', async () => {
      for (const { write } of files.values()) {
        const filedUnder = this.#index.conversationOf(write.table, write.row.id);
        if (filedUnder !== undefined && filedUnder !== write.row.conversationId) {
          throw new TesseraError(
            'storage',
            'Could not save: a record cannot move to another conversation. This is a bug in Tessera; nothing was written.',
          );
        }
      }
      const pending: PendingFile[] = [];
      try {
        for (const [target, { body }] of files) {
          await ensureDirectory(this.directory, dirname(target));
          pending.push({ target, temp: await writeTempFile(target, body) });
        }
      } catch (error) {
        await Promise.all(pending.map((p) => rm(p.temp, { force: true }).catch(() => {})));
        throw error;
      }
      await this.#pastCommitPoint(() => commitFiles(this.directory, pending));
      for (const { write } of files.values()) this.#index.add(write.table, write.row.id, write.row.conversationId);
    });
  }

  async get(table: RecordTable, id: string): Promise<StoredRow | undefined> {
    return this.#read('read the store', async () => {
      const conversationId = this.#index.conversationOf(table, id);
      if (conversationId === undefined) return undefined;
      const body = await readIfPresent(this.#rowPath(table, id, conversationId));
      return body && { id, conversationId, body };
    });
  }

  async list(table: RecordTable, conversationId?: string): Promise<StoredRow[]> {
    return this.#read('read the store', async () => {
      const ids = this.#index.ids(table, conversationId);
      const rows = await mapLimited(ids, async (id) => {
        const owner = this.#index.conversationOf(table, id) ?? '';
        const body = await readIfPresent(this.#rowPath(table, id, owner));
        return body && { id, conversationId: owner, body };
      });
      return rows.filter((row) => row !== undefined);
    });
  }

  async deleteConversation(conversationId: string): Promise<void> {
    const marker = join(this.directory, 'deleting', toFileName(conversationId));
    return this.#change('delete the conversation', async () => {
      // The marker is the point of no return: from here a crash is finished at the next open.
      await ensureDirectory(this.directory, dirname(marker));
      await writeFileAtomically(marker, new Uint8Array(0));
      await this.#pastCommitPoint(() => this.#finishDelete(conversationId));
    });
  }

  async getSecret(name: string): Promise<SecretValue | undefined> {
    const path = this.#secretPath(name);
    return this.#read('read a key', async () => {
      const bytes = await readIfPresent(path);
      return bytes && decodeSecret(bytes);
    });
  }

  async putSecret(name: string, value: SecretValue, options: { ifAbsent?: boolean } = {}): Promise<SecretValue> {
    const path = this.#secretPath(name);
    const bytes = encodeSecret(value);
    return this.#change('save a key', async () => {
      if (options.ifAbsent) {
        const existing = await readIfPresent(path);
        const decoded = existing && decodeSecret(existing);
        if (decoded !== undefined) return decoded;
      }
      await ensureDirectory(this.directory, dirname(path));
      await writeFileAtomically(path, bytes);
      return value;
    });
  }

  async usage(): Promise<{ usedBytes: number; quotaBytes?: number }> {
    return this.#read('measure the store', async () => {
      let usedBytes = 0;
      const walk = async (path: string): Promise<void> => {
        for (const entry of await readdir(path, { withFileTypes: true })) {
          const child = join(path, entry.name);
          if (entry.isDirectory()) await walk(child);
          else usedBytes += (await lstat(child)).size;
        }
      };
      await walk(this.directory);
      // The quota is what the store holds plus what the disk can still give it.
      const disk = await statfs(this.directory).catch(() => undefined);
      return disk ? { usedBytes, quotaBytes: usedBytes + disk.bavail * disk.bsize } : { usedBytes };
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue.idle();
    await this.#lock.release().catch(() => {});
  }

  #rowPath(table: RecordTable, id: string, conversationId: string): string {
    if (table === 'audit') return join(this.directory, 'audit', toFileName(id));
    return join(this.directory, 'conversations', toFileName(conversationId), table, toFileName(id));
  }

  #secretPath(name: string): string {
    return join(this.directory, 'secrets', toFileName(name));
  }

  #checkOpen(): void {
    if (this.#closed) {
      throw new TesseraError('storage', `The Tessera store in ${this.directory} is closed. Open it again to use it.`);
    }
  }

  // Checked when the queued operation runs, not when it is queued: a change queued behind the
  // interrupted one must not run on a half-finished state.
  #checkNotInterrupted(): void {
    if (this.#interrupted !== undefined) {
      throw new TesseraError(
        'storage',
        `An earlier change to the Tessera store in ${this.directory} was interrupted by a disk error. Close the store and open it again: opening finishes that change.`,
        { cause: this.#interrupted },
      );
    }
  }

  #read<T>(action: string, fn: () => Promise<T>): Promise<T> {
    this.#checkOpen();
    return this.#queue.read(async () => {
      this.#checkNotInterrupted();
      try {
        return await fn();
      } catch (error) {
        throw fileStorageError(action, this.directory, error, 'Nothing was changed; try again.');
      }
    });
  }

  #change<T>(action: string, fn: () => Promise<T>): Promise<T> {
    this.#checkOpen();
    return this.#queue.change(async () => {
      this.#checkNotInterrupted();
      try {
        return await fn();
      } catch (error) {
        throw fileStorageError(action, this.directory, error);
      }
    });
  }

  async #pastCommitPoint(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (error) {
      this.#interrupted = error;
      throw new TesseraError(
        'storage',
        `A change to the Tessera store in ${this.directory} was interrupted by a disk error after it was committed. Close the store and open it again: opening finishes it.`,
        { cause: error },
      );
    }
  }

  /**
   * The steps of a delete, in the order that keeps every crash safe: the data key goes first, so
   * from then on what remains is ciphertext nobody can open, removed here or at the next open.
   */
  async #finishDelete(conversationId: string): Promise<void> {
    const secrets = join(this.directory, 'secrets');
    const keyPath = this.#secretPath(dataKeyName(conversationId));
    await overwrite(keyPath);
    await rm(keyPath, { force: true });
    await syncIfPresent(secrets);
    this.#index.removeConversation(conversationId);
    await rm(join(this.directory, 'conversations', toFileName(conversationId)), { recursive: true, force: true });
    await syncIfPresent(join(this.directory, 'conversations'));
    // Flushed: a marker that came back after a crash would delete the conversation's later writes.
    await rm(join(this.directory, 'deleting', toFileName(conversationId)), { force: true });
    await syncIfPresent(join(this.directory, 'deleting'));
  }

  /** Brings the directory to a committed state after a crash, then indexes its rows. */
  async #recover(): Promise<void> {
    const format = await readIfPresent(join(this.directory, 'format'));
    if (format === undefined) {
      // A directory that is not a store yet must be empty: the store sweeps files it takes for its own.
      const foreign = (await readdir(this.directory)).filter(
        (name) => !name.startsWith('.') && !ROOT_FILES.some((file) => name === file || name.startsWith(`~${file}.`)),
      );
      if (foreign.length > 0) {
        throw new TesseraError(
          'storage',
          `${this.directory} already holds other files and is not a Tessera store. Give the store a directory of its own (a new or empty one).`,
        );
      }
      await writeFileAtomically(join(this.directory, 'format'), new TextEncoder().encode(FORMAT));
    } else if (new TextDecoder().decode(format) !== FORMAT) {
      throw new TesseraError(
        'storage',
        `The store in ${this.directory} was written by a newer version of Tessera (or is not a Tessera store). Update Tessera, or choose another directory.`,
      );
    }
    await replayJournal(this.directory);
    for (const name of await listDirectory(join(this.directory, 'deleting'))) {
      const conversationId = fromFileName(name);
      if (conversationId !== undefined) await this.#finishDelete(conversationId);
    }
    await sweepTempFiles(this.directory, ROOT_FILES);
    await sweepTempFiles(join(this.directory, 'secrets'));
    await sweepTempFiles(join(this.directory, 'deleting'));
    await this.#indexRows('audit', join(this.directory, 'audit'), '');
    for (const name of await listDirectory(join(this.directory, 'conversations'))) {
      const conversationId = fromFileName(name);
      if (conversationId === undefined) continue;
      for (const table of CONVERSATION_TABLES) {
        await this.#indexRows(table, join(this.directory, 'conversations', name, table), conversationId);
      }
    }
  }

  async #indexRows(table: RecordTable, directory: string, conversationId: string): Promise<void> {
    await sweepTempFiles(directory);
    for (const name of await listDirectory(directory)) {
      const id = fromFileName(name);
      if (id !== undefined) this.#index.add(table, id, conversationId);
    }
  }
}

/** Removes the temp files of writes that never committed (in the root, only those of `files`). */
async function sweepTempFiles(directory: string, files?: readonly string[]): Promise<void> {
  for (const name of await listDirectory(directory)) {
    if (!isTempFile(name)) continue;
    if (files && !files.some((file) => name.startsWith(`~${file}.`))) continue;
    await rm(join(directory, name), { force: true });
  }
}

async function syncIfPresent(directory: string): Promise<void> {
  try {
    await syncDirectory(directory);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
}

/**
 * Overwrites a wrapped data key with random bytes before it is unlinked. Unlinking alone leaves
 * the bytes in free disk blocks; overwriting in place clears them on simple file systems, though
 * not on copy-on-write ones (btrfs, ZFS, APFS), SSDs that remap writes, or in backups and
 * snapshots. What always holds: the key was wrapped by the master key, so recovering it also
 * takes the master key.
 */
async function overwrite(path: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r+');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    await handle.write(randomBytes(size), 0, size, 0);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Opens (creating when missing) the file store backend in `directory`. */
export function openFileBackend(directory: string): Promise<FileBackend> {
  return FileBackend.open(directory);
}
