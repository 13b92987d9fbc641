import { IndexedDbStore } from './indexeddb-store.js';
import { MemoryStore } from './memory-store.js';
import type { StoreAdapter } from './store-adapter.js';

export type StoreChoice = 'auto' | 'memory' | 'indexeddb' | StoreAdapter;

/** `auto` is IndexedDB where the platform has it (browsers) and memory elsewhere (Node). */
export function openStore(choice: StoreChoice, databaseName: string): StoreAdapter {
  if (typeof choice === 'object') return choice;
  if (choice === 'memory' || (choice === 'auto' && typeof indexedDB === 'undefined')) return new MemoryStore();
  return IndexedDbStore.open(databaseName);
}
