export { KEYRING_BLOB_ID, KEYRING_CONTENT_TYPE, type KeyringEnvelope, keyringEnvelopeSchema } from './envelope.js';
export { createIndexedDbSyncState } from './indexeddb-sync-state.js';
export {
  createKeyringSync,
  type KeyringSync,
  type KeyringSyncEngine,
  type KeyringSyncOptions,
  type KeySyncState,
  type KeySyncStatus,
  MIN_SYNC_PASSPHRASE_LENGTH,
} from './keyring-sync.js';
export { createMemorySyncState, type SyncStateStore } from './sync-state.js';
export { unavailableKeyringSync } from './unavailable-keyring-sync.js';
