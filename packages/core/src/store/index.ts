export {
  type AuditAction,
  type AuditEntry,
  type AuditInput,
  auditActionSchema,
  auditEntrySchema,
} from './audit-entry.js';
export type { AuditQuery } from './audit-log.js';
export {
  DELETION_RECEIPT_SIGNATURE_CONTEXT,
  type DeletionReceipt,
  type DeletionReceiptFailureReason,
  type DeletionReceiptFields,
  type DeletionReceiptVerification,
  deletionReceiptSchema,
  issueDeletionReceipt,
  verifyDeletionReceipt,
} from './deletion-receipt.js';
export { IndexedDbStore } from './indexeddb-store.js';
export { MemoryStore } from './memory-store.js';
export { openStore, type StoreChoice } from './open-store.js';
export type { RecordBackend, RecordTable, RowWrite, SecretValue, StoredRow } from './record-backend.js';
export { createRecordStore, type MasterKeySource, RecordStore, type RecordStoreOptions } from './record-store.js';
export {
  type ConversationRecord,
  conversationRecordSchema,
  type MessageRecord,
  type MessageStatus,
  messageRecordSchema,
} from './schema.js';
export type { StoreAdapter, StoreProtection } from './store-adapter.js';
export type { StoreApi, StoreStatus } from './store-api.js';
export { MIN_STORE_PASSPHRASE_LENGTH, type StoreEncryption } from './store-encryption.js';
