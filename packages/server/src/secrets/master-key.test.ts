import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openTempDatabase, type TempDatabase, tempDir } from '../test-support/temp-database.js';
import {
  checkMasterKey,
  loadMasterKey,
  MASTER_KEY_ENV,
  MASTER_KEY_FILE,
  MasterKey,
  MasterKeyError,
  parseMasterKey,
} from './master-key.js';

describe('MasterKey', () => {
  it('seals with AES-256-GCM: opens only with the same key and associated data, and detects tampering', () => {
    const key = MasterKey.generate();
    const sealed = key.seal('sk_test_acme_secret', 'row-1');
    assert.equal(sealed.nonce.byteLength, 12);
    assert.equal(sealed.ciphertext.includes(Buffer.from('sk_test_acme_secret')), false, 'no plaintext inside');
    assert.equal(key.open(sealed.nonce, sealed.ciphertext, 'row-1'), 'sk_test_acme_secret');
    assert.throws(() => key.open(sealed.nonce, sealed.ciphertext, 'row-2'), 'bound to its row');
    assert.throws(() => MasterKey.generate().open(sealed.nonce, sealed.ciphertext, 'row-1'), 'bound to its key');
    const flipped = Buffer.from(sealed.ciphertext);
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    assert.throws(() => key.open(sealed.nonce, flipped, 'row-1'), 'tampering is detected');
    const again = key.seal('sk_test_acme_secret', 'row-1');
    assert.notDeepEqual(again.nonce, sealed.nonce, 'a fresh nonce every time');
  });

  it('fingerprints deterministically under the key, differently under another', () => {
    const key = MasterKey.generate();
    assert.equal(key.fingerprint('sk_x'), key.fingerprint('sk_x'));
    assert.notEqual(key.fingerprint('sk_x'), key.fingerprint('sk_y'));
    assert.notEqual(key.fingerprint('sk_x'), MasterKey.generate().fingerprint('sk_x'));
  });

  it('reads 64 hex digits or base64 of 32 bytes, and refuses anything else', () => {
    const hex = 'ab'.repeat(32);
    const base64 = Buffer.from(hex, 'hex').toString('base64');
    assert.equal(parseMasterKey(hex, 'x').checkValue(), parseMasterKey(base64, 'x').checkValue());
    for (const bad of ['', 'short', 'ab'.repeat(31), Buffer.alloc(16).toString('base64')]) {
      assert.throws(() => parseMasterKey(bad, MASTER_KEY_ENV), /openssl rand -base64 32/);
    }
  });
});

describe('loadMasterKey and checkMasterKey', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let temp: TempDatabase;
  before(async () => {
    dir = await tempDir();
    temp = await openTempDatabase();
  });
  after(async () => {
    await dir?.dispose();
    await temp?.dispose();
  });

  it('generates a key into the data directory once, with mode 0600, then reads the same one', async () => {
    const dataDir = join(dir.path, 'data');
    const first = loadMasterKey({ env: {}, dataDir });
    assert.equal(first.source, 'generated');
    const file = join(dataDir, MASTER_KEY_FILE);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const second = loadMasterKey({ env: {}, dataDir });
    assert.equal(second.source, 'file');
    assert.equal(second.key.checkValue(), first.key.checkValue());
    assert.match(await readFile(file, 'utf8'), /^[A-Za-z0-9+/]{43}=\n$/);
  });

  it('prefers the environment, and requires it for PostgreSQL', () => {
    const hex = 'cd'.repeat(32);
    const fromEnv = loadMasterKey({ env: { [MASTER_KEY_ENV]: hex }, dataDir: join(dir.path, 'unused') });
    assert.equal(fromEnv.source, 'environment');
    assert.equal(fromEnv.key.checkValue(), parseMasterKey(hex, 'x').checkValue());
    assert.throws(
      () => loadMasterKey({ env: {} }),
      (error: unknown) => {
        return error instanceof MasterKeyError && error.message.includes(MASTER_KEY_ENV);
      },
    );
  });

  it('records the key on first use and refuses another one afterwards', async () => {
    const key = MasterKey.generate();
    await checkMasterKey(temp.db, key);
    await checkMasterKey(temp.db, key);
    await assert.rejects(checkMasterKey(temp.db, MasterKey.generate()), /another master key/);
  });
});
