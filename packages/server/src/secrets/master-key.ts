import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Queryable } from '../db/database.js';

/** The environment variable that holds the master key (32 bytes, as 64 hex digits or base64). */
export const MASTER_KEY_ENV = 'TESSERA_MASTER_KEY';
/** The file, inside a PGlite data directory, where a generated master key is kept. */
export const MASTER_KEY_FILE = 'master.key';

const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** Thrown when the master key is missing, malformed, or not the one the database was used with. */
export class MasterKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MasterKeyError';
  }
}

/**
 * The server's master key, from which the keys that encrypt and fingerprint partners' secret keys
 * are derived (HKDF-SHA256, one key per purpose). Keep it out of the database: a dump of the
 * database alone reveals no secret key.
 */
export class MasterKey {
  readonly #encryption: Buffer;
  readonly #fingerprint: Buffer;
  readonly #check: Buffer;

  constructor(raw: Uint8Array) {
    if (raw.byteLength !== KEY_BYTES) throw new MasterKeyError(`A master key is ${KEY_BYTES} bytes.`);
    const derive = (purpose: string) => Buffer.from(hkdfSync('sha256', raw, Buffer.alloc(0), purpose, KEY_BYTES));
    this.#encryption = derive('tessera secret-key encryption v1');
    this.#fingerprint = derive('tessera secret-key fingerprint v1');
    this.#check = derive('tessera master-key check v1');
  }

  /** A new random master key. */
  static generate(): MasterKey {
    return new MasterKey(randomBytes(KEY_BYTES));
  }

  /**
   * Encrypts `plaintext` with AES-256-GCM under a fresh random nonce. `associatedData` (e.g. the
   * partner and key ids) is authenticated, so a ciphertext copied to another row fails to open.
   */
  seal(plaintext: string, associatedData: string): { nonce: Buffer; ciphertext: Buffer } {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#encryption, nonce);
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { nonce, ciphertext: Buffer.concat([body, cipher.getAuthTag()]) };
  }

  /** Decrypts what {@link seal} made. @throws when the key, nonce, ciphertext or data do not match. */
  open(nonce: Uint8Array, ciphertext: Uint8Array, associatedData: string): string {
    const data = Buffer.from(ciphertext);
    if (data.byteLength < TAG_BYTES) throw new MasterKeyError('The ciphertext is too short.');
    const decipher = createDecipheriv('aes-256-gcm', this.#encryption, Buffer.from(nonce));
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(data.subarray(data.byteLength - TAG_BYTES));
    return Buffer.concat([decipher.update(data.subarray(0, data.byteLength - TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  }

  /** A keyed hash of a secret, to look it up without storing it; useless without the master key. */
  fingerprint(secret: string): string {
    return createHmac('sha256', this.#fingerprint).update(secret, 'utf8').digest('base64url');
  }

  /** A value that identifies this master key without revealing it, stored to detect a changed key. */
  checkValue(): string {
    return createHmac('sha256', this.#check).update('tessera', 'utf8').digest('base64url');
  }
}

/** Reads a master key written as 64 hex digits or as base64 / base64url of 32 bytes. */
export function parseMasterKey(text: string, source: string): MasterKey {
  const value = text.trim();
  let raw: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(value)) raw = Buffer.from(value, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) raw = Buffer.from(value, 'base64');
  if (!raw || raw.byteLength !== KEY_BYTES) {
    throw new MasterKeyError(
      `${source} is not a master key: it must be 32 random bytes as 64 hex digits or base64 (make one with \`openssl rand -base64 32\`).`,
    );
  }
  return new MasterKey(raw);
}

/** Where the master key came from. */
export type MasterKeySource = 'environment' | 'file' | 'generated';

/**
 * The master key: `TESSERA_MASTER_KEY` when set; otherwise, for a PGlite data directory, the key in
 * `<dataDir>/master.key`, generated there (mode 0600) on first use. A PostgreSQL server is shared by
 * many instances, which must all hold the same key, so there it must come from the environment.
 */
export function loadMasterKey(options: {
  env: Readonly<Record<string, string | undefined>>;
  dataDir?: string | undefined;
}): { key: MasterKey; source: MasterKeySource } {
  const fromEnv = options.env[MASTER_KEY_ENV];
  if (fromEnv) return { key: parseMasterKey(fromEnv, MASTER_KEY_ENV), source: 'environment' };
  if (!options.dataDir) {
    throw new MasterKeyError(
      `Set ${MASTER_KEY_ENV} (32 random bytes, e.g. from \`openssl rand -base64 32\`): with PostgreSQL, every server instance must share the master key that encrypts partners' secret keys.`,
    );
  }
  const dir = resolve(options.dataDir);
  const file = join(dir, MASTER_KEY_FILE);
  mkdirSync(dir, { recursive: true });
  const raw = randomBytes(KEY_BYTES);
  try {
    // `wx`: created only if absent, so two first starts cannot each write a different key.
    const fd = openSync(file, 'wx', 0o600);
    try {
      writeSync(fd, `${raw.toString('base64')}\n`);
    } finally {
      closeSync(fd);
    }
    return { key: new MasterKey(raw), source: 'generated' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return { key: parseMasterKey(readFileSync(file, 'utf8'), file), source: 'file' };
}

const CHECK_SETTING = 'master_key_check';

/**
 * Records the master key's check value on first use, and afterwards refuses a different key: secret
 * keys encrypted under another master key could not be read, and every HS256 token would fail.
 */
export async function checkMasterKey(db: Queryable, key: MasterKey): Promise<void> {
  const value = key.checkValue();
  await db.query('insert into server_settings (name, value) values ($1, $2) on conflict (name) do nothing', [
    CHECK_SETTING,
    value,
  ]);
  const { rows } = await db.query<{ value: string }>('select value from server_settings where name = $1', [
    CHECK_SETTING,
  ]);
  const stored = Buffer.from(rows[0]?.value ?? '', 'utf8');
  const mine = Buffer.from(value, 'utf8');
  if (stored.byteLength !== mine.byteLength || !timingSafeEqual(stored, mine)) {
    throw new MasterKeyError(
      `This database's secret keys were encrypted with another master key: set ${MASTER_KEY_ENV} (or ${MASTER_KEY_FILE} in the data directory) back to the key it was used with.`,
    );
  }
}
