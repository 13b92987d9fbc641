import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { Acu } from '../acu/schema.js';
import { TesseraError } from '../errors/tessera-error.js';
import type { ConversationRecord, MessageRecord } from './schema.js';
import type { StoreAdapter } from './store-adapter.js';

interface TesseraDB extends DBSchema {
  conversations: { key: string; value: ConversationRecord; indexes: { byUpdatedAt: string } };
  messages: { key: string; value: MessageRecord; indexes: { byConversation: [string, string] } };
  acus: { key: string; value: Acu; indexes: { byConversation: [string, string] } };
  /** Key pairs as `CryptoKey` objects: IndexedDB keeps them usable without making them readable. */
  signingKeys: { key: string; value: CryptoKeyPair };
}

const VERSION = 2;

function storageError(action: string, error: unknown): TesseraError {
  const name = typeof error === 'object' && error !== null ? (error as { name?: string }).name : undefined;
  const message =
    name === 'QuotaExceededError'
      ? `Could not ${action}: this browser's storage for the site is full. Free some space (or export and delete old conversations), then try again. Nothing already saved was changed.`
      : name === 'VersionError'
        ? `Could not ${action}: the saved data was written by a newer version of Tessera. Reload the page to get the latest version.`
        : `Could not ${action} in this browser's storage. Nothing already saved was changed; try again, and reload the page if it keeps failing.`;
  return new TesseraError('storage', message, { cause: error, retryable: name !== 'VersionError' });
}

/** Stores conversations in the browser's IndexedDB through `idb`. */
export class IndexedDbStore implements StoreAdapter {
  readonly kind = 'indexeddb';
  readonly #db: Promise<IDBPDatabase<TesseraDB>>;

  private constructor(db: Promise<IDBPDatabase<TesseraDB>>) {
    this.#db = db;
  }

  /** Opens (and creates or upgrades) the database. Rejects with a `storage` TesseraError. */
  static open(name: string): IndexedDbStore {
    if (typeof indexedDB === 'undefined') {
      throw new TesseraError('storage', 'IndexedDB is not available here. Use the memory store instead.');
    }
    let reject: (error: TesseraError) => void = () => {};
    const blocked = new Promise<never>((_, r) => {
      reject = r;
    });
    const opened = openDB<TesseraDB>(name, VERSION, {
      upgrade(db, oldVersion) {
        if (oldVersion < 1) {
          db.createObjectStore('conversations', { keyPath: 'id' }).createIndex('byUpdatedAt', 'updatedAt');
          db.createObjectStore('messages', { keyPath: 'id' }).createIndex('byConversation', ['conversationId', 'id']);
        }
        if (oldVersion < 2) {
          db.createObjectStore('acus', { keyPath: 'id' }).createIndex('byConversation', [
            'metadata.conversationId',
            'id',
          ]);
          db.createObjectStore('signingKeys');
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
    return new IndexedDbStore(Promise.race([opened, blocked]));
  }

  async #run<T>(action: string, fn: (db: IDBPDatabase<TesseraDB>) => Promise<T>): Promise<T> {
    const db = await this.#db;
    try {
      return await fn(db);
    } catch (error) {
      throw storageError(action, error);
    }
  }

  putConversation(conversation: ConversationRecord): Promise<void> {
    return this.#run('save the conversation', async (db) => {
      await db.put('conversations', conversation);
    });
  }

  getConversation(id: string): Promise<ConversationRecord | undefined> {
    return this.#run('read the conversation', (db) => db.get('conversations', id));
  }

  listConversations(): Promise<ConversationRecord[]> {
    return this.#run('list conversations', async (db) => {
      const all = await db.getAllFromIndex('conversations', 'byUpdatedAt');
      return all.reverse();
    });
  }

  deleteConversation(id: string): Promise<void> {
    return this.#run('delete the conversation', async (db) => {
      const tx = db.transaction(['conversations', 'messages', 'acus'], 'readwrite');
      const range = IDBKeyRange.bound([id, ''], [id, '\uffff']);
      const messageKeys = await tx.objectStore('messages').index('byConversation').getAllKeys(range);
      const acuKeys = await tx.objectStore('acus').index('byConversation').getAllKeys(range);
      await Promise.all([
        ...messageKeys.map((key) => tx.objectStore('messages').delete(key)),
        ...acuKeys.map((key) => tx.objectStore('acus').delete(key)),
        tx.objectStore('conversations').delete(id),
      ]);
      await tx.done;
    });
  }

  putMessage(message: MessageRecord): Promise<void> {
    return this.#run('save the message', async (db) => {
      await db.put('messages', message);
    });
  }

  listMessages(conversationId: string): Promise<MessageRecord[]> {
    return this.#run('read the conversation', (db) =>
      db.getAllFromIndex(
        'messages',
        'byConversation',
        IDBKeyRange.bound([conversationId, ''], [conversationId, '\uffff']),
      ),
    );
  }

  putAcus(acus: readonly Acu[]): Promise<void> {
    return this.#run('save the messages', async (db) => {
      const tx = db.transaction('acus', 'readwrite');
      await Promise.all([...acus.map((acu) => tx.store.put(acu)), tx.done]);
    });
  }

  getAcu(id: string): Promise<Acu | undefined> {
    return this.#run('read the message', (db) => db.get('acus', id));
  }

  listAcus(conversationId: string): Promise<Acu[]> {
    return this.#run('read the conversation', (db) =>
      db.getAllFromIndex('acus', 'byConversation', IDBKeyRange.bound([conversationId, ''], [conversationId, '\uffff'])),
    );
  }

  getSigningKey(ownerId: string): Promise<CryptoKeyPair | undefined> {
    return this.#run('read your signing key', (db) => db.get('signingKeys', ownerId));
  }

  putSigningKey(ownerId: string, keyPair: CryptoKeyPair): Promise<void> {
    return this.#run('save your signing key', async (db) => {
      await db.put('signingKeys', keyPair, ownerId);
    });
  }

  async close(): Promise<void> {
    (await this.#db.catch(() => undefined))?.close();
  }
}
