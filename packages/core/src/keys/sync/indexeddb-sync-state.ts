import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { TesseraError } from '../../errors/tessera-error.js';
import type { SyncState, SyncStateStore } from './sync-state.js';

interface SyncDB extends DBSchema {
  state: { key: string; value: SyncState };
}

const STATE = 'keyring';

/**
 * Keeps the sync state in IndexedDB next to the vault, its key as a non-extractable CryptoKey (a
 * structured clone keeps it usable and unreadable). When the browser purges this origin's storage
 * the state goes with the keys, and the user unlocks again to restore them.
 */
export function createIndexedDbSyncState(databaseName: string): SyncStateStore {
  let opened: Promise<IDBPDatabase<SyncDB>> | undefined;
  const open = () => {
    opened ??= openDB<SyncDB>(databaseName, 1, {
      upgrade(database) {
        database.createObjectStore('state');
      },
    }).catch((cause: unknown) => {
      opened = undefined;
      throw new TesseraError('storage', "Could not open key sync's storage in this browser. Reload and try again.", {
        cause,
      });
    });
    return opened;
  };
  return {
    async load() {
      return (await open()).get('state', STATE);
    },
    async save(state) {
      try {
        await (await open()).put('state', state, STATE);
      } catch (cause) {
        throw new TesseraError('storage', "Could not save key sync's state in this browser. Try again.", { cause });
      }
    },
    async clear() {
      await (await open()).delete('state', STATE);
    },
  };
}
