import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseSecretKey, publishableKeySchema, secretKeySchema } from '@tessera/core';
import { decodeJwt, exportJWK, generateKeyPair } from 'jose';
import { verifyUserToken } from '../auth/user-token.js';
import { main } from '../cli.js';
import { openDatabase } from '../db/open.js';
import { publicKeysInForce, secretKeysInForce } from '../partners/keys.js';
import { loadMasterKey, MASTER_KEY_ENV } from '../secrets/master-key.js';
import { tempDir } from '../test-support/temp-database.js';
import type { CliIo } from './io.js';

function fakeIo(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env,
    cwd: process.cwd(),
    stop: new AbortController().signal,
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
}

async function run(args: string[], env: Record<string, string> = {}) {
  const io = fakeIo(env);
  const code = await main(args, io.io);
  return { code, out: io.out(), err: io.err() };
}

describe('tessera partner and tessera token (in process, PGlite)', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let dataDir: string;
  let created: { id: string; publishableKey: string; secretKey: string };
  const outputs: string[] = [];

  before(async () => {
    dir = await tempDir();
    dataDir = join(dir.path, 'data');
  });
  after(() => dir?.dispose());

  it('prints the help of every command', async () => {
    const main = await run(['--help']);
    assert.match(main.out, /\bpartner\b/);
    assert.match(main.out, /\btoken\b/);
    for (const [args, mentions] of [
      [
        ['partner', '--help'],
        ['create', 'list', 'rotate-key', 'revoke-key', 'add-public-key'],
      ],
      [
        ['partner', 'create', '--help'],
        ['--name', '--origin', '--tier', '--data-dir', MASTER_KEY_ENV],
      ],
      [
        ['partner', 'list', '-h'],
        ['--data-dir', 'never printed'],
      ],
      [
        ['partner', 'rotate-key', '--help'],
        ['--id', '--grace'],
      ],
      [
        ['partner', 'revoke-key', '--help'],
        ['--id', '--key'],
      ],
      [['partner', 'add-public-key', '--help'], ['--jwk']],
      [['token', '--help'], ['mint']],
      [
        ['token', 'mint', '--help'],
        ['--secret-key', '--user', '--ttl', 'TESSERA_SECRET_KEY'],
      ],
    ] as const) {
      const result = await run([...args]);
      assert.equal(result.code, 0, args.join(' '));
      assert.match(result.out, /^Usage: tessera /, args.join(' '));
      for (const mention of mentions) assert.ok(result.out.includes(mention), `${args.join(' ')}: ${mention}`);
    }
  });

  it('refuses wrong command lines with exit 2', async () => {
    for (const args of [
      ['partner'],
      ['partner', 'delete'],
      ['partner', 'create', '--origin', 'https://x.example', '--data-dir', dataDir],
      ['partner', 'create', '--name', 'X', '--data-dir', dataDir],
      ['partner', 'create', '--name', 'X', '--origin', 'https://x.example', '--tier', 'gold', '--data-dir', dataDir],
      ['partner', 'rotate-key', '--data-dir', dataDir],
      ['partner', 'rotate-key', '--id', 'x', '--grace', '-1', '--data-dir', dataDir],
      ['token', 'mint', '--user', 'u'],
      ['token', 'mint', '--secret-key', 'pk_test_abc', '--user', 'u'],
      ['token', 'mint', '--secret-key', `sk_test_acme_${'a'.repeat(40)}`, '--user', 'u', '--ttl', '0'],
    ]) {
      const result = await run(args);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.err}`);
      assert.ok(result.err.length > 0);
      assert.equal(result.err.includes('pk_test_abc'), false, 'a key given on the command line is not echoed');
    }
  });

  it('partner create prints exactly {id, publishableKey, secretKey}', async () => {
    const result = await run([
      'partner',
      'create',
      '--name',
      'Acme Shop',
      '--origin',
      'https://shop.acme.example',
      '--origin',
      'http://localhost:5173',
      '--tier',
      'pro',
      '--data-dir',
      dataDir,
    ]);
    assert.equal(result.code, 0, result.err);
    outputs.push(result.out);
    created = JSON.parse(result.out);
    assert.deepEqual(Object.keys(created), ['id', 'publishableKey', 'secretKey']);
    assert.match(created.id, /^acme-shop-[a-z0-9]{6}$/);
    assert.ok(publishableKeySchema.safeParse(created.publishableKey).success);
    assert.ok(secretKeySchema.safeParse(created.secretKey).success);
    assert.equal(parseSecretKey(created.secretKey)?.partnerId, created.id);
    assert.equal(parseSecretKey(created.secretKey)?.mode, 'test');

    const live = await run([
      'partner',
      'create',
      '--name',
      'Live',
      '--id',
      'live-one',
      '--mode',
      'live',
      '--origin',
      'https://live.example',
      '--data-dir',
      dataDir,
    ]);
    assert.equal(live.code, 0, live.err);
    outputs.push(live.out);
    assert.match(JSON.parse(live.out).publishableKey, /^pk_live_/);
    assert.match(JSON.parse(live.out).secretKey, /^sk_live_live-one_/);

    const duplicate = await run([
      'partner',
      'create',
      '--name',
      'Again',
      '--id',
      'live-one',
      '--origin',
      'https://live.example',
      '--data-dir',
      dataDir,
    ]);
    assert.equal(duplicate.code, 1);
    assert.match(duplicate.err, /already exists/);
  });

  it('token mint works offline and the server accepts its token', async () => {
    const result = await run(['token', 'mint', '--secret-key', created.secretKey, '--user', 'user-42', '--ttl', '120']);
    assert.equal(result.code, 0, result.err);
    const token = result.out.trim();
    const claims = decodeJwt(token);
    assert.equal(claims.iss, created.id);
    assert.equal(claims.sub, 'user-42');
    assert.equal(claims.aud, 'tessera');
    assert.equal((claims.exp ?? 0) - (claims.iat ?? 0), 120);
    const fromEnv = await run(['token', 'mint', '--user', 'u'], { TESSERA_SECRET_KEY: created.secretKey });
    assert.equal(fromEnv.code, 0, fromEnv.err);

    const db = await openDatabase({ dataDir });
    try {
      const masterKey = loadMasterKey({ env: {}, dataDir }).key;
      const user = await verifyUserToken(token, created.id, {
        secretKeys: () => secretKeysInForce(db, masterKey, created.id),
        publicKeys: () => publicKeysInForce(db, created.id),
      });
      assert.equal(user.userId, 'user-42');
    } finally {
      await db.close();
    }
  });

  it('partner rotate-key issues a new key and keeps the old one for the grace period', async () => {
    const result = await run(['partner', 'rotate-key', '--id', created.id, '--grace', '60', '--data-dir', dataDir]);
    assert.equal(result.code, 0, result.err);
    outputs.push(result.out);
    const rotated = JSON.parse(result.out);
    assert.deepEqual(Object.keys(rotated), ['id', 'keyId', 'secretKey', 'previousKeys']);
    assert.notEqual(rotated.secretKey, created.secretKey);
    assert.equal(rotated.previousKeys.length, 1);
    const missing = await run(['partner', 'rotate-key', '--id', 'nobody', '--data-dir', dataDir]);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /no partner "nobody"/);
  });

  it('partner add-public-key and revoke-key', async () => {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const jwk = JSON.stringify({ ...(await exportJWK(publicKey)), kid: 'backend-1' });
    const added = await run(['partner', 'add-public-key', '--id', created.id, '--jwk', jwk, '--data-dir', dataDir]);
    assert.equal(added.code, 0, added.err);
    assert.deepEqual(JSON.parse(added.out), { id: created.id, kid: 'backend-1' });
    const priv = JSON.stringify(await exportJWK(privateKey));
    const refused = await run(['partner', 'add-public-key', '--id', created.id, '--jwk', priv, '--data-dir', dataDir]);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /no "d"/);
    assert.equal(refused.err.includes((await exportJWK(privateKey)).d ?? 'x'), false, 'the private key is not echoed');
    const revoked = await run([
      'partner',
      'revoke-key',
      '--id',
      created.id,
      '--key',
      'backend-1',
      '--data-dir',
      dataDir,
    ]);
    assert.equal(revoked.code, 0, revoked.err);
    const again = await run(['partner', 'revoke-key', '--id', created.id, '--key', 'backend-1', '--data-dir', dataDir]);
    assert.equal(again.code, 1);
  });

  it('partner list shows partners and key hints, never a secret key', async () => {
    const result = await run(['partner', 'list', '--data-dir', dataDir]);
    assert.equal(result.code, 0, result.err);
    const partners = JSON.parse(result.out) as Array<{ id: string; secretKeys: Array<{ hint: string }> }>;
    assert.deepEqual(partners.map((partner) => partner.id).sort(), [created.id, 'live-one'].sort());
    const acme = partners.find((partner) => partner.id === created.id);
    assert.equal(acme?.secretKeys.length, 2);
    assert.match(acme?.secretKeys[0]?.hint ?? '', /^sk_test_acme-shop-[a-z0-9]{6}_…[A-Za-z0-9]{4}$/);
    for (const output of outputs) {
      for (const secret of output.match(/sk_(live|test)_[a-z0-9-]+_[A-Za-z0-9]{40}/g) ?? []) {
        assert.equal(result.out.includes(secret), false, 'a secret key was listed');
      }
    }
    assert.doesNotMatch(result.out, /sk_(live|test)_[a-z0-9-]+_[A-Za-z0-9]{10,}/);
  });

  it('refuses a master key other than the one the data directory was used with', async () => {
    const result = await run(['partner', 'rotate-key', '--id', created.id, '--data-dir', dataDir], {
      [MASTER_KEY_ENV]: 'ef'.repeat(32),
    });
    assert.equal(result.code, 1);
    assert.match(result.err, /another master key/);
  });
});
