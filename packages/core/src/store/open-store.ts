import { IndexedDbStore } from './indexeddb-store.js';
import { MemoryStore } from './memory-store.js';
import type { RecordStoreOptions } from './record-store.js';
import type { StoreAdapter } from './store-adapter.js';
import type { StoreEncryption } from './store-encryption.js';

export type StoreChoice = 'auto' | 'memory' | 'indexeddb' | StoreAdapter;

/**
 * `auto` is IndexedDB where the platform has it (browsers) and memory elsewhere (Node). `encryption`
 * applies to IndexedDB; memory keeps nothing at rest and a custom adapter protects itself.
 */
export function openStore(
  choice: StoreChoice,
  databaseName: string,
  encryption: StoreEncryption = 'device',
  options: RecordStoreOptions = {},
): StoreAdapter {
  if (typeof choice === 'object') return choice;
  if (choice === 'memory' || (choice === 'auto' && typeof indexedDB === 'undefined')) return new MemoryStore();
  return IndexedDbStore.open(databaseName, encryption, options);
}
