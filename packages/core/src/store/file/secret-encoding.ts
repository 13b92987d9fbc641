import { TesseraError } from '../../errors/tessera-error.js';
import type { SecretValue } from '../record-backend.js';

// A secret file is one tag byte then the value: raw bytes, or UTF-8 text. Raw rather than base64
// because nothing in a secret file is meant to be read by a person (data keys arrive wrapped by
// the master key), and base64 would only make the files a third larger.
const BYTES = 0x62; // 'b'
const TEXT = 0x73; // 's'

/** The bytes a secret file holds. The file store keeps bytes and strings only. */
export function encodeSecret(value: SecretValue): Uint8Array<ArrayBuffer> {
  if (typeof value === 'string') {
    const text = new TextEncoder().encode(value);
    const out = new Uint8Array(text.length + 1);
    out[0] = TEXT;
    out.set(text, 1);
    return out;
  }
  if (value instanceof Uint8Array) {
    const out = new Uint8Array(value.length + 1);
    out[0] = BYTES;
    out.set(value, 1);
    return out;
  }
  throw new TesseraError(
    'storage',
    'Could not save a key: the file store keeps keys only as wrapped bytes, never as live CryptoKey objects. This is a bug in Tessera; please report it.',
  );
}

/** The secret a file holds; `undefined` when the file is not a secret file. */
export function decodeSecret(bytes: Uint8Array): SecretValue | undefined {
  if (bytes[0] === TEXT) return new TextDecoder().decode(bytes.subarray(1));
  if (bytes[0] === BYTES) return new Uint8Array(bytes.subarray(1));
  return undefined;
}
