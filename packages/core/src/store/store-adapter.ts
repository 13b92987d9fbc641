import type { Acu } from '../acu/schema.js';
import type { ConversationRecord, MessageRecord } from './schema.js';

/**
 * What every storage backend provides. Implementations throw `TesseraError` with code `storage`
 * on failure and leave what was stored before untouched.
 */
export interface StoreAdapter {
  readonly kind: string;
  putConversation(conversation: ConversationRecord): Promise<void>;
  getConversation(id: string): Promise<ConversationRecord | undefined>;
  /** Most recently updated first. */
  listConversations(): Promise<ConversationRecord[]>;
  /** Removes a conversation with all of its messages and ACUs in one transaction. */
  deleteConversation(id: string): Promise<void>;
  putMessage(message: MessageRecord): Promise<void>;
  /** In creation order (message ids are UUIDv7, so ordered by id). */
  listMessages(conversationId: string): Promise<MessageRecord[]>;
  /** Stores sealed ACUs, all in one transaction. ACUs are immutable: a second put of an id replaces it. */
  putAcus(acus: readonly Acu[]): Promise<void>;
  getAcu(id: string): Promise<Acu | undefined>;
  /** Every ACU of a conversation, every branch, ordered by id. */
  listAcus(conversationId: string): Promise<Acu[]>;
  /** The owner's signing key pair, kept as `CryptoKey`s (non-extractable private key). */
  getSigningKey(ownerId: string): Promise<CryptoKeyPair | undefined>;
  putSigningKey(ownerId: string, keyPair: CryptoKeyPair): Promise<void>;
  close(): Promise<void>;
}
