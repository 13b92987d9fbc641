/**
 * The one StoreAdapter: records kept in any RecordBackend, sealed before they reach it. With a
 * master key every record is AES-GCM-256 encrypted under its conversation's data key (audit
 * entries under the master key itself), so the backend holds nothing readable but ids. With
 * `{ type: 'none' }` (memory: nothing is at rest) records are kept as objects at no crypto cost.
 */
import type { Acu } from '../acu/schema.js';
import { TesseraError } from '../errors/tessera-error.js';
import type { AuditEntry } from './audit-entry.js';
import { DataKeyProblem, DataKeyRing } from './crypto/data-keys.js';
import { type MasterKeySource, openMasterKey, validateSource } from './crypto/master-key.js';
import { openRecord, type RecordPlace, sealRecord } from './crypto/record-cipher.js';
import { signingKeyName, unwrapSigningKey, wrapSigningKey } from './crypto/signing-key-wrap.js';
import { yieldToEventLoop } from './event-loop.js';
import { sealLegacyPlaintext } from './legacy-plaintext.js';
import type { RecordBackend, RecordTable, RowWrite, StoredRow } from './record-backend.js';
import type { ConversationRecord, MessageRecord } from './schema.js';
import type { StoreAdapter, StoreProtection } from './store-adapter.js';

export type { MasterKeySource } from './crypto/master-key.js';

export interface RecordStoreOptions {
  /**
   * Told about each conversation or audit entry left out of a listing because it cannot be read
   * (the error names it). Reading it directly throws the same error.
   */
  onUnreadable?: (error: TesseraError) => void;
}

interface RecordOf {
  conversations: ConversationRecord;
  messages: MessageRecord;
  acus: Acu;
  audit: AuditEntry;
}

/** Rows opened together when a conversation is read: small enough to keep each task short. */
const READ_SLICE = 64;
/** How records become row bodies and back: encrypted, or kept as they are. */
interface Codec {
  seal(place: RecordPlace, record: object): Promise<StoredRow['body']>;
  open(place: RecordPlace, body: StoredRow['body']): Promise<unknown>;
  /** Forgets what is cached for a deleted conversation. */
  forget(conversationId: string): void;
}

interface OpenState {
  codec: Codec;
  master?: CryptoKey;
}

const plainCodec: Codec = {
  // The memory backend copies rows in and out, so a caller's later change never reaches the store.
  seal: async (_place, record) => record,
  open: async (_place, body) => {
    if (body instanceof Uint8Array) throw new TypeError('This record is sealed, and this store has no key.');
    return body;
  },
  forget() {},
};

function encryptingCodec(master: CryptoKey, keys: DataKeyRing): Codec {
  return {
    async seal(place, record) {
      // Audit entries belong to no conversation, so they outlive every data key.
      const key = place.table === 'audit' ? master : await keys.forWrite(place.conversationId);
      return sealRecord(key, place, record);
    },
    async open(place, body) {
      if (!(body instanceof Uint8Array)) throw new TypeError('This record is not sealed.');
      const key = place.table === 'audit' ? master : await keys.forRead(place.conversationId);
      if (!key) throw new DataKeyProblem('The conversation has no data key (deleted, or lost).');
      return openRecord(key, place, body);
    },
    forget: (conversationId) => keys.forget(conversationId),
  };
}

function placeOf<T extends RecordTable>(table: T, record: RecordOf[T]): RecordPlace {
  switch (table) {
    case 'conversations':
      return { table, id: record.id, conversationId: record.id };
    case 'messages':
      return { table, id: record.id, conversationId: (record as MessageRecord).conversationId };
    case 'acus':
      return { table, id: record.id, conversationId: (record as Acu).metadata.conversationId };
    default:
      return { table, id: record.id, conversationId: '' };
  }
}

/** Whether a record opened at `place` says it belongs there (a cheap guard on top of the cipher's binding). */
function belongsAt(table: RecordTable, record: unknown, place: RecordPlace): boolean {
  if (typeof record !== 'object' || record === null) return false;
  try {
    const claimed = placeOf(table, record as RecordOf[typeof table]);
    return claimed.id === place.id && claimed.conversationId === place.conversationId;
  } catch {
    return false;
  }
}

/** Errors that name one unreadable record, as opposed to a store that cannot be reached at all. */
const unreadableErrors = new WeakSet<TesseraError>();

function unreadable(place: RecordPlace, cause: unknown): TesseraError {
  const what =
    place.table === 'conversations'
      ? `Conversation ${place.id} cannot be read`
      : place.table === 'messages'
        ? `Message ${place.id} of conversation ${place.conversationId} cannot be read`
        : place.table === 'acus'
          ? `Sealed message ${place.id} of conversation ${place.conversationId} cannot be read`
          : `Audit log entry ${place.id} cannot be read`;
  const why = cause instanceof DataKeyProblem ? 'its key is missing or damaged' : 'its saved data is damaged';
  const advice =
    place.table === 'audit'
      ? 'The rest of the log is not affected.'
      : 'Your other conversations are not affected: delete this one, or restore it from an export.';
  const error = new TesseraError('storage', `${what}: ${why}. ${advice}`, {
    cause,
    retryable: false,
    details: { ...place },
  });
  unreadableErrors.add(error);
  return error;
}

const byId = (a: StoredRow, b: StoredRow) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function isKeyPair(value: unknown): value is CryptoKeyPair {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as CryptoKeyPair).privateKey instanceof CryptoKey &&
    (value as CryptoKeyPair).publicKey instanceof CryptoKey
  );
}

/** A StoreAdapter over `backend`, its records protected by `master` (see the module comment). */
export class RecordStore implements StoreAdapter {
  readonly kind: string;
  readonly protection: StoreProtection;
  /**
   * `putSigningKey` wants an extractable private key: the store seals it under the master key
   * before saving it (passphrase and key-file stores), and gives it back non-extractable. A
   * non-extractable key is still accepted where the backend keeps `CryptoKey`s, and kept as it is.
   */
  readonly wrapsSigningKeys: boolean;
  readonly #backend: RecordBackend;
  readonly #onUnreadable: ((error: TesseraError) => void) | undefined;
  readonly #ready: Promise<OpenState>;

  /** Prefer `createRecordStore`. Throws a `validation` TesseraError for an unusable master key source. */
  constructor(backend: RecordBackend, master: MasterKeySource, options: RecordStoreOptions = {}) {
    if (master.type === 'none' && backend.kind !== 'memory') {
      throw new TesseraError('validation', `The ${backend.kind} store keeps data at rest, so it needs a master key.`);
    }
    validateSource(master, backend);
    this.#backend = backend;
    this.#onUnreadable = options.onUnreadable;
    this.kind = backend.kind;
    this.protection = {
      encryption: master.type === 'none' ? 'none' : 'aes-gcm-256',
      masterKey: master.type,
    };
    this.wrapsSigningKeys = master.type === 'passphrase' || master.type === 'key-file' || !backend.keepsCryptoKeys;
    this.#ready = this.#open(master);
    // Surfaced by the first operation that needs the store, not as an unhandled rejection.
    this.#ready.catch(() => {});
  }

  async #open(source: MasterKeySource): Promise<OpenState> {
    let state: OpenState = { codec: plainCodec };
    if (source.type !== 'none') {
      const master = await openMasterKey(this.#backend, source);
      state = { codec: encryptingCodec(master, new DataKeyRing(this.#backend, master)), master };
    }
    if (this.#backend.legacy) {
      const ready = state;
      await sealLegacyPlaintext(this.#backend.legacy, {
        row: (table, record) => this.#row(ready, table, record),
        putSigningKey: (ownerId, keyPair) => this.#putSigningKey(ready, ownerId, keyPair),
      });
    }
    return state;
  }

  async #row<T extends RecordTable>(state: OpenState, table: T, record: RecordOf[T]): Promise<RowWrite> {
    const place = placeOf(table, record);
    const body = await state.codec.seal(place, record);
    return { table, row: { id: place.id, conversationId: place.conversationId, body } };
  }

  async #read<T extends RecordTable>(state: OpenState, table: T, row: StoredRow): Promise<RecordOf[T]> {
    const place: RecordPlace = { table, id: row.id, conversationId: row.conversationId };
    let record: unknown;
    try {
      record = await state.codec.open(place, row.body);
    } catch (cause) {
      // The backend failing to read a key is not this record's fault: it is reported as it is.
      if (cause instanceof TesseraError) throw cause;
      throw unreadable(place, cause);
    }
    if (!belongsAt(table, record, place)) throw unreadable(place, new TypeError('The record does not match its row.'));
    return record as RecordOf[T];
  }

  /** In listings of independent things, one unreadable entry is reported and left out, not fatal to the rest. */
  #skip(error: unknown): undefined {
    if (!(error instanceof TesseraError && unreadableErrors.has(error))) throw error;
    this.#onUnreadable?.(error);
    return undefined;
  }

  async #readAll<T extends RecordTable>(table: T, conversationId: string): Promise<RecordOf[T][]> {
    const state = await this.#ready;
    const rows = (await this.#backend.list(table, conversationId)).sort(byId);
    // Opening every row of a long conversation at once is one long main-thread task (500 messages:
    // 40-50 ms in Chromium, at the start of every turn, and the caller's first render after it in
    // the same task). Slice by slice, with the event loop given a turn before each slice after the
    // first, the page can paint and answer input in between (see event-loop.ts for why awaiting
    // the decryptions alone does not).
    const records: RecordOf[T][] = [];
    for (let start = 0; start < rows.length; start += READ_SLICE) {
      if (start > 0) await yieldToEventLoop();
      const slice = rows.slice(start, start + READ_SLICE);
      records.push(...(await Promise.all(slice.map((row) => this.#read(state, table, row)))));
    }
    return records;
  }

  async #write<T extends RecordTable>(table: T, records: readonly RecordOf[T][]): Promise<void> {
    const state = await this.#ready;
    const writes = await Promise.all(records.map((record) => this.#row(state, table, record)));
    if (writes.length > 0) await this.#backend.write(writes);
  }

  async #putSigningKey(state: OpenState, ownerId: string, keyPair: CryptoKeyPair): Promise<void> {
    const name = signingKeyName(ownerId);
    if (state.master && this.wrapsSigningKeys && keyPair.privateKey.extractable) {
      await this.#backend.putSecret(name, await wrapSigningKey(state.master, ownerId, keyPair));
    } else if (this.#backend.keepsCryptoKeys) {
      await this.#backend.putSecret(name, keyPair);
    } else {
      throw new TesseraError(
        'validation',
        `The ${this.kind} store saves signing keys sealed under its master key, so the key pair must be extractable: create it with loadOrCreateSigner(ownerId, storage, { extractable: true }).`,
      );
    }
  }

  putConversation(conversation: ConversationRecord): Promise<void> {
    return this.#write('conversations', [conversation]);
  }

  async getConversation(id: string): Promise<ConversationRecord | undefined> {
    const state = await this.#ready;
    const row = await this.#backend.get('conversations', id);
    return row && this.#read(state, 'conversations', row);
  }

  async listConversations(): Promise<ConversationRecord[]> {
    const state = await this.#ready;
    const rows = await this.#backend.list('conversations');
    const read = await Promise.all(
      rows.map((row) => this.#read(state, 'conversations', row).catch((error: unknown) => this.#skip(error))),
    );
    // Ordered here, after decryption: the backend cannot see `updatedAt`.
    return read
      .filter((c): c is ConversationRecord => c !== undefined)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id.localeCompare(a.id));
  }

  async deleteConversation(id: string): Promise<void> {
    const state = await this.#ready;
    await this.#backend.deleteConversation(id);
    state.codec.forget(id);
  }

  putMessage(message: MessageRecord): Promise<void> {
    return this.#write('messages', [message]);
  }

  listMessages(conversationId: string): Promise<MessageRecord[]> {
    return this.#readAll('messages', conversationId);
  }

  putAcus(acus: readonly Acu[]): Promise<void> {
    return this.#write('acus', acus);
  }

  async getAcu(id: string): Promise<Acu | undefined> {
    const state = await this.#ready;
    const row = await this.#backend.get('acus', id);
    return row && this.#read(state, 'acus', row);
  }

  listAcus(conversationId: string): Promise<Acu[]> {
    return this.#readAll('acus', conversationId);
  }

  async getSigningKey(ownerId: string): Promise<CryptoKeyPair | undefined> {
    const state = await this.#ready;
    const stored = await this.#backend.getSecret(signingKeyName(ownerId));
    if (stored === undefined || isKeyPair(stored)) return stored;
    try {
      if (!(stored instanceof Uint8Array) || !state.master) throw new TypeError('Not a sealed signing key.');
      return await unwrapSigningKey(state.master, ownerId, stored);
    } catch (cause) {
      throw new TesseraError(
        'storage',
        'Your signing key cannot be read: its saved copy is damaged, so new messages cannot be sealed. Export your conversations, then clear this site’s data to start with a new key.',
        { cause, retryable: false },
      );
    }
  }

  async putSigningKey(ownerId: string, keyPair: CryptoKeyPair): Promise<void> {
    await this.#putSigningKey(await this.#ready, ownerId, keyPair);
  }

  appendAudit(entry: AuditEntry): Promise<void> {
    return this.#write('audit', [entry]);
  }

  async listAudit(query: { limit?: number } = {}): Promise<AuditEntry[]> {
    const { limit = Number.POSITIVE_INFINITY } = query;
    if (!(limit === Number.POSITIVE_INFINITY || (Number.isInteger(limit) && limit >= 0))) {
      throw new TesseraError('validation', 'The audit log limit must be a whole number, 0 or more.');
    }
    const state = await this.#ready;
    const rows = (await this.#backend.list('audit')).sort(byId);
    const entries: AuditEntry[] = [];
    // Newest first, opening only as many as asked for (more only where some cannot be read).
    let end = rows.length;
    while (entries.length < limit && end > 0) {
      const start = Math.max(0, end - (limit - entries.length));
      const batch = rows.slice(start, end).reverse();
      const read = await Promise.all(
        batch.map((row) => this.#read(state, 'audit', row).catch((error: unknown) => this.#skip(error))),
      );
      for (const entry of read) if (entry) entries.push(entry);
      end = start;
    }
    return entries;
  }

  usage(): Promise<{ usedBytes: number; quotaBytes?: number } | undefined> {
    return this.#backend.usage();
  }

  close(): Promise<void> {
    return this.#backend.close();
  }
}

/**
 * A StoreAdapter over any backend: `{ type: 'none' }` for memory, `device` or `passphrase` for
 * IndexedDB, `key-file` or `passphrase` for files. Throws a `validation` TesseraError for a source
 * the backend cannot use (a short passphrase, a key file that is not 32 bytes, a device key on a
 * backend that cannot keep one); a wrong passphrase or key file rejects the first operation with a
 * `storage` TesseraError that says so.
 */
export function createRecordStore(
  backend: RecordBackend,
  master: MasterKeySource,
  options: RecordStoreOptions = {},
): RecordStore {
  return new RecordStore(backend, master, options);
}
