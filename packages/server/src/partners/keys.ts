import { randomBytes } from 'node:crypto';
import { type Ed25519PublicJwk, ed25519PublicJwkSchema, parseSecretKey, partnerIdSchema } from '@tessera/core';
import { calculateJwkThumbprint } from 'jose';
import type { Database, Queryable } from '../db/database.js';
import type { MasterKey } from '../secrets/master-key.js';
import { normalizeOrigin } from './origin.js';
import type { Partner } from './partner.js';
import { findPartnerById } from './repository.js';

/** Live keys serve real users; test keys are for development. The prefix of every key says which. */
export type KeyMode = 'live' | 'test';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `length` random letters and digits, uniformly (rejection sampling, no modulo bias). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

/** A new publishable key, `pk_<mode>_<24 random>`. */
export function newPublishableKey(mode: KeyMode): string {
  return `pk_${mode}_${randomBase62(24)}`;
}

/** A new secret key, `sk_<mode>_<partnerId>_<40 random>` (about 238 bits). */
export function newSecretKey(mode: KeyMode, partnerId: string): string {
  return `sk_${mode}_${partnerId}_${randomBase62(40)}`;
}

/** What a partner is created with. */
export interface NewPartner {
  name: string;
  origins: readonly string[];
  tier?: string;
  mode?: KeyMode;
  /** Chosen id; by default one is made from the name plus random characters. */
  id?: string;
}

/** A created partner with its keys: the only time the secret key is shown. */
export interface CreatedPartner {
  partner: Partner;
  publishableKey: string;
  secretKey: string;
  keyId: string;
}

/**
 * Creates a partner with a publishable key and a first secret key, in one transaction.
 *
 * @throws {Error} for an origin that is not an http(s) origin, or a bad or taken id.
 */
export async function createPartner(db: Database, masterKey: MasterKey, input: NewPartner): Promise<CreatedPartner> {
  const mode = input.mode ?? 'test';
  const origins = [...new Set(input.origins.map(normalizeOrigin))];
  const id = input.id ?? partnerIdFromName(input.name);
  if (!partnerIdSchema.safeParse(id).success) {
    throw new Error(`"${id}" is not a partner id: use 1 to 64 lowercase letters, digits and dashes.`);
  }
  const publishableKey = newPublishableKey(mode);
  return db.transaction(async (tx) => {
    const taken = await tx.query('select 1 from partners where id = $1', [id]);
    if (taken.rows.length > 0) throw new Error(`A partner with the id "${id}" already exists.`);
    await tx.query(
      `insert into partners (id, name, tier, publishable_key, allowed_origins) values ($1, $2, $3, $4, $5)`,
      [id, input.name, input.tier ?? 'free', publishableKey, origins],
    );
    const { keyId, secretKey } = await insertSecretKey(tx, masterKey, id, mode);
    const partner = await findPartnerById(tx, id);
    if (!partner) throw new Error('The partner was written but cannot be read back.');
    return { partner, publishableKey, secretKey, keyId };
  });
}

/** `acme-inc-k3x9q2`: the name's letters and digits, then six random characters. */
function partnerIdFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  const suffix = randomBase62(6).toLowerCase();
  return slug ? `${slug}-${suffix}` : `partner-${suffix}`;
}

async function insertSecretKey(
  tx: Queryable,
  masterKey: MasterKey,
  partnerId: string,
  mode: KeyMode,
): Promise<{ keyId: string; secretKey: string }> {
  const keyId = `key_${randomBase62(16)}`;
  const secretKey = newSecretKey(mode, partnerId);
  const { nonce, ciphertext } = masterKey.seal(secretKey, secretKeyAad(partnerId, keyId));
  await tx.query(
    `insert into partner_secret_keys (id, partner_id, mode, hint, fingerprint, nonce, ciphertext)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [keyId, partnerId, mode, secretKey.slice(-4), masterKey.fingerprint(secretKey), nonce, ciphertext],
  );
  return { keyId, secretKey };
}

// Binds a ciphertext to its row: copied into another partner's row, it no longer opens.
function secretKeyAad(partnerId: string, keyId: string): string {
  return `partner_secret_keys:${partnerId}:${keyId}`;
}

/** The result of a rotation: the new key (shown once) and when the previous ones stop working. */
export interface RotatedKey {
  keyId: string;
  secretKey: string;
  previous: Array<{ keyId: string; expiresAt: Date }>;
}

/** The default time the previous secret keys keep working after a rotation: 24 hours. */
export const DEFAULT_ROTATION_GRACE_SECONDS = 24 * 60 * 60;

/**
 * Issues a new secret key. The keys in force before keep working for `graceSeconds` (24 h by
 * default; 0 ends them now), so the partner can deploy the new key before the old one stops.
 *
 * @returns undefined when there is no such partner.
 */
export async function rotateSecretKey(
  db: Database,
  masterKey: MasterKey,
  partnerId: string,
  options: { graceSeconds?: number } = {},
): Promise<RotatedKey | undefined> {
  const grace = options.graceSeconds ?? DEFAULT_ROTATION_GRACE_SECONDS;
  return db.transaction(async (tx) => {
    const partner = await tx.query<{ publishable_key: string }>(
      'select publishable_key from partners where id = $1 for update',
      [partnerId],
    );
    const row = partner.rows[0];
    if (!row) return undefined;
    const mode: KeyMode = row.publishable_key.startsWith('pk_live_') ? 'live' : 'test';
    const previous = await tx.query<{ id: string; expires_at: Date }>(
      `update partner_secret_keys
         set expires_at = least(coalesce(expires_at, 'infinity'), now() + make_interval(secs => $2))
       where partner_id = $1 and (expires_at is null or expires_at > now())
       returning id, expires_at`,
      [partnerId, grace],
    );
    const { keyId, secretKey } = await insertSecretKey(tx, masterKey, partnerId, mode);
    return {
      keyId,
      secretKey,
      previous: previous.rows.map((key) => ({ keyId: key.id, expiresAt: key.expires_at })),
    };
  });
}

/**
 * Ends a secret key or a public key of the partner now. Returns false when the partner has no key
 * with that id still in force.
 */
export async function revokeKey(db: Queryable, partnerId: string, keyId: string): Promise<boolean> {
  const secret = await db.query(
    `update partner_secret_keys set expires_at = now()
     where partner_id = $1 and id = $2 and (expires_at is null or expires_at > now())`,
    [partnerId, keyId],
  );
  if (secret.rowCount > 0) return true;
  const pub = await db.query(
    `update partner_public_keys set expires_at = now()
     where partner_id = $1 and kid = $2 and (expires_at is null or expires_at > now())`,
    [partnerId, keyId],
  );
  return pub.rowCount > 0;
}

/** A secret key as listed: never the key, only a hint. */
export interface SecretKeyInfo {
  keyId: string;
  hint: string;
  createdAt: Date;
  expiresAt: Date | null;
}

/** The partner's secret keys, newest first, without the keys themselves. */
export async function listSecretKeys(db: Queryable, partnerId: string): Promise<SecretKeyInfo[]> {
  const result = await db.query<{ id: string; mode: string; hint: string; created_at: Date; expires_at: Date | null }>(
    `select id, mode, hint, created_at, expires_at from partner_secret_keys
     where partner_id = $1 order by created_at desc, id`,
    [partnerId],
  );
  return result.rows.map((row) => ({
    keyId: row.id,
    hint: `sk_${row.mode}_${partnerId}_…${row.hint}`,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  }));
}

/** The partner's secret keys still in force, decrypted: to verify HS256 user tokens. */
export async function secretKeysInForce(db: Queryable, masterKey: MasterKey, partnerId: string): Promise<string[]> {
  const result = await db.query<{ id: string; nonce: Uint8Array; ciphertext: Uint8Array }>(
    `select id, nonce, ciphertext from partner_secret_keys
     where partner_id = $1 and (expires_at is null or expires_at > now())`,
    [partnerId],
  );
  return result.rows.map((row) => masterKey.open(row.nonce, row.ciphertext, secretKeyAad(partnerId, row.id)));
}

/**
 * The partner a secret key belongs to, when the key is one of its keys in force; found by the key's
 * fingerprint, so no key is decrypted to look it up.
 */
export async function findPartnerBySecretKey(
  db: Queryable,
  masterKey: MasterKey,
  secretKey: string,
): Promise<Partner | undefined> {
  const parsed = parseSecretKey(secretKey);
  if (!parsed) return undefined;
  const result = await db.query<{ partner_id: string }>(
    `select partner_id from partner_secret_keys
     where fingerprint = $1 and (expires_at is null or expires_at > now())`,
    [masterKey.fingerprint(secretKey)],
  );
  const partnerId = result.rows[0]?.partner_id;
  if (partnerId !== parsed.partnerId) return undefined;
  return findPartnerById(db, partnerId);
}

/**
 * Registers an Ed25519 public key for EdDSA user tokens. Its `kid` is the one given, or the key's
 * RFC 7638 thumbprint.
 *
 * @throws {Error} when `jwk` is not an Ed25519 public key (a private key is refused too).
 * @returns the kid, or undefined when there is no such partner.
 */
export async function addPublicKey(db: Queryable, partnerId: string, jwk: unknown): Promise<string | undefined> {
  const parsed = ed25519PublicJwkSchema.safeParse(jwk);
  if (!parsed.success) {
    throw new Error(
      `That is not an Ed25519 public key in JWK form ({"kty":"OKP","crv":"Ed25519","x":"…"}, no "d"): ${parsed.error.issues
        .map((issue) => `${issue.path.join('.') || 'the key'}: ${issue.message}`)
        .join('; ')}`,
    );
  }
  const key: Ed25519PublicJwk = { kty: 'OKP', crv: 'Ed25519', x: parsed.data.x };
  const kid = parsed.data.kid ?? (await calculateJwkThumbprint(key));
  const exists = await db.query('select 1 from partners where id = $1', [partnerId]);
  if (exists.rows.length === 0) return undefined;
  await db.query(
    `insert into partner_public_keys (partner_id, kid, jwk) values ($1, $2, $3::jsonb)
     on conflict (partner_id, kid) do update set jwk = excluded.jwk, expires_at = null`,
    [partnerId, kid, JSON.stringify({ ...key, kid })],
  );
  return kid;
}

/** A registered public key as listed. */
export interface PublicKeyInfo {
  kid: string;
  jwk: Ed25519PublicJwk;
  createdAt: Date;
  expiresAt: Date | null;
}

/** The partner's registered public keys, newest first. */
export async function listPublicKeys(db: Queryable, partnerId: string): Promise<PublicKeyInfo[]> {
  const result = await db.query<{ kid: string; jwk: unknown; created_at: Date; expires_at: Date | null }>(
    `select kid, jwk, created_at, expires_at from partner_public_keys
     where partner_id = $1 order by created_at desc, kid`,
    [partnerId],
  );
  return result.rows.map((row) => ({
    kid: row.kid,
    jwk: ed25519PublicJwkSchema.parse(row.jwk),
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  }));
}

/** The partner's public keys still in force: to verify EdDSA user tokens. */
export async function publicKeysInForce(
  db: Queryable,
  partnerId: string,
): Promise<Array<Ed25519PublicJwk & { kid: string }>> {
  const result = await db.query<{ kid: string; jwk: unknown }>(
    `select kid, jwk from partner_public_keys
     where partner_id = $1 and (expires_at is null or expires_at > now())`,
    [partnerId],
  );
  return result.rows.map((row) => ({ ...ed25519PublicJwkSchema.parse(row.jwk), kid: row.kid }));
}
