import { toHex, utf8 } from './bytes.js';
import { canonicalBytes } from './canonical.js';
import { ACU_SIGNATURE_CONTEXT, type AcuHashable, acuHashedFields } from './schema.js';

/** A content hash as Tessera writes it: `sha256:` and 64 lowercase hex digits. */
export type Sha256Hash = `sha256:${string}`;

/** SHA-256 with Web Crypto: native in browsers, Workers and Node, and off the JS thread's hot loop. */
export async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

/** `sha256:<hex>` of raw bytes. */
export async function sha256Hash(bytes: Uint8Array<ArrayBuffer>): Promise<Sha256Hash> {
  return `sha256:${toHex(await sha256(bytes))}`;
}

/** `sha256:<hex>` of the RFC 8785 canonical JSON of `value`. */
export function hashCanonical(value: unknown): Promise<Sha256Hash> {
  return sha256Hash(canonicalBytes(value));
}

/**
 * An ACU's content hash: `sha256:<hex>` of the canonical JSON of its hashed fields (see
 * `acuHashedFields` in schema.ts for exactly which fields, and why).
 */
export function computeAcuHash(acu: AcuHashable): Promise<Sha256Hash> {
  return hashCanonical(acuHashedFields(acu));
}

/** The bytes an ACU signature covers: `ACU_SIGNATURE_CONTEXT` and the hash, UTF-8. */
export function acuSignedBytes(hash: string): Uint8Array<ArrayBuffer> {
  return utf8(ACU_SIGNATURE_CONTEXT + hash);
}
