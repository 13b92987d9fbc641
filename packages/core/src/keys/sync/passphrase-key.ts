import { fromBase64Url, toBase64Url } from '../../acu/bytes.js';
import { TesseraError } from '../../errors/tessera-error.js';
import {
  decodePlaintext,
  type KeyringEnvelope,
  type KeyringPlaintext,
  keyringPlaintextSchema,
  PBKDF2_ITERATIONS,
} from './envelope.js';

// Binds the ciphertext to what it is: a blob of another kind can never be passed off as a keyring.
const ADDITIONAL_DATA = new TextEncoder().encode('tessera-keyring-v1');

/** The passphrase-derived key and the derivation that made it (kept with it, so pushes reuse it). */
export interface SyncKey {
  /** AES-GCM-256, non-extractable: it can be stored in IndexedDB and used, never read back. */
  key: CryptoKey;
  salt: string;
  iterations: number;
}

/** A fresh random salt, base64url. */
export function newSalt(): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(16)));
}

/**
 * Derives the sync key from a passphrase with PBKDF2-SHA-256. The passphrase is normalized (NFKC)
 * so the same words typed on another keyboard or OS give the same key.
 */
export async function deriveSyncKey(
  passphrase: string,
  salt: string,
  iterations = PBKDF2_ITERATIONS,
): Promise<SyncKey> {
  const saltBytes = fromBase64Url(salt);
  if (!saltBytes) throw new TesseraError('validation', 'The key derivation salt is not base64url.');
  const material = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(passphrase.normalize('NFKC')),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  const key = await crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: saltBytes, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
  return { key, salt, iterations };
}

/** Encrypts the keyring under the sync key, with a fresh IV. */
export async function sealKeyring(plaintext: KeyringPlaintext, syncKey: SyncKey): Promise<KeyringEnvelope> {
  const checked = keyringPlaintextSchema.parse(plaintext);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ciphertext = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: ADDITIONAL_DATA },
    syncKey.key,
    new TextEncoder().encode(JSON.stringify(checked)),
  );
  return {
    v: 1,
    kdf: { name: 'PBKDF2-SHA-256', iterations: syncKey.iterations, salt: syncKey.salt },
    iv: toBase64Url(iv),
    ciphertext: toBase64Url(new Uint8Array(ciphertext)),
  };
}

/**
 * Decrypts the keyring, or undefined when the key does not open it (another passphrase, or a
 * ciphertext that was tampered with: AES-GCM cannot tell the two apart, and both mean "not yours").
 */
export async function openKeyring(envelope: KeyringEnvelope, key: CryptoKey): Promise<KeyringPlaintext | undefined> {
  let plain: ArrayBuffer;
  try {
    plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64Url(envelope.iv) as Uint8Array<ArrayBuffer>, additionalData: ADDITIONAL_DATA },
      key,
      fromBase64Url(envelope.ciphertext) as Uint8Array<ArrayBuffer>,
    );
  } catch {
    return undefined;
  }
  return decodePlaintext(new Uint8Array(plain));
}

/** Whether the envelope was sealed with the same derivation as `syncKey` (same salt and count). */
export function sameDerivation(envelope: KeyringEnvelope, syncKey: Pick<SyncKey, 'salt' | 'iterations'>): boolean {
  return envelope.kdf.salt === syncKey.salt && envelope.kdf.iterations === syncKey.iterations;
}
