import type { LegacyPlaintext } from './legacy-plaintext.js';

/**
 * Where a store's rows physically live (IndexedDB, a directory of files, memory). Backends see
 * only sealed rows: the record store above them encrypts every record before it reaches a
 * backend and decrypts it after, so a backend never holds anything readable but ids.
 */

/** The tables every backend keeps. `audit` rows belong to no conversation and outlive them. */
export type RecordTable = 'conversations' | 'messages' | 'acus' | 'audit';

export interface StoredRow {
  /** The record's id (UUIDv7 for messages, ACUs and audit entries: so ordering by id is ordering by time). */
  id: string;
  /** The conversation the row belongs to (a conversation row names itself); `''` for audit rows. */
  conversationId: string;
  /**
   * The sealed record: `iv ‖ AES-GCM ciphertext` where the store encrypts at rest, or the record
   * object itself where nothing is at rest (the memory backend).
   */
  body: Uint8Array<ArrayBuffer> | object;
}

export interface RowWrite {
  table: RecordTable;
  row: StoredRow;
}

/** Secrets a backend keeps beside its rows: the master key, wrapped data keys, signing keys, KDF salts. */
export type SecretValue = CryptoKey | CryptoKeyPair | Uint8Array<ArrayBuffer> | string;

/** The secret name under which a conversation's wrapped data key is kept. */
export function dataKeyName(conversationId: string): string {
  return `data-key:${conversationId}`;
}

export interface RecordBackend {
  readonly kind: string;
  /**
   * Whether `CryptoKey` objects can be kept as they are (IndexedDB, memory). A backend that
   * cannot (files) gets only bytes and strings, and the record store wraps keys before saving.
   */
  readonly keepsCryptoKeys: boolean;
  /** Writes all rows in one transaction: after a failure none of them is written. */
  write(writes: readonly RowWrite[]): Promise<void>;
  get(table: RecordTable, id: string): Promise<StoredRow | undefined>;
  /** Rows of a table (of one conversation when given), ordered by id. */
  list(table: RecordTable, conversationId?: string): Promise<StoredRow[]>;
  /**
   * Removes every row of the conversation in every table, and its data key
   * (`dataKeyName(conversationId)`), in one transaction: crypto-shredding.
   */
  deleteConversation(conversationId: string): Promise<void>;
  getSecret(name: string): Promise<SecretValue | undefined>;
  /** Writes the secret; with `ifAbsent`, keeps an existing one and returns it (two tabs creating a master key at once). */
  putSecret(name: string, value: SecretValue, options?: { ifAbsent?: boolean }): Promise<SecretValue>;
  /**
   * Plaintext an older layout of this backend left behind (IndexedDB versions 1 and 2), which the
   * record store seals on open. Absent for backends that never held plaintext.
   */
  readonly legacy?: LegacyPlaintext;
  /** Bytes used and available, where the platform says (`navigator.storage.estimate()`, file sizes). */
  usage(): Promise<{ usedBytes: number; quotaBytes?: number } | undefined>;
  close(): Promise<void>;
}
