import type { RemovedKey } from './envelope.js';
import type { SyncKey } from './passphrase-key.js';

/** What a device remembers while key sync is on. Its absence means sync is off on this device. */
export interface SyncState {
  /** The passphrase-derived key, so the user unlocks once per device. */
  syncKey: SyncKey;
  /** The saved keyring's version this device last read or wrote: the `If-Match` of the next push. */
  version?: string;
  /** Keys removed on this device, with when, so the removal reaches (and wins on) other devices. */
  removed: RemovedKey[];
  /** ISO 8601: when this device last agreed with the saved keyring. */
  lastSyncedAt?: string;
}

/** Where a device keeps its {@link SyncState}. */
export interface SyncStateStore {
  load(): Promise<SyncState | undefined>;
  save(state: SyncState): Promise<void>;
  clear(): Promise<void>;
}

/** Keeps the sync state in this process only (Node, tests): the user unlocks again after a restart. */
export function createMemorySyncState(): SyncStateStore {
  let state: SyncState | undefined;
  return {
    async load() {
      return state && { ...state, removed: [...state.removed] };
    },
    async save(next) {
      state = next;
    },
    async clear() {
      state = undefined;
    },
  };
}
