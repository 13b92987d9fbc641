import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { healthSchema, PUBLISHABLE_KEY_HEADER, partnerConfigSchema, vaultBlobPutResultSchema } from '@tessera/core';
import { createApp } from '../http/app.js';
import { createJsonLogger } from '../http/logger.js';
import { upsertDemoPartner } from '../partners/demo.js';
import { createPartner, findPartnerBySecretKey, rotateSecretKey, secretKeysInForce } from '../partners/keys.js';
import { findPartnerByPublishableKey, updatePartner } from '../partners/repository.js';
import { checkMasterKey, MasterKey } from '../secrets/master-key.js';
import { capturingLogger } from '../test-support/capturing-logger.js';
import { seedPartner } from '../test-support/partners.js';
import { startRealPostgres } from '../test-support/real-postgres.js';
import { deleteBlob, getBlob, listChanges, putBlob, type VaultScope } from '../vault/repository.js';
import type { Database } from './database.js';
import { migrate } from './migrate.js';
import { migrations } from './migrations/index.js';
import { openDatabase } from './open.js';

// The data layer against a real PostgreSQL: TESSERA_TEST_DATABASE_URL when set, else a throwaway
// cluster this file starts (Debian's `postgresql` package) and removes. Each run works in a schema
// of its own, dropped at the end, so a database given is left as it was.
const real = await startRealPostgres();
const skip = 'skip' in real ? `real PostgreSQL skipped: ${real.skip}` : false;
if (skip) console.log(`# ${skip}`);

describe(`real PostgreSQL${'skip' in real ? '' : ` (${real.description})`}`, { skip }, () => {
  const schema = `tessera_test_${randomBytes(4).toString('hex')}`;
  const masterKey = MasterKey.generate();
  let admin: Database;
  let db: Database;
  const url = 'skip' in real ? '' : real.url;

  before(async () => {
    admin = await openDatabase({ databaseUrl: url });
    await admin.exec(`create schema ${schema}`);
    const scoped = new URL(url);
    scoped.searchParams.set('options', `-c search_path=${schema}`);
    db = await openDatabase({ databaseUrl: scoped.href });
  });
  after(async () => {
    await db?.close();
    await admin?.exec(`drop schema if exists ${schema} cascade`);
    await admin?.close();
    if (!('skip' in real)) await real.stop();
  });

  it('migrates once, then changes nothing', async () => {
    assert.equal(db.engine, 'postgres');
    assert.deepEqual(await migrate(db), { applied: migrations.map((migration) => migration.id) });
    assert.deepEqual(await migrate(db), { applied: [] });
    await checkMasterKey(db, masterKey);
    await assert.rejects(checkMasterKey(db, MasterKey.generate()), /another master key/);
  });

  it('reads and writes partners with the same types as PGlite', async () => {
    await upsertDemoPartner(db, { origins: ['http://127.0.0.1:8787', 'http://localhost:8787'] });
    const partner = await findPartnerByPublishableKey(db, 'pk_test_demo');
    assert.deepEqual(partner?.allowedOrigins, ['http://127.0.0.1:8787', 'http://localhost:8787']);
    assert.deepEqual(partner?.theme, { preset: 'light', variables: {} });
    assert.ok(partner?.createdAt instanceof Date);
    const updated = await updatePartner(db, 'demo', {
      allowedOrigins: [],
      widgets: ['chat'],
      relay: { enabled: false },
    });
    assert.deepEqual(updated?.allowedOrigins, []);
    assert.deepEqual(updated?.widgets, ['chat']);
    assert.deepEqual(updated?.relayPolicy, { enabled: false });
    assert.equal(updated?.providers, null);
    await upsertDemoPartner(db, { origins: ['http://localhost:8787'] });
  });

  it('rolls a failed transaction back', async () => {
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.query(`update partners set name = 'changed' where id = 'demo'`);
        throw new Error('stop');
      }),
    );
    assert.equal((await findPartnerByPublishableKey(db, 'pk_test_demo'))?.name, 'Tessera demo');
  });

  it('stores secret keys encrypted (bytea) and reads them back', async () => {
    const created = await createPartner(db, masterKey, { id: 'pg-acme', name: 'A', origins: ['https://a.example'] });
    assert.deepEqual(await secretKeysInForce(db, masterKey, 'pg-acme'), [created.secretKey]);
    assert.equal((await findPartnerBySecretKey(db, masterKey, created.secretKey))?.id, 'pg-acme');
    const rotated = await rotateSecretKey(db, masterKey, 'pg-acme', { graceSeconds: 0 });
    assert.deepEqual(await secretKeysInForce(db, masterKey, 'pg-acme'), [rotated?.secretKey]);
    const { rows } = await db.query<{ ciphertext: Uint8Array }>('select ciphertext from partner_secret_keys');
    for (const row of rows) assert.equal(Buffer.from(row.ciphertext).includes(Buffer.from(created.secretKey)), false);
  });

  it('puts, reads, lists and deletes vault blobs, scoped by partner and user', async () => {
    await createPartner(db, masterKey, { id: 'pg-other', name: 'O', origins: ['https://o.example'] });
    const alice: VaultScope = { partnerId: 'pg-acme', userId: 'alice' };
    const bytes = new Uint8Array([0, 1, 2, 255]);
    const put = await putBlob(db, alice, 'x', { data: bytes, contentType: 'application/octet-stream' }, {});
    assert.ok(put.ok && put.created);
    const blob = await getBlob(db, alice, 'x');
    assert.deepEqual([...(blob?.data ?? [])], [0, 1, 2, 255]);
    assert.equal(blob?.version, put.ok ? put.version : '');
    assert.equal(await getBlob(db, { partnerId: 'pg-acme', userId: 'bob' }, 'x'), undefined);
    assert.equal(await getBlob(db, { partnerId: 'pg-other', userId: 'alice' }, 'x'), undefined);
    const again = await putBlob(db, alice, 'x', { data: bytes, contentType: 'a/b' }, {});
    assert.deepEqual(again, { ok: false, reason: 'exists', currentVersion: put.ok ? put.version : '' });
    const removed = await deleteBlob(db, alice, 'x', {});
    assert.ok(removed.ok);
    const changes = await listChanges(db, alice, { limit: 10 });
    assert.deepEqual(
      changes.changes.map(({ id, deleted }) => ({ id, deleted })),
      [{ id: 'x', deleted: true }],
    );
  });

  it('under real concurrency, lets one of many conditional updates win, and numbers changes in commit order', async () => {
    const scope: VaultScope = { partnerId: 'pg-acme', userId: 'racer' };
    const base = await putBlob(db, scope, 'r', { data: new Uint8Array([1]), contentType: 'a/b' }, {});
    assert.ok(base.ok);
    const attempts = await Promise.all(
      Array.from({ length: 8 }, (_, index) =>
        putBlob(db, scope, 'r', { data: new Uint8Array([index]), contentType: 'a/b' }, { ifMatch: base.version }),
      ),
    );
    assert.equal(attempts.filter((attempt) => attempt.ok).length, 1);
    const creates = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        putBlob(db, scope, `c${index}`, { data: new Uint8Array([index]), contentType: 'a/b' }, {}),
      ),
    );
    const versions = creates.map((create) => (create.ok ? BigInt(create.version) : -1n));
    assert.equal(new Set(versions).size, 20, 'every change has its own number');
    const listed = await listChanges(db, scope, { limit: 100 });
    const numbers = listed.changes.map((change) => BigInt(change.version));
    assert.deepEqual(
      numbers,
      [...numbers].sort((x, y) => (x < y ? -1 : 1)),
    );
    assert.equal(listed.changes.length, 21);
  });

  it('serves /v1/config and the vault over HTTP', async () => {
    const response = await createApp({ db }).request('/v1/config', {
      headers: { [PUBLISHABLE_KEY_HEADER]: 'pk_test_demo', Origin: 'http://localhost:8787' },
    });
    assert.equal(response.status, 200);
    assert.equal(partnerConfigSchema.parse(await response.json()).partner.id, 'demo');

    const partner = await seedPartner(db, masterKey, { id: 'pg-http', origin: 'https://h.example' });
    const app = createApp({ db, masterKey, rateLimits: false });
    const put = await app.request('/v1/vault/blobs/doc', {
      method: 'PUT',
      headers: {
        [PUBLISHABLE_KEY_HEADER]: partner.publishableKey,
        Authorization: `Bearer ${await partner.token('u')}`,
        'Content-Type': 'text/plain',
      },
      body: 'ciphertext',
    });
    assert.equal(put.status, 201);
    const { version } = vaultBlobPutResultSchema.parse(await put.json());
    const read = await app.request('/v1/vault/blobs/doc', {
      headers: {
        [PUBLISHABLE_KEY_HEADER]: partner.publishableKey,
        Authorization: `Bearer ${await partner.token('u')}`,
      },
    });
    assert.equal(await read.text(), 'ciphertext');
    assert.equal(read.headers.get('ETag'), `"${version}"`);
  });

  // Last: it stops the server under the pool, which the tests above must not see.
  it('answers /ready 503 while PostgreSQL is down, and 200 again once it is back, on the same pool', async (t) => {
    if (skip || !('outage' in real) || !real.outage) {
      t.skip(`needs a throwaway cluster to stop and start, not ${'skip' in real ? 'none' : real.description}`);
      return;
    }
    const { outage } = real;
    const log = capturingLogger();
    // Good answers are not reused here, so each poll asks the database.
    const app = createApp({ db, readiness: { cacheMs: 0 }, logger: createJsonLogger(log.write) });
    const ready = async () => {
      const response = await app.request('/ready');
      return { status: response.status, body: healthSchema.parse(await response.json()).status };
    };
    assert.deepEqual(await ready(), { status: 200, body: 'ok' });
    await outage.down();
    try {
      assert.deepEqual(await ready(), { status: 503, body: 'unavailable' });
      assert.deepEqual(await ready(), { status: 503, body: 'unavailable' }, 'still, on the next poll');
    } finally {
      await outage.up();
    }
    assert.deepEqual(await ready(), { status: 200, body: 'ok' }, 'the pool reconnects by itself');
    const config = await app.request('/v1/config', { headers: { [PUBLISHABLE_KEY_HEADER]: 'pk_test_demo' } });
    assert.equal(config.status, 200, 'and serves requests again');
    const events = log.lines.map((line) => JSON.parse(line).event).filter((event) => event.startsWith('database_'));
    assert.deepEqual(
      events,
      ['database_unavailable', 'database_recovered'],
      'one line for the loss, one for the return',
    );
    assert.ok(!log.lines.join('').includes(new URL(url).password), 'the password is never logged');
  });
});
