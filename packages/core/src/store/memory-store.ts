import type { Acu } from '../acu/schema.js';
import type { ConversationRecord, MessageRecord } from './schema.js';
import type { StoreAdapter } from './store-adapter.js';

/** Keeps everything in this process's memory: for Node scripts, tests and private sessions. */
export class MemoryStore implements StoreAdapter {
  readonly kind = 'memory';
  readonly #conversations = new Map<string, ConversationRecord>();
  readonly #messages = new Map<string, MessageRecord>();
  readonly #acus = new Map<string, Acu>();
  readonly #signingKeys = new Map<string, CryptoKeyPair>();

  async putConversation(conversation: ConversationRecord): Promise<void> {
    this.#conversations.set(conversation.id, structuredClone(conversation));
  }

  async getConversation(id: string): Promise<ConversationRecord | undefined> {
    const found = this.#conversations.get(id);
    return found && structuredClone(found);
  }

  async listConversations(): Promise<ConversationRecord[]> {
    return [...this.#conversations.values()]
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id.localeCompare(a.id))
      .map((c) => structuredClone(c));
  }

  async deleteConversation(id: string): Promise<void> {
    this.#conversations.delete(id);
    for (const [messageId, message] of this.#messages) {
      if (message.conversationId === id) this.#messages.delete(messageId);
    }
    for (const [acuId, acu] of this.#acus) {
      if (acu.metadata.conversationId === id) this.#acus.delete(acuId);
    }
  }

  async putMessage(message: MessageRecord): Promise<void> {
    this.#messages.set(message.id, structuredClone(message));
  }

  async listMessages(conversationId: string): Promise<MessageRecord[]> {
    return [...this.#messages.values()]
      .filter((m) => m.conversationId === conversationId)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((m) => structuredClone(m));
  }

  async putAcus(acus: readonly Acu[]): Promise<void> {
    for (const acu of acus) this.#acus.set(acu.id, structuredClone(acu));
  }

  async getAcu(id: string): Promise<Acu | undefined> {
    const found = this.#acus.get(id);
    return found && structuredClone(found);
  }

  async listAcus(conversationId: string): Promise<Acu[]> {
    return [...this.#acus.values()]
      .filter((acu) => acu.metadata.conversationId === conversationId)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map((acu) => structuredClone(acu));
  }

  async getSigningKey(ownerId: string): Promise<CryptoKeyPair | undefined> {
    return this.#signingKeys.get(ownerId);
  }

  async putSigningKey(ownerId: string, keyPair: CryptoKeyPair): Promise<void> {
    this.#signingKeys.set(ownerId, keyPair);
  }

  async close(): Promise<void> {}
}
