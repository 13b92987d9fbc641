import * as z from 'zod/mini';
import { fromBase64Url, toBase64Url, utf8 } from '../acu/bytes.js';
import { hashCanonical } from '../acu/hash.js';
import { acuHashSchema } from '../acu/schema.js';
import { AcuKeySet, type AcuSigner, acuPublicKeySchema, jwkThumbprint, verifySignature } from '../acu/signing.js';
import type { AcuFailure } from '../acu/verify.js';
import { isTesseraError, TesseraError } from '../errors/tessera-error.js';
import { parseOrThrow } from '../errors/validation.js';

const nonEmpty = z.string().check(z.minLength(1, 'must not be empty.'));

/**
 * What a receipt's signature covers: this prefix and the receipt's `hash`, UTF-8. The same key signs
 * the owner's ACUs under `tessera-acu-v1:`; distinct prefixes keep a receipt signature from ever
 * passing as an ACU signature, or the other way round.
 */
export const DELETION_RECEIPT_SIGNATURE_CONTEXT = 'tessera-deletion-receipt-v1:';

/**
 * Proof given to the user that a conversation was deleted: which ACUs (by hash) were destroyed,
 * when, signed by the owner's ACU signing key so it can be checked later by anyone holding the
 * embedded public key. Contains no content.
 */
export const deletionReceiptSchema = z.strictObject({
  type: z.literal('tessera.deletion-receipt'),
  version: z.literal(1),
  ownerId: nonEmpty,
  conversationId: nonEmpty,
  /** When the deletion was carried out (ISO 8601, UTC). */
  deletedAt: z.iso.datetime(),
  /** `crypto-shred`: the conversation's data key was destroyed with its records. `erase` where nothing was encrypted. */
  method: z.enum(['crypto-shred', 'erase']),
  /** `provenance.hash` of every ACU deleted, every branch, in the store's order (by id). */
  acuHashes: z.array(acuHashSchema),
  messageCount: z.int().check(z.nonnegative()),
  /** `sha256:<hex>` of the RFC 8785 canonical JSON of every field above. */
  hash: acuHashSchema,
  /**
   * Base64url signature of `DELETION_RECEIPT_SIGNATURE_CONTEXT + hash` (UTF-8), made as ACU
   * signatures are: Ed25519, or ECDSA P-256 + SHA-256 (raw `r || s`).
   */
  signature: z.string().check(z.regex(/^[A-Za-z0-9_-]+$/, 'must be base64url.')),
  /** The signer's public key, so the receipt verifies on its own. */
  publicKey: acuPublicKeySchema,
});
export type DeletionReceipt = z.infer<typeof deletionReceiptSchema>;

/** What a receipt is issued for: everything but the type, version, hash, signature and key. */
export type DeletionReceiptFields = Pick<
  DeletionReceipt,
  'ownerId' | 'conversationId' | 'method' | 'acuHashes' | 'messageCount' | 'deletedAt'
>;

const receiptFieldsSchema = z.pick(deletionReceiptSchema, {
  ownerId: true,
  conversationId: true,
  method: true,
  acuHashes: true,
  messageCount: true,
  deletedAt: true,
});

/** Why a receipt fails verification. */
export type DeletionReceiptFailureReason =
  /** Not a version-1 receipt: a field missing, malformed or unknown. */
  | 'schema'
  /** The signed fields do not hash to `hash`: something was changed after the receipt was issued. */
  | 'hash-mismatch'
  /** `publicKey.keyId` is not the thumbprint of `publicKey.jwk`: the key was swapped or altered. */
  | 'key-id-mismatch'
  /** The embedded key names another owner than the receipt. */
  | 'owner-mismatch'
  /** The embedded JWK is no usable key of its algorithm. */
  | 'invalid-key'
  /** The signature does not verify under the embedded key. */
  | 'bad-signature';

/** `{ ok: true }`, or the reason (stable, for code), the field at fault and a sentence (for people). */
export type DeletionReceiptVerification = { ok: true } | AcuFailure<DeletionReceiptFailureReason>;

function signedBytes(hash: string): Uint8Array<ArrayBuffer> {
  return utf8(DELETION_RECEIPT_SIGNATURE_CONTEXT + hash);
}

function unsignedPart(receipt: DeletionReceiptFields): Omit<DeletionReceipt, 'hash' | 'signature' | 'publicKey'> {
  return {
    type: 'tessera.deletion-receipt',
    version: 1,
    ownerId: receipt.ownerId,
    conversationId: receipt.conversationId,
    deletedAt: receipt.deletedAt,
    method: receipt.method,
    acuHashes: receipt.acuHashes,
    messageCount: receipt.messageCount,
  };
}

/**
 * Issues a signed receipt: hashes the fields (RFC 8785 canonical JSON, SHA-256), signs the hash
 * with the owner's key and embeds the public key. Throws a `validation` TesseraError for fields
 * that are not valid, or an `ownerId` that is not the signer's.
 */
export async function issueDeletionReceipt(signer: AcuSigner, fields: DeletionReceiptFields): Promise<DeletionReceipt> {
  const parsed = parseOrThrow(receiptFieldsSchema, fields, 'deletion receipt');
  if (parsed.ownerId !== signer.ownerId) {
    throw new TesseraError('validation', "A deletion receipt can only be signed with its owner's own key.");
  }
  const unsigned = unsignedPart(parsed);
  const hash = await hashCanonical(unsigned);
  const signature = toBase64Url(await signer.sign(signedBytes(hash)));
  return { ...unsigned, hash, signature, publicKey: structuredClone(signer.publicKey) };
}

function fail(
  reason: DeletionReceiptFailureReason,
  field: string,
  message: string,
): AcuFailure<DeletionReceiptFailureReason> {
  return { ok: false, reason, field, message };
}

/**
 * Checks a receipt on its own: its shape, its hash recomputed from the signed fields, that the
 * embedded key is the key its id names and belongs to the receipt's owner, and the signature.
 * Never throws for a bad receipt: the answer says what is wrong and where. This proves the receipt
 * is intact and signed by the embedded key; whether that key is the user's is for the caller to
 * compare (`tessera.acu.publicKey()`, or the key published with an export).
 */
export async function verifyDeletionReceipt(value: unknown): Promise<DeletionReceiptVerification> {
  let receipt: DeletionReceipt;
  try {
    receipt = parseOrThrow(deletionReceiptSchema, value, 'deletion receipt');
  } catch (error) {
    if (!isTesseraError(error)) throw error;
    const first = (error.details as { path: string[] }[] | undefined)?.[0];
    return fail('schema', first?.path.join('.') || '(root)', error.message);
  }

  // Hash first: a changed field is reported as such, not as the signature failure it also causes.
  if ((await hashCanonical(unsignedPart(receipt))) !== receipt.hash) {
    return fail(
      'hash-mismatch',
      'hash',
      'This receipt was changed after it was issued: its fields no longer match its hash.',
    );
  }
  const { publicKey } = receipt;
  if ((await jwkThumbprint(publicKey.jwk)) !== publicKey.keyId) {
    return fail(
      'key-id-mismatch',
      'publicKey.keyId',
      'The public key in this receipt is not the key its id names: the key was altered or swapped.',
    );
  }
  if (publicKey.ownerId !== receipt.ownerId) {
    return fail(
      'owner-mismatch',
      'publicKey.ownerId',
      `This receipt is for owner ${receipt.ownerId} but its key belongs to ${publicKey.ownerId}.`,
    );
  }
  const imported = await new AcuKeySet([publicKey]).importKey(publicKey.keyId);
  if (!imported || 'problem' in imported) {
    return fail(
      'invalid-key',
      'publicKey.jwk',
      `The public key in this receipt is not a valid ${publicKey.algorithm} key.`,
    );
  }
  const signature = fromBase64Url(receipt.signature);
  if (!signature || !(await verifySignature(imported.key, publicKey.algorithm, signature, signedBytes(receipt.hash)))) {
    return fail('bad-signature', 'signature', 'The signature does not match: this receipt was not signed by its key.');
  }
  return { ok: true };
}
