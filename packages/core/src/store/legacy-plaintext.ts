/**
 * Sealing what an older, plaintext layout of a backend still holds (IndexedDB versions 1 and 2).
 * Conversation by conversation: Web Crypto cannot run inside an IndexedDB transaction (the
 * transaction commits while it waits), so each conversation is encrypted first, then written
 * sealed and its plaintext deleted in one transaction. A tab closed mid-way leaves some
 * conversations sealed and the others still plaintext; the next open carries on from there.
 */
import type { Acu } from '../acu/schema.js';
import type { RecordTable, RowWrite } from './record-backend.js';
import type { ConversationRecord, MessageRecord } from './schema.js';

/** One conversation's plaintext as the older layout kept it. */
export interface LegacyConversation {
  /** Absent for messages or ACUs whose conversation record was already gone. */
  conversation?: ConversationRecord;
  messages: MessageRecord[];
  acus: Acu[];
}

/** The plaintext a backend still holds from an older layout, offered for sealing. */
export interface LegacyPlaintext {
  /** Conversations with plaintext left: conversation records, and messages or ACUs without one. */
  conversationIds(): Promise<string[]>;
  read(conversationId: string): Promise<LegacyConversation>;
  /**
   * In one transaction: writes the sealed rows and deletes the conversation's plaintext. Writes
   * nothing when the plaintext is already gone (another tab sealed it first, and may have added
   * to it since).
   */
  replace(conversationId: string, writes: readonly RowWrite[]): Promise<void>;
  /** Signing key pairs kept as `CryptoKey`s by the older layout, by owner id. */
  signingKeys(): Promise<Array<[ownerId: string, keyPair: CryptoKeyPair]>>;
  deleteSigningKey(ownerId: string): Promise<void>;
}

/** What the record store lends the upgrade: its sealing of rows and of signing keys. */
export interface LegacySealing {
  row(table: Exclude<RecordTable, 'audit'>, record: ConversationRecord | MessageRecord | Acu): Promise<RowWrite>;
  putSigningKey(ownerId: string, keyPair: CryptoKeyPair): Promise<void>;
}

/** Seals every conversation the older layout left in plaintext, then removes that plaintext. */
export async function sealLegacyPlaintext(legacy: LegacyPlaintext, sealing: LegacySealing): Promise<void> {
  // The new copy is saved before the old one is deleted: a stop in between leaves two copies, never none.
  for (const [ownerId, keyPair] of await legacy.signingKeys()) {
    await sealing.putSigningKey(ownerId, keyPair);
    await legacy.deleteSigningKey(ownerId);
  }
  for (const conversationId of await legacy.conversationIds()) {
    const { conversation, messages, acus } = await legacy.read(conversationId);
    const writes = await Promise.all([
      ...(conversation ? [sealing.row('conversations', conversation)] : []),
      ...messages.map((message) => sealing.row('messages', message)),
      ...acus.map((acu) => sealing.row('acus', acu)),
    ]);
    await legacy.replace(conversationId, writes);
  }
}
