import { isTesseraError } from '../errors/tessera-error.js';
import { parseOrThrow } from '../errors/validation.js';
import { fromBase64Url } from './bytes.js';
import { acuSignedBytes, computeAcuHash } from './hash.js';
import { ACU_SCHEMA_VERSION, type Acu, acuSchema } from './schema.js';
import { AcuKeySet, type AcuPublicKey, verifySignature } from './signing.js';

/** Why one ACU fails verification on its own. */
export type AcuFailureReason =
  /** Not a valid v1 ACU (a missing or malformed field, a newer or older schema version). */
  | 'schema'
  /** The hashed fields do not hash to `provenance.hash`: something hashed was changed. */
  | 'hash-mismatch'
  /** `provenance.signerKeyId` names no trusted key (or the key given under that id is another key). */
  | 'unknown-signer'
  /** The signing key belongs to someone other than `ownerId`. */
  | 'owner-mismatch'
  /** `provenance.algorithm` is not the signing key's algorithm. */
  | 'algorithm-mismatch'
  /** The signature does not verify: the hash was re-computed by someone without the owner's key. */
  | 'bad-signature';

/** Why an ACU breaks a conversation's chain: its own failure, or a broken link to its parent. */
export type ChainFailureReason =
  | AcuFailureReason
  /** `provenance.parentId` names no ACU of this conversation. */
  | 'parent-missing'
  /** `provenance.parentHash` is not the parent's `provenance.hash`. */
  | 'parent-hash-mismatch'
  /** Another ACU earlier in the list has the same id. */
  | 'duplicate-id'
  /** The ACU belongs to another conversation. */
  | 'wrong-conversation';

/** A failure: the reason (stable, for code), the field at fault (dotted path) and a sentence (for people). */
export interface AcuFailure<R extends string = AcuFailureReason> {
  ok: false;
  reason: R;
  field: string;
  message: string;
}

export type AcuVerification = { ok: true } | AcuFailure;

/** The keys to verify with: a reusable `AcuKeySet` (keys imported once), or plain key records. */
export type AcuPublicKeys = AcuKeySet | Iterable<AcuPublicKey>;

function fail<R extends string>(reason: R, field: string, message: string): AcuFailure<R> {
  return { ok: false, reason, field, message };
}

function keySetOf(keys: AcuPublicKeys): AcuKeySet {
  return keys instanceof AcuKeySet ? keys : new AcuKeySet(keys);
}

/** Schema check with a precise field; versions outside v1 get a sentence that says what to do. */
function parseAcu(value: unknown): { acu: Acu } | AcuFailure {
  const version =
    typeof value === 'object' && value !== null ? (value as { schemaVersion?: unknown }).schemaVersion : undefined;
  if (typeof version === 'number' && version > ACU_SCHEMA_VERSION) {
    return fail(
      'schema',
      'schemaVersion',
      `This ACU uses schema version ${version}, newer than this version of Tessera understands: update Tessera to verify it.`,
    );
  }
  if (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    (version === undefined || (typeof version === 'number' && version < ACU_SCHEMA_VERSION))
  ) {
    return fail('schema', 'schemaVersion', 'This record predates ACU schema v1: upgrade it with migrateAcu first.');
  }
  try {
    return { acu: parseOrThrow(acuSchema, value, 'ACU') };
  } catch (error) {
    if (!isTesseraError(error)) throw error;
    const first = (error.details as { path: string[] }[] | undefined)?.[0];
    return fail('schema', first?.path.join('.') || '(root)', error.message);
  }
}

async function verifyParsed(acu: Acu, keys: AcuKeySet): Promise<AcuVerification> {
  const { provenance } = acu;
  // Hash first: a changed hashed field is reported as such, not as the signature failure it also causes.
  if ((await computeAcuHash(acu)) !== provenance.hash) {
    return fail(
      'hash-mismatch',
      'provenance.hash',
      'This message was changed after it was sealed: its content no longer matches its hash.',
    );
  }
  const key = keys.get(provenance.signerKeyId);
  const imported = await keys.importKey(provenance.signerKeyId);
  if (!key || !imported) {
    return fail(
      'unknown-signer',
      'provenance.signerKeyId',
      `No trusted public key has the id ${provenance.signerKeyId}.`,
    );
  }
  if ('problem' in imported) return fail('unknown-signer', 'provenance.signerKeyId', imported.problem);
  if (key.ownerId !== acu.ownerId) {
    return fail(
      'owner-mismatch',
      'ownerId',
      `This message claims owner ${acu.ownerId} but is signed by another user's key.`,
    );
  }
  if (key.algorithm !== provenance.algorithm) {
    return fail(
      'algorithm-mismatch',
      'provenance.algorithm',
      `The signature is labelled ${provenance.algorithm} but the signing key is ${key.algorithm}.`,
    );
  }
  const signature = fromBase64Url(provenance.signature);
  if (!signature || !(await verifySignature(imported.key, key.algorithm, signature, acuSignedBytes(provenance.hash)))) {
    return fail(
      'bad-signature',
      'provenance.signature',
      "The signature does not match: this message was not sealed by its owner's key.",
    );
  }
  return { ok: true };
}

/**
 * Verifies one ACU on its own: the schema (v1), the hash recomputed from the hashed fields, the
 * signer (a trusted key, belonging to `ownerId`, of the labelled algorithm) and the signature over
 * the hash. Never throws for a bad ACU: the answer says exactly what is wrong and where. (It throws
 * a `validation` TesseraError only for a malformed key in `publicKeys`: the caller's mistake.)
 * Pass an `AcuKeySet` when verifying many ACUs, so each key is checked and imported once.
 */
export async function verifyAcu(acu: unknown, publicKeys: AcuPublicKeys): Promise<AcuVerification> {
  const parsed = parseAcu(acu);
  if ('ok' in parsed) return parsed;
  return verifyParsed(parsed.acu, keySetOf(publicKeys));
}

/** One ACU that breaks the chain: where it is in the list, its id if it has one, and why. */
export interface ChainFailure extends AcuFailure<ChainFailureReason> {
  index: number;
  id: string | undefined;
}

interface ChainCounts {
  /** ACUs checked. */
  checked: number;
  /** ACUs with no parent (a conversation can have several: the first message edited). */
  roots: number;
  /** Sibling sets: parents (or the root) that more than one ACU follows. */
  branchPoints: number;
}

export type ChainVerification = ({ ok: true } & ChainCounts) | ({ ok: false; failures: ChainFailure[] } & ChainCounts);

export interface VerifyChainOptions {
  /** The conversation the ACUs must belong to; by default the first valid ACU's. */
  conversationId?: string;
}

// Web Crypto calls are async; bounded batches keep 50,000 ACUs from queuing 50,000 operations at once.
const BATCH = 64;

/**
 * Verifies a whole conversation, every branch: each ACU on its own (as `verifyAcu`), then each link
 * (the parent exists in the conversation and `parentHash` is its hash). ACUs may come in any order.
 * Reports every ACU that breaks the chain, in list order, with its first problem. A child of a
 * tampered ACU is not reported: its own link still holds; the ACU to look at is the tampered one.
 */
export async function verifyChain(
  acus: readonly unknown[],
  publicKeys: AcuPublicKeys,
  options: VerifyChainOptions = {},
): Promise<ChainVerification> {
  const keys = keySetOf(publicKeys);
  const failures = new Map<number, ChainFailure>();
  const flag = (index: number, id: string | undefined, failure: AcuFailure<ChainFailureReason>) => {
    if (!failures.has(index)) failures.set(index, { ...failure, index, id });
  };
  const idOf = (value: unknown) => {
    const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
    return typeof id === 'string' ? id : undefined;
  };

  const parsed: (Acu | undefined)[] = acus.map((value, index) => {
    const result = parseAcu(value);
    if ('ok' in result) {
      flag(index, idOf(value), result);
      return undefined;
    }
    return result.acu;
  });

  for (let start = 0; start < parsed.length; start += BATCH) {
    const batch = parsed.slice(start, start + BATCH);
    const results = await Promise.all(batch.map((acu) => (acu ? verifyParsed(acu, keys) : undefined)));
    results.forEach((result, offset) => {
      if (result && !result.ok) flag(start + offset, batch[offset]?.id, result);
    });
  }

  const conversationId = options.conversationId ?? parsed.find((acu) => acu)?.metadata.conversationId;
  const byId = new Map<string, Acu>();
  parsed.forEach((acu, index) => {
    if (!acu) return;
    if (byId.has(acu.id)) {
      flag(index, acu.id, fail('duplicate-id', 'id', `Another message of this conversation has the id ${acu.id}.`));
      return;
    }
    byId.set(acu.id, acu);
    if (acu.metadata.conversationId !== conversationId) {
      flag(
        index,
        acu.id,
        fail(
          'wrong-conversation',
          'metadata.conversationId',
          `This message belongs to conversation ${acu.metadata.conversationId}.`,
        ),
      );
    }
  });

  const children = new Map<string | null, number>();
  let roots = 0;
  parsed.forEach((acu, index) => {
    if (!acu) return;
    const { parentId, parentHash } = acu.provenance;
    children.set(parentId, (children.get(parentId) ?? 0) + 1);
    if (parentId === null) {
      roots++;
      return;
    }
    const parent = byId.get(parentId);
    if (!parent || parent.metadata.conversationId !== conversationId) {
      flag(
        index,
        acu.id,
        fail(
          'parent-missing',
          'provenance.parentId',
          `The message this one follows (${parentId}) is not in the conversation.`,
        ),
      );
    } else if (parent.provenance.hash !== parentHash) {
      flag(
        index,
        acu.id,
        fail(
          'parent-hash-mismatch',
          'provenance.parentHash',
          `The message this one follows (${parentId}) has changed: its hash is not the one this message was sealed with.`,
        ),
      );
    }
  });

  let branchPoints = 0;
  for (const count of children.values()) if (count > 1) branchPoints++;
  const counts = { checked: acus.length, roots, branchPoints };
  if (failures.size === 0) return { ok: true, ...counts };
  return { ok: false, failures: [...failures.values()].sort((a, b) => a.index - b.index), ...counts };
}
