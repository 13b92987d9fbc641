import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { PUBLISHABLE_KEY_HEADER, partnerConfigSchema } from '@tessera/core';
import { createApp } from '../http/app.js';
import { upsertDemoPartner } from '../partners/demo.js';
import { findPartnerByPublishableKey } from '../partners/repository.js';
import type { Database } from './database.js';
import { migrate } from './migrate.js';
import { migrations } from './migrations/index.js';
import { openDatabase } from './open.js';

// Runs against a real PostgreSQL only when one is given; everything else runs on PGlite. Each run
// works in a schema of its own, dropped at the end, so the database given is left as it was.
const URL_VARIABLE = 'TESSERA_TEST_DATABASE_URL';
const baseUrl = process.env[URL_VARIABLE];

describe('real PostgreSQL', { skip: baseUrl ? false : `set ${URL_VARIABLE} to run these` }, () => {
  const schema = `tessera_test_${randomBytes(4).toString('hex')}`;
  let admin: Database;
  let db: Database;

  before(async () => {
    admin = await openDatabase({ databaseUrl: baseUrl });
    await admin.exec(`create schema ${schema}`);
    const url = new URL(baseUrl ?? '');
    url.searchParams.set('options', `-c search_path=${schema}`);
    db = await openDatabase({ databaseUrl: url.href });
  });
  after(async () => {
    await db?.close();
    await admin?.exec(`drop schema if exists ${schema} cascade`);
    await admin?.close();
  });

  it('migrates once, then changes nothing', async () => {
    assert.equal(db.engine, 'postgres');
    assert.deepEqual(await migrate(db), { applied: migrations.map((migration) => migration.id) });
    assert.deepEqual(await migrate(db), { applied: [] });
  });

  it('reads and writes partners with the same types as PGlite', async () => {
    await upsertDemoPartner(db, { origins: ['http://127.0.0.1:8787', 'http://localhost:8787'] });
    const partner = await findPartnerByPublishableKey(db, 'pk_test_demo');
    assert.deepEqual(partner?.allowedOrigins, ['http://127.0.0.1:8787', 'http://localhost:8787']);
    assert.deepEqual(partner?.theme, { preset: 'light', variables: {} });
    assert.ok(partner?.createdAt instanceof Date);
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

  it('serves /v1/config', async () => {
    const response = await createApp({ db }).request('/v1/config', {
      headers: { [PUBLISHABLE_KEY_HEADER]: 'pk_test_demo', Origin: 'http://localhost:8787' },
    });
    assert.equal(response.status, 200);
    assert.equal(partnerConfigSchema.parse(await response.json()).partner.id, 'demo');
  });
});
