export { IndexedDbStore } from './indexeddb-store.js';
export { MemoryStore } from './memory-store.js';
export { openStore, type StoreChoice } from './open-store.js';
export {
  type ConversationRecord,
  conversationRecordSchema,
  type MessageRecord,
  type MessageStatus,
  messageRecordSchema,
} from './schema.js';
export type { StoreAdapter } from './store-adapter.js';
