/**
 * Per-conversation data keys. Each conversation's records are encrypted under its own AES-GCM-256
 * key, kept only wrapped under the master key (`data-key:<conversation id>`). Destroying that one
 * wrapped key makes every copy of the conversation's ciphertext unreadable for good
 * (crypto-shredding), wherever the rows were copied to. Unwrapped keys are non-extractable and
 * cached in memory per conversation, so a chat unwraps its key once, not per message.
 */
import { dataKeyName, type RecordBackend } from '../record-backend.js';
import { type SealContext, unwrapKey, wrapKey } from './aes-gcm.js';

const AES_256 = { name: 'AES-GCM', length: 256 } as const;
const USAGES: KeyUsage[] = ['encrypt', 'decrypt'];

/** Binds a wrapped key to its conversation: a key copied into another conversation's slot does not unwrap. */
export function dataKeyContext(conversationId: string): SealContext {
  return ['tessera.data-key/1', conversationId];
}

/** Unwraps a conversation's data key (non-extractable). Rejects when it is damaged or belongs elsewhere. */
export function unwrapDataKey(wrapped: Uint8Array, master: CryptoKey, conversationId: string): Promise<CryptoKey> {
  return unwrapKey('raw', wrapped, master, dataKeyContext(conversationId), AES_256, false, USAGES);
}

/** The problem with a conversation's key, told to the record store so it can name the conversation. */
export class DataKeyProblem extends Error {
  override readonly name = 'DataKeyProblem';
}

export class DataKeyRing {
  readonly #backend: RecordBackend;
  readonly #master: CryptoKey;
  readonly #cache = new Map<string, Promise<CryptoKey>>();

  constructor(backend: RecordBackend, master: CryptoKey) {
    this.#backend = backend;
    this.#master = master;
  }

  /** The conversation's key, or `undefined` where it has none (never written to, or shredded). */
  async forRead(conversationId: string): Promise<CryptoKey | undefined> {
    const cached = this.#cache.get(conversationId);
    if (cached) return cached;
    const wrapped = await this.#backend.getSecret(dataKeyName(conversationId));
    if (wrapped === undefined) return undefined;
    return this.#remember(conversationId, this.#unwrap(conversationId, wrapped));
  }

  /** The conversation's key, created (and saved wrapped) on its first write. */
  forWrite(conversationId: string): Promise<CryptoKey> {
    const cached = this.#cache.get(conversationId);
    if (cached) return cached;
    return this.#remember(conversationId, this.#loadOrCreate(conversationId));
  }

  /** Drops the cached key of a deleted conversation, so nothing can use it again. */
  forget(conversationId: string): void {
    this.#cache.delete(conversationId);
  }

  #remember(conversationId: string, loading: Promise<CryptoKey>): Promise<CryptoKey> {
    this.#cache.set(conversationId, loading);
    // A failure is not cached: the next call tries again (a transient storage error).
    loading.catch(() => {
      if (this.#cache.get(conversationId) === loading) this.#cache.delete(conversationId);
    });
    return loading;
  }

  async #loadOrCreate(conversationId: string): Promise<CryptoKey> {
    const name = dataKeyName(conversationId);
    let wrapped = await this.#backend.getSecret(name);
    if (wrapped === undefined) {
      const fresh = await crypto.subtle.generateKey(AES_256, true, USAGES);
      const ours = await wrapKey('raw', fresh, this.#master, dataKeyContext(conversationId));
      // Another tab may have created this conversation's key first: then that one is used.
      wrapped = await this.#backend.putSecret(name, ours, { ifAbsent: true });
    }
    // Unwrapped again even when just made: the key kept in memory is non-extractable, and a key
    // that cannot be read back is caught before anything is encrypted under it.
    return this.#unwrap(conversationId, wrapped);
  }

  async #unwrap(conversationId: string, wrapped: unknown): Promise<CryptoKey> {
    if (!(wrapped instanceof Uint8Array)) throw new DataKeyProblem('The data key is not stored as wrapped bytes.');
    try {
      return await unwrapDataKey(wrapped, this.#master, conversationId);
    } catch (cause) {
      throw new DataKeyProblem('The data key does not unwrap under the master key.', { cause });
    }
  }
}
