import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTempDatabase, type TempDatabase } from '../test-support/temp-database.js';
import { DEMO_PUBLISHABLE_KEY, upsertDemoPartner } from './demo.js';
import { findPartnerByPublishableKey, isOriginOfAnyPartner } from './repository.js';

describe('partners (PGlite)', () => {
  let temp: TempDatabase;
  before(async () => {
    temp = await openTempDatabase();
  });
  after(() => temp?.dispose());

  it('seeds the demo partner that the demo page expects', async () => {
    const partner = await upsertDemoPartner(temp.db, { origins: ['http://127.0.0.1:8787', 'http://localhost:8787'] });
    assert.equal(DEMO_PUBLISHABLE_KEY, 'pk_test_demo');
    assert.equal(partner.id, 'demo');
    assert.equal(partner.name, 'Tessera demo');
    assert.equal(partner.publishableKey, 'pk_test_demo');
    assert.deepEqual(partner.allowedOrigins, ['http://127.0.0.1:8787', 'http://localhost:8787']);
    assert.deepEqual(partner.theme, { preset: 'light', variables: {} });
    assert.ok(partner.createdAt instanceof Date);
  });

  it('finds a partner by its publishable key, and nothing for an unknown key', async () => {
    await upsertDemoPartner(temp.db, { origins: ['http://127.0.0.1:8787'] });
    assert.equal((await findPartnerByPublishableKey(temp.db, 'pk_test_demo'))?.id, 'demo');
    assert.equal(await findPartnerByPublishableKey(temp.db, 'pk_test_other'), undefined);
  });

  it('replaces the origins on a new run but keeps an edited theme', async () => {
    await upsertDemoPartner(temp.db, { origins: ['http://127.0.0.1:8787'] });
    await temp.db.query(`update partners set theme = $1::jsonb where id = 'demo'`, [
      JSON.stringify({ preset: 'dark', variables: { '--tessera-color-accent': '#ff0000' } }),
    ]);
    const partner = await upsertDemoPartner(temp.db, { origins: ['http://LOCALHOST:9000/', 'http://localhost:9000'] });
    assert.deepEqual(partner.allowedOrigins, ['http://localhost:9000']);
    assert.deepEqual(partner.theme, { preset: 'dark', variables: { '--tessera-color-accent': '#ff0000' } });
    const { rows } = await temp.db.query<{ count: number }>('select count(*)::int as count from partners');
    assert.equal(rows[0]?.count, 1);
  });

  it('refuses an origin that is not one, writing nothing', async () => {
    await upsertDemoPartner(temp.db, { origins: ['http://localhost:9000'] });
    await assert.rejects(upsertDemoPartner(temp.db, { origins: ['localhost:9000/page'] }));
    assert.deepEqual((await findPartnerByPublishableKey(temp.db, 'pk_test_demo'))?.allowedOrigins, [
      'http://localhost:9000',
    ]);
  });

  it('tells whether any partner allows an origin', async () => {
    await upsertDemoPartner(temp.db, { origins: ['http://localhost:9000'] });
    assert.equal(await isOriginOfAnyPartner(temp.db, 'http://localhost:9000'), true);
    assert.equal(await isOriginOfAnyPartner(temp.db, 'http://localhost:9001'), false);
    assert.equal(await isOriginOfAnyPartner(temp.db, 'https://evil.example'), false);
  });

  it('refuses a stored theme that fails the theme schema', async () => {
    await temp.db.query(`update partners set theme = $1::jsonb where id = 'demo'`, [
      JSON.stringify({ preset: 'light', variables: { '--tessera-x': 'url(https://evil.example/x)' } }),
    ]);
    await assert.rejects(findPartnerByPublishableKey(temp.db, 'pk_test_demo'));
    await temp.db.query(`update partners set theme = '{}'::jsonb where id = 'demo'`);
    assert.deepEqual((await findPartnerByPublishableKey(temp.db, 'pk_test_demo'))?.theme, {
      preset: 'light',
      variables: {},
    });
  });
});
