import type { RecordTable } from '../record-backend.js';

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Which conversation each row belongs to, built from the directory listing at open and kept up
 * to date by every change. Needed because `get(table, id)` names no conversation, while rows are
 * filed by conversation so that deleting one removes one directory. Holds ids only.
 */
export class RowIndex {
  readonly #conversationOf = new Map<RecordTable, Map<string, string>>();
  readonly #idsOf = new Map<RecordTable, Map<string, Set<string>>>();

  add(table: RecordTable, id: string, conversationId: string): void {
    const owners = this.#conversationOf.get(table) ?? new Map<string, string>();
    this.#conversationOf.set(table, owners);
    owners.set(id, conversationId);
    const conversations = this.#idsOf.get(table) ?? new Map<string, Set<string>>();
    this.#idsOf.set(table, conversations);
    const ids = conversations.get(conversationId) ?? new Set<string>();
    conversations.set(conversationId, ids);
    ids.add(id);
  }

  /** The conversation a row is filed under, or `undefined` when there is no such row. */
  conversationOf(table: RecordTable, id: string): string | undefined {
    return this.#conversationOf.get(table)?.get(id);
  }

  /** Ids of a table (of one conversation when given), ordered by id. */
  ids(table: RecordTable, conversationId?: string): string[] {
    if (conversationId !== undefined) return [...(this.#idsOf.get(table)?.get(conversationId) ?? [])].sort(byId);
    return [...(this.#conversationOf.get(table)?.keys() ?? [])].sort(byId);
  }

  removeConversation(conversationId: string): void {
    for (const [table, conversations] of this.#idsOf) {
      for (const id of conversations.get(conversationId) ?? []) this.#conversationOf.get(table)?.delete(id);
      conversations.delete(conversationId);
    }
  }
}
