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
  /** Removes a conversation and all of its messages in one transaction. */
  deleteConversation(id: string): Promise<void>;
  putMessage(message: MessageRecord): Promise<void>;
  /** In creation order (message ids are UUIDv7, so ordered by id). */
  listMessages(conversationId: string): Promise<MessageRecord[]>;
  close(): Promise<void>;
}
