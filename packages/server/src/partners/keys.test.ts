import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseSecretKey } from '@tessera/core';
import { exportJWK, generateKeyPair } from 'jose';
import { MasterKey } from '../secrets/master-key.js';
import { openTempDatabase, type TempDatabase } from '../test-support/temp-database.js';
import {
  addPublicKey,
  createPartner,
  findPartnerBySecretKey,
  listPublicKeys,
  listSecretKeys,
  publicKeysInForce,
  revokeKey,
  rotateSecretKey,
  secretKeysInForce,
} from './keys.js';
import { findPartnerByPublishableKey } from './repository.js';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe('partner keys (PGlite)', () => {
  let temp: TempDatabase;
  const masterKey = MasterKey.generate();
  before(async () => {
    temp = await openTempDatabase();
  });
  after(() => temp?.dispose());

  it('creates a partner with a pk bound to its origins and an sk that embeds its id', async () => {
    const created = await createPartner(temp.db, masterKey, {
      name: 'Acme Inc.',
      origins: ['https://App.Acme.example/', 'https://app.acme.example'],
      tier: 'pro',
      mode: 'live',
    });
    assert.match(created.partner.id, /^acme-inc-[a-z0-9]{6}$/);
    assert.match(created.publishableKey, /^pk_live_[A-Za-z0-9]{24}$/);
    assert.deepEqual(parseSecretKey(created.secretKey), { mode: 'live', partnerId: created.partner.id });
    assert.deepEqual(created.partner.allowedOrigins, ['https://app.acme.example']);
    assert.equal(created.partner.tier, 'pro');
    assert.equal((await findPartnerByPublishableKey(temp.db, created.publishableKey))?.id, created.partner.id);
    assert.equal((await findPartnerBySecretKey(temp.db, masterKey, created.secretKey))?.id, created.partner.id);
    assert.deepEqual(await secretKeysInForce(temp.db, masterKey, created.partner.id), [created.secretKey]);
    const [info] = await listSecretKeys(temp.db, created.partner.id);
    assert.equal(info?.hint, `sk_live_${created.partner.id}_…${created.secretKey.slice(-4)}`);
    assert.equal(info?.expiresAt, null);
  });

  it('refuses a taken id, a bad id and a bad origin, writing nothing', async () => {
    await createPartner(temp.db, masterKey, { id: 'taken', name: 'T', origins: ['https://t.example'] });
    await assert.rejects(
      createPartner(temp.db, masterKey, { id: 'taken', name: 'T2', origins: ['https://t.example'] }),
      /already exists/,
    );
    await assert.rejects(createPartner(temp.db, masterKey, { id: 'Bad_Id', name: 'B', origins: [] }), /partner id/);
    await assert.rejects(
      createPartner(temp.db, masterKey, { id: 'origin-bad', name: 'O', origins: ['https://x.example/path'] }),
      /more than an origin/,
    );
    const { rows } = await temp.db.query(`select id from partners where id in ('Bad_Id', 'origin-bad')`);
    assert.deepEqual(rows, []);
  });

  it('rotates: the new key works at once, the old one until the grace period ends', async () => {
    const created = await createPartner(temp.db, masterKey, { id: 'rotor', name: 'R', origins: ['https://r.example'] });
    const rotated = await rotateSecretKey(temp.db, masterKey, 'rotor', { graceSeconds: 3600 });
    assert.ok(rotated);
    assert.notEqual(rotated.secretKey, created.secretKey);
    assert.equal(rotated.previous.length, 1);
    assert.ok(rotated.previous[0] && rotated.previous[0].expiresAt.getTime() > Date.now() + 3500_000);
    assert.deepEqual(
      (await secretKeysInForce(temp.db, masterKey, 'rotor')).sort(),
      [created.secretKey, rotated.secretKey].sort(),
    );

    const immediate = await rotateSecretKey(temp.db, masterKey, 'rotor', { graceSeconds: 0 });
    assert.ok(immediate);
    assert.deepEqual(await secretKeysInForce(temp.db, masterKey, 'rotor'), [immediate.secretKey]);
    assert.equal(await findPartnerBySecretKey(temp.db, masterKey, created.secretKey), undefined);
    assert.equal(await findPartnerBySecretKey(temp.db, masterKey, rotated.secretKey), undefined);
    assert.equal((await listSecretKeys(temp.db, 'rotor')).length, 3);
    assert.equal(await rotateSecretKey(temp.db, masterKey, 'nobody'), undefined);
  });

  it('revokes one key now', async () => {
    const created = await createPartner(temp.db, masterKey, {
      id: 'revoked',
      name: 'V',
      origins: ['https://v.example'],
    });
    assert.equal(await revokeKey(temp.db, 'revoked', created.keyId), true);
    assert.equal(await revokeKey(temp.db, 'revoked', created.keyId), false, 'already ended');
    assert.equal(await revokeKey(temp.db, 'taken', created.keyId), false, "another partner's key id");
    assert.deepEqual(await secretKeysInForce(temp.db, masterKey, 'revoked'), []);
    assert.equal(await findPartnerBySecretKey(temp.db, masterKey, created.secretKey), undefined);
  });

  it('does not accept a secret key presented for the wrong partner id', async () => {
    const created = await createPartner(temp.db, masterKey, { id: 'owner', name: 'O', origins: ['https://o.example'] });
    const random = created.secretKey.slice(created.secretKey.lastIndexOf('_') + 1);
    assert.equal(await findPartnerBySecretKey(temp.db, masterKey, `sk_test_taken_${random}`), undefined);
    assert.equal(await findPartnerBySecretKey(temp.db, MasterKey.generate(), created.secretKey), undefined);
  });

  it('registers Ed25519 public keys, and refuses private keys and other curves', async () => {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const kid = await addPublicKey(temp.db, 'owner', await exportJWK(publicKey));
    assert.match(kid ?? '', /^[A-Za-z0-9_-]{43}$/, 'the RFC 7638 thumbprint');
    assert.equal(await addPublicKey(temp.db, 'owner', { ...(await exportJWK(publicKey)), kid: 'mine' }), 'mine');
    assert.equal((await publicKeysInForce(temp.db, 'owner')).length, 2);
    await assert.rejects(addPublicKey(temp.db, 'owner', await exportJWK(privateKey)), /no "d"/);
    await assert.rejects(addPublicKey(temp.db, 'owner', { kty: 'EC', crv: 'P-256', x: 'a', y: 'b' }), /Ed25519/);
    assert.equal(await addPublicKey(temp.db, 'nobody', await exportJWK(publicKey)), undefined);
    assert.equal(await revokeKey(temp.db, 'owner', 'mine'), true);
    assert.deepEqual(
      (await publicKeysInForce(temp.db, 'owner')).map((key) => key.kid),
      [kid],
    );
    assert.equal((await listPublicKeys(temp.db, 'owner')).length, 2);
  });

  it('never stores a secret key in clear: not in any row, not in any file of the data directory', async () => {
    const created = await createPartner(temp.db, masterKey, {
      id: 'scanned',
      name: 'S',
      origins: ['https://s.example'],
    });
    const rows = await temp.db.query('select * from partner_secret_keys');
    const random = created.secretKey.slice(created.secretKey.lastIndexOf('_') + 1);
    assert.equal(JSON.stringify(rows.rows).includes(random), false);
    await temp.db.close();
    const needle = Buffer.from(random, 'utf8');
    const files = await filesUnder(temp.dataDir);
    assert.ok(files.length > 10, 'the data directory was scanned');
    let publishableKeyFound = false;
    for (const file of files) {
      const content = await readFile(file);
      assert.equal(content.includes(needle), false, `found in ${file}`);
      publishableKeyFound ||= content.includes(Buffer.from(created.publishableKey));
    }
    // The control: a value stored in clear is found this way, so the scan can see one.
    assert.ok(publishableKeyFound, 'the scan finds what is stored in clear');
  });
});
