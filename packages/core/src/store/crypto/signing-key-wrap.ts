/**
 * The owner's signing key pair as bytes, for stores whose signing key must be protected by the
 * master key (passphrase, key file) or whose backend cannot keep `CryptoKey`s (files). The private
 * key is wrapped by Web Crypto (its bytes never reach JavaScript); the whole record, public key
 * included, is then sealed under the master key for the owner, so without the master key nothing
 * of it can be read, and it cannot be passed off as another owner's key.
 */
import { fromBase64Url, toBase64Url, utf8 } from '../../acu/bytes.js';
import { open, type SealContext, seal, unwrapKey, wrapKey } from './aes-gcm.js';

type SigningAlgorithmParams = { name: 'Ed25519' } | { name: 'ECDSA'; namedCurve: 'P-256' };

interface WrappedSigningKey {
  algorithm: SigningAlgorithmParams;
  publicJwk: JsonWebKey;
  /** Base64url of `iv ‖ AES-GCM(pkcs8)`. */
  privateKey: string;
}

/** The secret name of an owner's signing key pair. */
export function signingKeyName(ownerId: string): string {
  return `signing-key:${ownerId}`;
}

function contexts(ownerId: string): { record: SealContext; privateKey: SealContext } {
  return {
    record: ['tessera.signing-key/1', ownerId],
    privateKey: ['tessera.signing-key/1/private', ownerId],
  };
}

function algorithmOf(key: CryptoKey): SigningAlgorithmParams {
  const { name, namedCurve } = key.algorithm as { name: string; namedCurve?: string };
  if (name === 'Ed25519') return { name };
  if (name === 'ECDSA' && namedCurve === 'P-256') return { name, namedCurve };
  throw new TypeError('Only Ed25519 and ECDSA P-256 signing keys are kept.');
}

/** Seals a key pair under the master key. The private key must be extractable (Web Crypto wraps only those). */
export async function wrapSigningKey(
  master: CryptoKey,
  ownerId: string,
  keyPair: CryptoKeyPair,
): Promise<Uint8Array<ArrayBuffer>> {
  const context = contexts(ownerId);
  const record: WrappedSigningKey = {
    algorithm: algorithmOf(keyPair.privateKey),
    publicJwk: await crypto.subtle.exportKey('jwk', keyPair.publicKey),
    privateKey: toBase64Url(await wrapKey('pkcs8', keyPair.privateKey, master, context.privateKey)),
  };
  return seal(master, context.record, utf8(JSON.stringify(record)));
}

/** Opens a sealed key pair: the private key comes back non-extractable, usable only to sign. */
export async function unwrapSigningKey(master: CryptoKey, ownerId: string, sealed: Uint8Array): Promise<CryptoKeyPair> {
  const context = contexts(ownerId);
  const record = JSON.parse(new TextDecoder().decode(await open(master, context.record, sealed))) as WrappedSigningKey;
  const wrapped = fromBase64Url(record.privateKey);
  if (!wrapped) throw new TypeError('The wrapped private key is not base64url.');
  const [privateKey, publicKey] = await Promise.all([
    unwrapKey('pkcs8', wrapped, master, context.privateKey, record.algorithm, false, ['sign']),
    crypto.subtle.importKey('jwk', record.publicJwk, record.algorithm, true, ['verify']),
  ]);
  return { privateKey, publicKey };
}
