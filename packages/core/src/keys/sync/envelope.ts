import * as z from 'zod/mini';
import { fromBase64Url } from '../../acu/bytes.js';
import { TesseraError } from '../../errors/tessera-error.js';

/** The vault blob that holds the synced keyring. */
export const KEYRING_BLOB_ID = 'keyring';
/** How the keyring blob is labelled on the server (which stores it as given and never reads it). */
export const KEYRING_CONTENT_TYPE = 'application/vnd.tessera.keyring+json; v=1';
/** OWASP's 2023 figure for PBKDF2-HMAC-SHA-256. */
export const PBKDF2_ITERATIONS = 600_000;

const base64url = (what: string, bytes?: { min: number; max: number }) =>
  z.string().check(
    z.refine(
      (text) => {
        const decoded = fromBase64Url(text);
        return decoded !== undefined && (!bytes || (decoded.length >= bytes.min && decoded.length <= bytes.max));
      },
      `${what} must be base64url${bytes ? ` of ${bytes.min} to ${bytes.max} bytes` : ''}.`,
    ),
  );

/**
 * The blob as stored: which key derivation unlocks it, and the AES-GCM ciphertext of the keyring.
 * Everything a device needs to open it except the passphrase. The bounds on `iterations` keep a
 * tampered blob from making a device spin for minutes, or derive with a trivially weak count.
 */
export const keyringEnvelopeSchema = z.strictObject({
  v: z.literal(1),
  kdf: z.strictObject({
    name: z.literal('PBKDF2-SHA-256'),
    iterations: z.int().check(z.gte(100_000), z.lte(10_000_000)),
    salt: base64url('kdf.salt', { min: 16, max: 64 }),
  }),
  iv: base64url('iv', { min: 12, max: 12 }),
  ciphertext: base64url('ciphertext'),
});
export type KeyringEnvelope = z.infer<typeof keyringEnvelopeSchema>;

const isoDate = z.iso.datetime({ offset: true });

/** One synced key: what the vault holds for a provider, with when it was added. */
export const syncedKeySchema = z.strictObject({
  provider: z.string().check(z.minLength(1)),
  /** Empty for a local server connected without a key. */
  apiKey: z.string(),
  baseURL: z.optional(z.url({ protocol: /^https?$/ })),
  addedAt: isoDate,
});
export type SyncedKey = z.infer<typeof syncedKeySchema>;

/** A key removed on some device, remembered so the removal wins over older copies elsewhere. */
export const removedKeySchema = z.strictObject({
  provider: z.string().check(z.minLength(1)),
  removedAt: isoDate,
});
export type RemovedKey = z.infer<typeof removedKeySchema>;

/** What the ciphertext decrypts to. */
export const keyringPlaintextSchema = z.strictObject({
  keys: z.array(syncedKeySchema),
  removed: z.array(removedKeySchema),
});
export type KeyringPlaintext = z.infer<typeof keyringPlaintextSchema>;

const unreadable = (cause: unknown) =>
  new TesseraError(
    'invalid_response',
    'Your saved keys are in a format this version of Tessera cannot read. Update the page (or the SDK) and try again; your keys on this device are unchanged.',
    { cause },
  );

/** The blob's bytes: the envelope as UTF-8 JSON. */
export function encodeEnvelope(envelope: KeyringEnvelope): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(JSON.stringify(envelope));
}

/** The envelope in a blob's bytes; an `invalid_response` TesseraError for anything else. */
export function decodeEnvelope(bytes: Uint8Array): KeyringEnvelope {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (cause) {
    throw unreadable(cause);
  }
  const parsed = keyringEnvelopeSchema.safeParse(json);
  if (!parsed.success) throw unreadable(parsed.error);
  return parsed.data;
}

/** The keyring in decrypted bytes; an `invalid_response` TesseraError for anything else. */
export function decodePlaintext(bytes: Uint8Array): KeyringPlaintext {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (cause) {
    throw unreadable(cause);
  }
  const parsed = keyringPlaintextSchema.safeParse(json);
  if (!parsed.success) throw unreadable(parsed.error);
  return parsed.data;
}
