/**
 * AES-GCM-256 as everything encrypted in the store uses it: `iv (12 random bytes) ‖ ciphertext`,
 * with additional data naming what the bytes are and where they belong. Bytes moved to another
 * place (another row, another conversation's key slot, another kind of secret) fail to open,
 * because the additional data computed for the new place differs from the one they were sealed with.
 */
import { utf8 } from '../../acu/bytes.js';

const IV_BYTES = 12;
/** AES-GCM's authentication tag, appended by Web Crypto to every ciphertext. */
const TAG_BYTES = 16;

/** What sealed bytes are and where they belong, e.g. `['tessera.record/1', 'messages', id, conversationId]`. */
export type SealContext = readonly string[];

function params(iv: Uint8Array<ArrayBuffer>, context: SealContext): AesGcmParams {
  // The JSON of the parts, not their concatenation: `['ab', 'c']` and `['a', 'bc']` must differ.
  return { name: 'AES-GCM', iv, additionalData: utf8(JSON.stringify(context)) };
}

function join(iv: Uint8Array<ArrayBuffer>, ciphertext: ArrayBuffer): Uint8Array<ArrayBuffer> {
  const sealed = new Uint8Array(IV_BYTES + ciphertext.byteLength);
  sealed.set(iv);
  sealed.set(new Uint8Array(ciphertext), IV_BYTES);
  return sealed;
}

function split(sealed: Uint8Array): { iv: Uint8Array<ArrayBuffer>; ciphertext: Uint8Array<ArrayBuffer> } {
  if (!(sealed instanceof Uint8Array) || sealed.length < IV_BYTES + TAG_BYTES) {
    throw new TypeError('Sealed bytes are missing or too short.');
  }
  return { iv: sealed.slice(0, IV_BYTES), ciphertext: sealed.slice(IV_BYTES) };
}

function freshIv(): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(IV_BYTES));
}

/** Encrypts `plaintext` under `key` for `context`. */
export async function seal(
  key: CryptoKey,
  context: SealContext,
  plaintext: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer>> {
  const iv = freshIv();
  return join(iv, await crypto.subtle.encrypt(params(iv, context), key, plaintext));
}

/** Decrypts what `seal` made; rejects when the key, the context or a single byte differs. */
export async function open(key: CryptoKey, context: SealContext, sealed: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const { iv, ciphertext } = split(sealed);
  return new Uint8Array(await crypto.subtle.decrypt(params(iv, context), key, ciphertext));
}

/**
 * Wraps a key under `wrappingKey` for `context`. The key material goes from Web Crypto to Web Crypto
 * and never through a JavaScript buffer.
 */
export async function wrapKey(
  format: 'raw' | 'pkcs8',
  key: CryptoKey,
  wrappingKey: CryptoKey,
  context: SealContext,
): Promise<Uint8Array<ArrayBuffer>> {
  const iv = freshIv();
  return join(iv, await crypto.subtle.wrapKey(format, key, wrappingKey, params(iv, context)));
}

/** Unwraps what `wrapKey` made into a key with the given algorithm, extractability and usages. */
export async function unwrapKey(
  format: 'raw' | 'pkcs8',
  wrapped: Uint8Array,
  wrappingKey: CryptoKey,
  context: SealContext,
  algorithm: AlgorithmIdentifier | EcKeyImportParams,
  extractable: boolean,
  usages: KeyUsage[],
): Promise<CryptoKey> {
  const { iv, ciphertext } = split(wrapped);
  return crypto.subtle.unwrapKey(format, ciphertext, wrappingKey, params(iv, context), algorithm, extractable, usages);
}
