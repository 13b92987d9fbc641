import { IndexedDbBackend } from './indexeddb-backend.js';
import { RecordStore, type RecordStoreOptions } from './record-store.js';
import type { StoreEncryption } from './store-encryption.js';

/**
 * Stores conversations in the browser's IndexedDB, every record encrypted (AES-GCM-256) under its
 * conversation's data key, the data keys wrapped by this browser's own non-extractable key
 * (`'device'`, the default) or by a key derived from the user's passphrase.
 */
export class IndexedDbStore extends RecordStore {
  /**
   * Opens (and creates or upgrades) the database `name`; data left in plaintext by an older version
   * is encrypted on open. Throws a `storage` TesseraError where there is no IndexedDB and a
   * `validation` one for a passphrase that is too short; later failures (a wrong passphrase, a
   * database from a newer version, another tab blocking the upgrade) reject the first operation
   * with a `storage` TesseraError.
   */
  static open(name: string, encryption: StoreEncryption = 'device', options: RecordStoreOptions = {}): IndexedDbStore {
    return new IndexedDbStore(
      new IndexedDbBackend(name),
      encryption === 'device' ? { type: 'device' } : { type: 'passphrase', passphrase: encryption.passphrase },
      options,
    );
  }
}
