import type { Acu } from '../acu/schema.js';
import type { AuditEntry } from './audit-entry.js';
import type { ConversationRecord, MessageRecord } from './schema.js';

/** What protects a store's data at rest. */
export interface StoreProtection {
  /** `aes-gcm-256`: every record encrypted under its conversation's data key. `none`: nothing is at rest (memory). */
  encryption: 'aes-gcm-256' | 'none';
  /**
   * What wraps the data keys: `device` (a non-extractable key kept by this browser profile),
   * `passphrase` (derived from the user's passphrase), `key-file` (a key file beside a file store),
   * or `none`.
   */
  masterKey: 'device' | 'passphrase' | 'key-file' | 'none';
}

/**
 * What every storage backend provides. Implementations throw `TesseraError` with code `storage`
 * on failure and leave what was stored before untouched.
 */
export interface StoreAdapter {
  readonly kind: string;
  readonly protection: StoreProtection;
  putConversation(conversation: ConversationRecord): Promise<void>;
  getConversation(id: string): Promise<ConversationRecord | undefined>;
  /** Most recently updated first. */
  listConversations(): Promise<ConversationRecord[]>;
  /**
   * Removes a conversation with all of its messages and ACUs in one transaction; an encrypting
   * store destroys the conversation's data key with them (crypto-shredding).
   */
  deleteConversation(id: string): Promise<void>;
  putMessage(message: MessageRecord): Promise<void>;
  /** In creation order (message ids are UUIDv7, so ordered by id). */
  listMessages(conversationId: string): Promise<MessageRecord[]>;
  /** Stores sealed ACUs, all in one transaction. ACUs are immutable: a second put of an id replaces it. */
  putAcus(acus: readonly Acu[]): Promise<void>;
  getAcu(id: string): Promise<Acu | undefined>;
  /** Every ACU of a conversation, every branch, ordered by id. */
  listAcus(conversationId: string): Promise<Acu[]>;
  /**
   * When true, `putSigningKey` wants an extractable private key, which the store seals under its
   * master key before saving (passphrase and key-file stores): create it with
   * `loadOrCreateSigner(ownerId, storage, { extractable: true })`. Absent means false.
   */
  readonly wrapsSigningKeys?: boolean;
  /** The owner's signing key pair, kept as `CryptoKey`s (non-extractable private key). */
  getSigningKey(ownerId: string): Promise<CryptoKeyPair | undefined>;
  putSigningKey(ownerId: string, keyPair: CryptoKeyPair): Promise<void>;
  /** Appends to the audit log (kept encrypted like everything else; survives deleted conversations). */
  appendAudit(entry: AuditEntry): Promise<void>;
  /** The audit log, newest first. */
  listAudit(query?: { limit?: number }): Promise<AuditEntry[]>;
  /** Bytes used and available, where the platform says. */
  usage(): Promise<{ usedBytes: number; quotaBytes?: number } | undefined>;
  close(): Promise<void>;
}
