/**
 * The user's master key: it wraps every conversation's data key and seals the audit log and the
 * signing key. Three sources: a non-extractable key this browser profile keeps (`device`), a key
 * derived from the user's passphrase, or 32 raw bytes from a key file (Node file store). A check
 * value sealed under the key is kept beside the data, so a wrong passphrase or key file is refused
 * with a clear message at open instead of surfacing later as "damaged" conversations.
 */
import { utf8 } from '../../acu/bytes.js';
import { TesseraError } from '../../errors/tessera-error.js';
import type { RecordBackend, SecretValue } from '../record-backend.js';
import { open, seal } from './aes-gcm.js';

/** Where the master key comes from. */
export type MasterKeySource =
  /** Nothing at rest (memory): records are kept as objects, nothing is encrypted. */
  | { type: 'none' }
  /** A non-extractable AES key generated once and kept by the backend (IndexedDB). */
  | { type: 'device' }
  /** PBKDF2-SHA-256, 600,000 iterations, over a random 16-byte salt kept as a secret. */
  | { type: 'passphrase'; passphrase: string }
  /** 32 raw bytes supplied by the caller (a key file beside a file store). */
  | { type: 'key-file'; key: Uint8Array<ArrayBuffer> };

export type EncryptingSource = Exclude<MasterKeySource, { type: 'none' }>;

/**
 * Shorter passphrases fall to offline guessing by anyone holding a copy of the data, whatever the
 * iteration count; 12 characters is where a few random words start to be out of reach.
 */
export const MIN_STORE_PASSPHRASE_LENGTH = 12;
/** OWASP's 2023 figure for PBKDF2-HMAC-SHA-256. */
export const PBKDF2_ITERATIONS = 600_000;
const SALT_BYTES = 16;
const KEY_FILE_BYTES = 32;

/** Secret names, beside the data keys (`data-key:<conversation id>`). */
export const MASTER_SECRETS = {
  /** Which source protects this store: another source cannot open it. */
  kind: 'master-kind',
  key: 'master-key',
  salt: 'master-salt',
  check: 'master-check',
} as const;

const CHECK_CONTEXT = ['tessera.master-check/1'] as const;
const CHECK_TEXT = 'tessera master key check';
const USAGES: KeyUsage[] = ['encrypt', 'decrypt', 'wrapKey', 'unwrapKey'];
const AES_256 = { name: 'AES-GCM', length: 256 } as const;

const DESCRIBED: Record<EncryptingSource['type'], string> = {
  device: 'this browser’s own key',
  passphrase: 'a passphrase',
  'key-file': 'a key file',
};

const WRONG_KEY: Record<EncryptingSource['type'], string> = {
  passphrase: 'That passphrase does not unlock the saved conversations. Check it (it is case-sensitive) and try again.',
  'key-file': 'That key file does not unlock the saved conversations. Use the key file they were saved with.',
  device:
    'This browser’s key no longer matches the saved conversations, so they cannot be opened. Restore them from an export, or clear this site’s data to start afresh.',
};

/** Checks a source before any work: a short passphrase or a key file of the wrong size is a mistake, not a storage problem. */
export function validateSource(source: MasterKeySource, backend: RecordBackend): void {
  if (source.type === 'passphrase') {
    if (typeof source.passphrase !== 'string' || [...source.passphrase].length < MIN_STORE_PASSPHRASE_LENGTH) {
      throw new TesseraError(
        'validation',
        `The storage passphrase must be at least ${MIN_STORE_PASSPHRASE_LENGTH} characters long: a few unrelated words work well.`,
      );
    }
  } else if (source.type === 'key-file') {
    if (!(source.key instanceof Uint8Array) || source.key.length !== KEY_FILE_BYTES) {
      throw new TesseraError('validation', `A storage key file must hold exactly ${KEY_FILE_BYTES} random bytes.`);
    }
  } else if (source.type === 'device' && !backend.keepsCryptoKeys) {
    throw new TesseraError(
      'validation',
      `The ${backend.kind} store cannot keep a device key: protect it with a key file or a passphrase.`,
    );
  }
}

async function deviceKey(backend: RecordBackend): Promise<CryptoKey> {
  const existing = await backend.getSecret(MASTER_SECRETS.key);
  if (existing instanceof CryptoKey) return existing;
  const created = await crypto.subtle.generateKey(AES_256, false, USAGES);
  // Two tabs opening a new database at once: the first key written wins and both use it.
  const kept = await backend.putSecret(MASTER_SECRETS.key, created, { ifAbsent: true });
  if (!(kept instanceof CryptoKey)) throw damagedSecrets('the device key');
  return kept;
}

async function passphraseKey(backend: RecordBackend, passphrase: string): Promise<CryptoKey> {
  let salt = await backend.getSecret(MASTER_SECRETS.salt);
  if (salt === undefined) {
    salt = await backend.putSecret(MASTER_SECRETS.salt, crypto.getRandomValues(new Uint8Array(SALT_BYTES)), {
      ifAbsent: true,
    });
  }
  if (!(salt instanceof Uint8Array) || salt.length !== SALT_BYTES) throw damagedSecrets('the passphrase salt');
  // NFC: the same passphrase typed on another keyboard or OS can arrive in another Unicode form.
  const material = await crypto.subtle.importKey('raw', utf8(passphrase.normalize('NFC')), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(salt), iterations: PBKDF2_ITERATIONS },
    material,
    AES_256,
    false,
    USAGES,
  );
}

function damagedSecrets(what: string): TesseraError {
  return new TesseraError(
    'storage',
    `The saved conversations cannot be opened: ${what} kept with them is damaged. Restore them from an export, or clear this site’s data to start afresh.`,
  );
}

async function opens(key: CryptoKey, check: SecretValue): Promise<boolean> {
  if (!(check instanceof Uint8Array)) return false;
  try {
    return new TextDecoder().decode(await open(key, CHECK_CONTEXT, check)) === CHECK_TEXT;
  } catch {
    return false;
  }
}

/**
 * The master key for `source`, created on first use. Rejects with a `storage` TesseraError when the
 * store is protected by another kind of key, or when this key is not the one the store was sealed with.
 */
export async function openMasterKey(backend: RecordBackend, source: EncryptingSource): Promise<CryptoKey> {
  validateSource(source, backend);
  const kind = await backend.putSecret(MASTER_SECRETS.kind, source.type, { ifAbsent: true });
  if (kind !== source.type) {
    const stored = typeof kind === 'string' && kind in DESCRIBED ? DESCRIBED[kind as EncryptingSource['type']] : '';
    throw new TesseraError(
      'storage',
      stored
        ? `The saved conversations are protected by ${stored}, not by ${DESCRIBED[source.type]}. Open them with ${stored} (the \`encryption\` option).`
        : 'The saved conversations cannot be opened: the record of how they are protected is damaged.',
      { details: { reason: 'other-master-key', stored: kind } },
    );
  }
  const key =
    source.type === 'device'
      ? await deviceKey(backend)
      : source.type === 'passphrase'
        ? await passphraseKey(backend, source.passphrase)
        : await crypto.subtle.importKey('raw', new Uint8Array(source.key), AES_256, false, USAGES);

  let check = await backend.getSecret(MASTER_SECRETS.check);
  if (check === undefined) {
    const sealed = await seal(key, CHECK_CONTEXT, utf8(CHECK_TEXT));
    // Another tab may have written its check first; it is then the one to verify against.
    check = await backend.putSecret(MASTER_SECRETS.check, sealed, { ifAbsent: true });
    if (check === sealed) return key;
  }
  if (!(await opens(key, check))) {
    throw new TesseraError('storage', WRONG_KEY[source.type], {
      details: { reason: source.type === 'passphrase' ? 'wrong-passphrase' : 'wrong-key' },
    });
  }
  return key;
}
