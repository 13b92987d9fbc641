/**
 * Sealed rows in the browser's IndexedDB (through `idb`), database version 3. Versions 1 and 2
 * kept records in plaintext (`conversations`, `messages`, `acus`, `signingKeys`): those stores are
 * kept on upgrade and offered as `legacy`, which the record store seals conversation by
 * conversation after open and empties. Empty, they stay behind: dropping them would need another
 * version change, which would have to wait for every other open tab.
 */
import { type DBSchema, type IDBPDatabase, type IDBPTransaction, openDB, type StoreNames } from 'idb';
import type { Acu } from '../acu/schema.js';
import { TesseraError } from '../errors/tessera-error.js';
import type { LegacyConversation, LegacyPlaintext } from './legacy-plaintext.js';
import {
  dataKeyName,
  type RecordBackend,
  type RecordTable,
  type RowWrite,
  type SecretValue,
  type StoredRow,
} from './record-backend.js';
import type { ConversationRecord, MessageRecord } from './schema.js';

interface SealedDB extends DBSchema {
  'sealed-conversations': { key: string; value: StoredRow; indexes: { byConversation: [string, string] } };
  'sealed-messages': { key: string; value: StoredRow; indexes: { byConversation: [string, string] } };
  'sealed-acus': { key: string; value: StoredRow; indexes: { byConversation: [string, string] } };
  'sealed-audit': { key: string; value: StoredRow; indexes: { byConversation: [string, string] } };
  /** Out-of-line keys: the secret's name. */
  secrets: { key: string; value: SecretValue };
  // Versions 1 and 2, plaintext, until sealed.
  conversations: { key: string; value: ConversationRecord };
  messages: { key: string; value: MessageRecord; indexes: { byConversation: [string, string] } };
  acus: { key: string; value: Acu; indexes: { byConversation: [string, string] } };
  signingKeys: { key: string; value: CryptoKeyPair };
}

type SealedStore = 'sealed-conversations' | 'sealed-messages' | 'sealed-acus' | 'sealed-audit';

const VERSION = 3;

const STORE: Record<RecordTable, SealedStore> = {
  conversations: 'sealed-conversations',
  messages: 'sealed-messages',
  acus: 'sealed-acus',
  audit: 'sealed-audit',
};
const SEALED_STORES = Object.values(STORE);
const LEGACY_ROWS = ['conversations', 'messages', 'acus'] as const;

/** Every `[conversationId, id]` index key of one conversation: arrays sort after strings, so `[id, []]` ends it. */
function conversationRange(conversationId: string): IDBKeyRange {
  return IDBKeyRange.bound([conversationId], [conversationId, []]);
}

function storageError(action: string, error: unknown): TesseraError {
  if (error instanceof TesseraError) return error;
  const name = typeof error === 'object' && error !== null ? (error as { name?: string }).name : undefined;
  const message =
    name === 'QuotaExceededError'
      ? `Could not ${action}: this browser's storage for the site is full. Free some space (or export and delete old conversations), then try again. Nothing already saved was changed.`
      : name === 'VersionError'
        ? `Could not ${action}: the saved data was written by a newer version of Tessera. Reload the page to get the latest version.`
        : `Could not ${action} in this browser's storage. Nothing already saved was changed; try again, and reload the page if it keeps failing.`;
  return new TesseraError('storage', message, { cause: error, retryable: name !== 'VersionError' });
}

function openDatabase(name: string): Promise<IDBPDatabase<SealedDB>> {
  let reject: (error: TesseraError) => void = () => {};
  const blocked = new Promise<never>((_, r) => {
    reject = r;
  });
  const opened = openDB<SealedDB>(name, VERSION, {
    upgrade(db, oldVersion) {
      // Versions 1 and 2 had only plaintext stores; they stay (see the module comment).
      if (oldVersion < 3) {
        for (const store of SEALED_STORES) {
          db.createObjectStore(store, { keyPath: 'id' }).createIndex('byConversation', ['conversationId', 'id']);
        }
        db.createObjectStore('secrets');
      }
    },
    // Another tab holds an older version open: waiting silently would hang the chat forever.
    blocked() {
      reject(
        new TesseraError(
          'storage',
          'Tessera could not update its storage because another tab still has an older version open. Close the other tabs of this site and reload.',
        ),
      );
    },
    blocking() {
      void opened.then((db) => db.close());
    },
  }).catch((error: unknown) => {
    throw storageError('open saved conversations', error);
  });
  blocked.catch(() => {});
  const ready = Promise.race([opened, blocked]);
  ready.catch(() => {});
  return ready;
}

/** The rows of a legacy store that belong to one conversation. */
async function legacyKeys(
  tx: IDBPTransaction<SealedDB, StoreNames<SealedDB>[], 'readonly' | 'readwrite'>,
  store: (typeof LEGACY_ROWS)[number],
  conversationId: string,
): Promise<string[]> {
  if (!tx.objectStoreNames.contains(store)) return [];
  if (store === 'conversations') {
    return (await tx.objectStore(store).count(conversationId)) > 0 ? [conversationId] : [];
  }
  return tx.objectStore(store).index('byConversation').getAllKeys(conversationRange(conversationId));
}

export class IndexedDbBackend implements RecordBackend {
  readonly kind = 'indexeddb';
  readonly keepsCryptoKeys = true;
  readonly legacy: LegacyPlaintext;
  readonly #db: Promise<IDBPDatabase<SealedDB>>;

  /** Opens (creating or upgrading) the database. Throws a `storage` TesseraError where there is no IndexedDB. */
  constructor(name: string) {
    if (typeof indexedDB === 'undefined') {
      throw new TesseraError('storage', 'IndexedDB is not available here. Use the memory store instead.');
    }
    this.#db = openDatabase(name);
    this.legacy = this.#legacy();
  }

  async #run<T>(action: string, fn: (db: IDBPDatabase<SealedDB>) => Promise<T>): Promise<T> {
    const db = await this.#db;
    try {
      return await fn(db);
    } catch (error) {
      throw storageError(action, error);
    }
  }

  write(writes: readonly RowWrite[]): Promise<void> {
    return this.#run('save your conversations', async (db) => {
      const stores = [...new Set(writes.map(({ table }) => STORE[table]))];
      const tx = db.transaction(stores, 'readwrite');
      await Promise.all([...writes.map(({ table, row }) => tx.objectStore(STORE[table]).put(row)), tx.done]);
    });
  }

  get(table: RecordTable, id: string): Promise<StoredRow | undefined> {
    return this.#run('read your conversations', (db) => db.get(STORE[table], id));
  }

  list(table: RecordTable, conversationId?: string): Promise<StoredRow[]> {
    return this.#run('read your conversations', (db) =>
      conversationId === undefined
        ? db.getAll(STORE[table])
        : db.getAllFromIndex(STORE[table], 'byConversation', conversationRange(conversationId)),
    );
  }

  deleteConversation(conversationId: string): Promise<void> {
    return this.#run('delete the conversation', async (db) => {
      // Rows and data key in one transaction: either the conversation is shredded or nothing changed.
      const tx = db.transaction([...SEALED_STORES, 'secrets'], 'readwrite');
      const range = conversationRange(conversationId);
      await Promise.all([
        ...SEALED_STORES.map(async (store) => {
          const keys = await tx.objectStore(store).index('byConversation').getAllKeys(range);
          await Promise.all(keys.map((key) => tx.objectStore(store).delete(key)));
        }),
        tx.objectStore('secrets').delete(dataKeyName(conversationId)),
        tx.done,
      ]);
    });
  }

  getSecret(name: string): Promise<SecretValue | undefined> {
    return this.#run('read the keys of your saved conversations', (db) => db.get('secrets', name));
  }

  putSecret(name: string, value: SecretValue, options: { ifAbsent?: boolean } = {}): Promise<SecretValue> {
    return this.#run('save the keys of your saved conversations', async (db) => {
      const tx = db.transaction('secrets', 'readwrite');
      const existing = options.ifAbsent ? await tx.store.get(name) : undefined;
      if (existing === undefined) await tx.store.put(value, name);
      await tx.done;
      return existing ?? value;
    });
  }

  async usage(): Promise<{ usedBytes: number; quotaBytes?: number } | undefined> {
    // For the whole origin: the browser does not report one database's size.
    const estimate = await globalThis.navigator?.storage?.estimate?.().catch(() => undefined);
    if (!estimate) return undefined;
    return { usedBytes: estimate.usage ?? 0, ...(estimate.quota === undefined ? {} : { quotaBytes: estimate.quota }) };
  }

  async close(): Promise<void> {
    (await this.#db.catch(() => undefined))?.close();
  }

  #legacy(): LegacyPlaintext {
    const run = <T>(fn: (db: IDBPDatabase<SealedDB>) => Promise<T>) =>
      this.#run('upgrade your saved conversations', fn);
    const present = (db: IDBPDatabase<SealedDB>) => LEGACY_ROWS.filter((store) => db.objectStoreNames.contains(store));

    return {
      conversationIds: () =>
        run(async (db) => {
          const ids = new Set<string>();
          const stores = present(db);
          if (stores.length === 0) return [];
          const tx = db.transaction(stores, 'readonly');
          for (const store of stores) {
            if (store === 'conversations') {
              for (const id of await tx.objectStore(store).getAllKeys()) ids.add(id);
              continue;
            }
            // One step per conversation, not per row: jump past the rest of each conversation's keys.
            let cursor = await tx.objectStore(store).index('byConversation').openKeyCursor();
            while (cursor) {
              const [conversationId] = cursor.key;
              ids.add(conversationId);
              cursor = await cursor.continue([conversationId, []] as unknown as [string, string]);
            }
          }
          await tx.done;
          return [...ids];
        }),

      read: (conversationId) =>
        run(async (db) => {
          const found: LegacyConversation = { messages: [], acus: [] };
          const stores = present(db);
          const tx = db.transaction(stores, 'readonly');
          const range = conversationRange(conversationId);
          if (stores.includes('conversations'))
            found.conversation = await tx.objectStore('conversations').get(conversationId);
          if (stores.includes('messages'))
            found.messages = await tx.objectStore('messages').index('byConversation').getAll(range);
          if (stores.includes('acus')) found.acus = await tx.objectStore('acus').index('byConversation').getAll(range);
          await tx.done;
          return found;
        }),

      replace: (conversationId, writes) =>
        run(async (db) => {
          const legacyStores = present(db);
          const tx = db.transaction([...legacyStores, ...SEALED_STORES], 'readwrite');
          const plaintext = await Promise.all(
            legacyStores.map(async (store) => [store, await legacyKeys(tx, store, conversationId)] as const),
          );
          if (plaintext.some(([, keys]) => keys.length > 0)) {
            await Promise.all([
              ...writes.map(({ table, row }) => tx.objectStore(STORE[table]).put(row)),
              ...plaintext.flatMap(([store, keys]) => keys.map((key) => tx.objectStore(store).delete(key))),
            ]);
          }
          await tx.done;
        }),

      signingKeys: () =>
        run(async (db) => {
          if (!db.objectStoreNames.contains('signingKeys')) return [];
          const pairs: Array<[string, CryptoKeyPair]> = [];
          let cursor = await db.transaction('signingKeys').store.openCursor();
          while (cursor) {
            pairs.push([cursor.key, cursor.value]);
            cursor = await cursor.continue();
          }
          return pairs;
        }),

      deleteSigningKey: (ownerId) =>
        run(async (db) => {
          if (db.objectStoreNames.contains('signingKeys')) await db.delete('signingKeys', ownerId);
        }),
    };
  }
}
