import type { ConversationRecord, MessageRecord } from './schema.js';
import type { StoreAdapter } from './store-adapter.js';

/** Keeps everything in this process's memory: for Node scripts, tests and private sessions. */
export class MemoryStore implements StoreAdapter {
  readonly kind = 'memory';
  readonly #conversations = new Map<string, ConversationRecord>();
  readonly #messages = new Map<string, MessageRecord>();

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

  async close(): Promise<void> {}
}
