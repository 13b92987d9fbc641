/**
 * Per-user signing keys with Web Crypto. Ed25519 where the platform has it (Node 20, Chromium 137+,
 * Firefox 129+, Safari 17+), ECDSA P-256 with SHA-256 elsewhere. Private keys are generated
 * non-extractable: they can be used and stored (IndexedDB keeps a `CryptoKey` by structured clone)
 * but never read, so no script on the page can copy a user's identity out.
 */
import * as z from 'zod/mini';
import { TesseraError } from '../errors/tessera-error.js';
import { parseOrThrow } from '../errors/validation.js';
import { toBase64Url, utf8 } from './bytes.js';
import { canonicalJson } from './canonical.js';
import { sha256 } from './hash.js';
import { type SigningAlgorithm, signerKeyIdSchema, signingAlgorithmSchema } from './schema.js';

const base64url = z.string().check(z.regex(/^[A-Za-z0-9_-]+$/, 'must be base64url.'));

// `z.object`, not strict: keys exported by Web Crypto carry `key_ops`, `ext` and `alg`, which are
// dropped here, and so is a private `d` pasted by mistake: only the public members are kept.
const ed25519JwkSchema = z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: base64url });
const p256JwkSchema = z.object({ kty: z.literal('EC'), crv: z.literal('P-256'), x: base64url, y: base64url });

/** The public members of a signing key as a JWK (RFC 7517 / RFC 8037). */
export const publicJwkSchema = z.union([ed25519JwkSchema, p256JwkSchema]);
export type PublicJwk = z.infer<typeof publicJwkSchema>;

const JWK_KTY: Record<SigningAlgorithm, string> = { Ed25519: 'OKP', 'ECDSA-P256': 'EC' };

/**
 * A user's public key as anyone verifying their ACUs needs it: published with exports, kept by
 * whoever verifies. `keyId` is the key's RFC 7638 thumbprint, checked when the key is used.
 */
export const acuPublicKeySchema = z
  .strictObject({
    keyId: signerKeyIdSchema,
    ownerId: z.string().check(z.minLength(1, 'must not be empty.')),
    algorithm: signingAlgorithmSchema,
    jwk: publicJwkSchema,
  })
  .check(
    z.refine((key) => JWK_KTY[key.algorithm] === key.jwk.kty, {
      message: 'does not match the algorithm.',
      path: ['jwk'],
    }),
  );
export type AcuPublicKey = z.infer<typeof acuPublicKeySchema>;

/** The owner's signing capability. Holds a non-extractable private key; never serialize it. */
export interface AcuSigner {
  readonly ownerId: string;
  /** RFC 7638 thumbprint of the public key; goes into every ACU as `provenance.signerKeyId`. */
  readonly keyId: string;
  readonly algorithm: SigningAlgorithm;
  /** The public half, to publish (exports) and to verify with. */
  readonly publicKey: AcuPublicKey;
  /** The key pair to persist: put it in IndexedDB as is and rebuild with `signerFromKeyPair`. */
  readonly keyPair: CryptoKeyPair;
  /** Signs bytes; the signature is raw (64 bytes for both algorithms). */
  sign(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>>;
}

export interface GenerateSignerOptions {
  /**
   * `auto` (default): Ed25519 if this platform can make the key, ECDSA-P256 otherwise. Naming an
   * algorithm forces it (tests of the fallback path, or interop with a P-256-only verifier).
   */
  algorithm?: SigningAlgorithm | 'auto';
  /**
   * Make the private key extractable. Only for a store that cannot keep `CryptoKey`s as they are
   * (a file store) or that seals the key under its master key (a passphrase): it wraps the key
   * before saving it and gives it back non-extractable. Default `false`; never hand such a key out.
   */
  extractable?: boolean;
}

const ED25519 = { name: 'Ed25519' } as const;
const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' } as const;

function importParams(algorithm: SigningAlgorithm): AlgorithmIdentifier | EcKeyImportParams {
  return algorithm === 'Ed25519' ? ED25519 : ECDSA_P256;
}

function signParams(algorithm: SigningAlgorithm): AlgorithmIdentifier | EcdsaParams {
  return algorithm === 'Ed25519' ? ED25519 : ECDSA_SHA256;
}

/** Which of our algorithms a Web Crypto key is for, if any. */
function algorithmOf(key: CryptoKey): SigningAlgorithm | undefined {
  const { name, namedCurve } = key.algorithm as { name: string; namedCurve?: string };
  if (name === 'Ed25519') return 'Ed25519';
  if (name === 'ECDSA' && namedCurve === 'P-256') return 'ECDSA-P256';
  return undefined;
}

async function generateKeyPair(choice: SigningAlgorithm | 'auto', extractable: boolean): Promise<CryptoKeyPair> {
  if (choice !== 'ECDSA-P256') {
    // Feature detection by trying: a platform without Ed25519 rejects with NotSupportedError, and
    // there is no other reliable test (the algorithm name alone says nothing).
    try {
      return (await crypto.subtle.generateKey(ED25519, extractable, ['sign', 'verify'])) as CryptoKeyPair;
    } catch (cause) {
      if (choice === 'Ed25519') {
        throw new TesseraError('validation', 'This platform cannot make Ed25519 keys: use ECDSA-P256.', { cause });
      }
    }
  }
  return crypto.subtle.generateKey(ECDSA_P256, extractable, ['sign', 'verify']);
}

/**
 * RFC 7638 JWK thumbprint (SHA-256, base64url) of a public key: a stable id computed from the key
 * itself, so anyone can check that a key is the one an ACU names.
 */
export async function jwkThumbprint(jwk: PublicJwk): Promise<string> {
  // The required members only, in lexicographic order, no whitespace: RFC 8785 output is exactly that.
  const members =
    jwk.kty === 'OKP' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x } : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
  return toBase64Url(await sha256(utf8(canonicalJson(members))));
}

/** Creates a new key pair for `ownerId` and a signer over it. */
export async function generateSigner(ownerId: string, options: GenerateSignerOptions = {}): Promise<AcuSigner> {
  const algorithm = parseOrThrow(
    z.optional(z.enum(['auto', 'Ed25519', 'ECDSA-P256'])),
    options.algorithm,
    'signing algorithm',
  );
  return signerFromKeyPair(ownerId, await generateKeyPair(algorithm ?? 'auto', options.extractable === true));
}

/**
 * A signer over an existing key pair (one read back from IndexedDB). Checks that the pair is an
 * Ed25519 or ECDSA P-256 pair whose halves belong together, by signing and verifying once.
 */
export async function signerFromKeyPair(ownerId: string, keyPair: CryptoKeyPair): Promise<AcuSigner> {
  if (typeof ownerId !== 'string' || ownerId.length === 0) {
    throw new TesseraError('validation', 'A signing key needs the id of the user who owns it.');
  }
  const algorithm = algorithmOf(keyPair.privateKey);
  if (!algorithm || algorithmOf(keyPair.publicKey) !== algorithm || !keyPair.privateKey.usages.includes('sign')) {
    throw new TesseraError('validation', 'This is not an Ed25519 or ECDSA P-256 signing key pair.');
  }
  const jwk = parseOrThrow(publicJwkSchema, await crypto.subtle.exportKey('jwk', keyPair.publicKey), 'public key');
  const keyId = await jwkThumbprint(jwk);
  const params = signParams(algorithm);
  const { privateKey } = keyPair;
  const sign = async (data: Uint8Array<ArrayBuffer>) =>
    new Uint8Array(await crypto.subtle.sign(params, privateKey, data));

  const probe = utf8('tessera-key-pair-check');
  if (!(await crypto.subtle.verify(params, keyPair.publicKey, await sign(probe), probe))) {
    throw new TesseraError('validation', 'The two halves of this signing key pair do not belong together.');
  }
  return { ownerId, keyId, algorithm, publicKey: { keyId, ownerId, algorithm, jwk }, keyPair, sign };
}

/** A trusted key imported into Web Crypto, or why it cannot be used. */
export type ImportedKey = { key: CryptoKey } | { problem: string };

/**
 * The public keys a verifier trusts, by key id: the user's own, and those of people whose exports
 * they import. Each key is checked against its id (thumbprint) and imported into Web Crypto once,
 * however many ACUs it verifies.
 */
export class AcuKeySet {
  readonly #keys = new Map<string, AcuPublicKey>();
  readonly #imported = new Map<string, Promise<ImportedKey>>();

  constructor(keys: Iterable<AcuPublicKey> = []) {
    for (const key of keys) this.add(key);
  }

  /**
   * Adds a key (validated). Throws a `validation` TesseraError for a malformed key, or for a key id
   * already registered with a different key or owner.
   */
  add(key: AcuPublicKey): AcuPublicKey {
    const parsed = parseOrThrow(acuPublicKeySchema, key, 'public key');
    const existing = this.#keys.get(parsed.keyId);
    if (existing) {
      if (canonicalJson(existing) !== canonicalJson(parsed)) {
        throw new TesseraError('validation', `Key ${parsed.keyId} is already registered with another owner or key.`);
      }
      return existing;
    }
    this.#keys.set(parsed.keyId, parsed);
    return parsed;
  }

  get(keyId: string): AcuPublicKey | undefined {
    return this.#keys.get(keyId);
  }

  list(): AcuPublicKey[] {
    return [...this.#keys.values()];
  }

  get size(): number {
    return this.#keys.size;
  }

  /** The Web Crypto key for `keyId`, or why it cannot be trusted (its JWK is not the key its id names). */
  importKey(keyId: string): Promise<ImportedKey> | undefined {
    const record = this.#keys.get(keyId);
    if (!record) return undefined;
    let imported = this.#imported.get(keyId);
    if (!imported) {
      imported = importPublicKey(record);
      this.#imported.set(keyId, imported);
    }
    return imported;
  }
}

async function importPublicKey(record: AcuPublicKey): Promise<ImportedKey> {
  if ((await jwkThumbprint(record.jwk)) !== record.keyId) {
    return { problem: `The public key registered as ${record.keyId} is a different key (its thumbprint differs).` };
  }
  try {
    const key = await crypto.subtle.importKey('jwk', record.jwk, importParams(record.algorithm), true, ['verify']);
    return { key };
  } catch {
    return { problem: `The public key registered as ${record.keyId} is not a valid ${record.algorithm} key.` };
  }
}

/** Verifies a raw signature; `false` (never a throw) for a signature that does not verify. */
export async function verifySignature(
  key: CryptoKey,
  algorithm: SigningAlgorithm,
  signature: Uint8Array<ArrayBuffer>,
  data: Uint8Array<ArrayBuffer>,
): Promise<boolean> {
  try {
    return await crypto.subtle.verify(signParams(algorithm), key, signature, data);
  } catch {
    return false;
  }
}

/** The JWK of a public key as anyone can publish it, e.g. beside an export. */
export function exportPublicKey(signer: AcuSigner): AcuPublicKey {
  return structuredClone(signer.publicKey);
}

/** Reads a published public key (JWK inside), validated; the thumbprint is checked when it is used. */
export function parsePublicKey(input: unknown): AcuPublicKey {
  return parseOrThrow(acuPublicKeySchema, input, 'public key');
}

/** A public key record from a bare JWK (as another tool publishes it): key id and algorithm derived from it. */
export async function publicKeyFromJwk(ownerId: string, jwk: unknown): Promise<AcuPublicKey> {
  const parsed = parseOrThrow(publicJwkSchema, jwk, 'public key');
  const algorithm: SigningAlgorithm = parsed.kty === 'OKP' ? 'Ed25519' : 'ECDSA-P256';
  return parsePublicKey({ keyId: await jwkThumbprint(parsed), ownerId, algorithm, jwk: parsed });
}
