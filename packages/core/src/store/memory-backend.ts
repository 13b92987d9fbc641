import {
  dataKeyName,
  type RecordBackend,
  type RecordTable,
  type RowWrite,
  type SecretValue,
  type StoredRow,
} from './record-backend.js';

const TABLES: readonly RecordTable[] = ['conversations', 'messages', 'acus', 'audit'];

const byId = (a: StoredRow, b: StoredRow) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Rows in this process's memory. Rows are copied in and out (structured clone, as IndexedDB does),
 * so a caller changing a record it wrote or read never changes what is stored.
 */
export class MemoryBackend implements RecordBackend {
  readonly kind = 'memory';
  readonly keepsCryptoKeys = true;
  readonly #tables = new Map<RecordTable, Map<string, StoredRow>>(TABLES.map((table) => [table, new Map()]));
  readonly #secrets = new Map<string, SecretValue>();

  #table(table: RecordTable): Map<string, StoredRow> {
    const rows = this.#tables.get(table);
    if (!rows) throw new TypeError(`Unknown table ${String(table)}.`);
    return rows;
  }

  async write(writes: readonly RowWrite[]): Promise<void> {
    // Every copy is made before the first row is stored: a row that cannot be cloned stores none.
    const copies = writes.map(({ table, row }) => [this.#table(table), structuredClone(row)] as const);
    for (const [rows, row] of copies) rows.set(row.id, row);
  }

  async get(table: RecordTable, id: string): Promise<StoredRow | undefined> {
    const row = this.#table(table).get(id);
    return row && structuredClone(row);
  }

  async list(table: RecordTable, conversationId?: string): Promise<StoredRow[]> {
    return [...this.#table(table).values()]
      .filter((row) => conversationId === undefined || row.conversationId === conversationId)
      .sort(byId)
      .map((row) => structuredClone(row));
  }

  async deleteConversation(conversationId: string): Promise<void> {
    for (const rows of this.#tables.values()) {
      for (const [id, row] of rows) if (row.conversationId === conversationId) rows.delete(id);
    }
    this.#secrets.delete(dataKeyName(conversationId));
  }

  async getSecret(name: string): Promise<SecretValue | undefined> {
    const value = this.#secrets.get(name);
    return value instanceof Uint8Array ? value.slice() : value;
  }

  async putSecret(name: string, value: SecretValue, options: { ifAbsent?: boolean } = {}): Promise<SecretValue> {
    const existing = this.#secrets.get(name);
    if (options.ifAbsent && existing !== undefined) return existing instanceof Uint8Array ? existing.slice() : existing;
    this.#secrets.set(name, value instanceof Uint8Array ? value.slice() : value);
    return value;
  }

  /** The names of the secrets kept (never their values): for tests and diagnostics. */
  secretNames(): string[] {
    return [...this.#secrets.keys()];
  }

  /** What the rows would take as UTF-8 JSON or sealed bytes: memory has no quota to report. */
  async usage(): Promise<{ usedBytes: number }> {
    const encoder = new TextEncoder();
    let usedBytes = 0;
    for (const rows of this.#tables.values()) {
      for (const { body } of rows.values()) {
        usedBytes += body instanceof Uint8Array ? body.byteLength : encoder.encode(JSON.stringify(body)).byteLength;
      }
    }
    return { usedBytes };
  }

  async close(): Promise<void> {}
}
