import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiErrorBodySchema, PUBLISHABLE_KEY_HEADER, partnerSettingsSchema } from '@tessera/core';
import { findPartnerById } from '../partners/repository.js';
import { seedPartner, type TestPartner, testMasterKey } from '../test-support/partners.js';
import { type ReadResponse, recordingApp } from '../test-support/recording-app.js';
import { openTempDatabase, type TempDatabase } from '../test-support/temp-database.js';
import { createApp } from './app.js';

describe('the partner API, server to server (PGlite)', () => {
  let temp: TempDatabase;
  let acme: TestPartner;
  let other: TestPartner;
  let api: ReturnType<typeof recordingApp>;

  before(async () => {
    temp = await openTempDatabase();
    const masterKey = testMasterKey();
    acme = await seedPartner(temp.db, masterKey, { id: 'acme', origin: 'https://acme.example' });
    other = await seedPartner(temp.db, masterKey, { id: 'other', origin: 'https://other.example', tier: 'pro' });
    api = recordingApp(createApp({ db: temp.db, masterKey, rateLimits: false }));
  });
  after(() => temp?.dispose());

  const errorOf = (response: ReadResponse) => apiErrorBodySchema.parse(response.json()).error;
  const patch = (body: string, headers: Record<string, string> = {}, secretKey = acme.secretKey) =>
    api.request('/v1/partner', {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${secretKey}`, 'Content-Type': 'application/json', ...headers },
      body,
    });
  const stored = async () => {
    const partner = await findPartnerById(temp.db, 'acme');
    assert.ok(partner);
    return { ...partner, updatedAt: undefined };
  };

  it('reads its own settings with its secret key; keys only as hints', async () => {
    const response = await api.request('/v1/partner', { headers: { Authorization: `Bearer ${acme.secretKey}` } });
    assert.equal(response.status, 200, response.text);
    const settings = partnerSettingsSchema.parse(response.json());
    assert.equal(settings.id, 'acme');
    assert.equal(settings.publishableKey, acme.publishableKey);
    assert.deepEqual(settings.widgets, ['chat']);
    assert.deepEqual(settings.relay, { enabled: true });
    assert.equal(settings.secretKeys.length, 1);
    assert.equal(settings.secretKeys[0]?.keyId, acme.keyId);
    assert.equal(response.headers.get('Cache-Control'), 'no-store');
  });

  it('changes its config, which /v1/config then serves', async () => {
    const response = await patch(
      JSON.stringify({
        allowedOrigins: ['https://acme.example', 'https://WWW.acme.example/'],
        theme: { preset: 'dark', variables: { '--tessera-color-accent': '#e4572e' } },
        providers: ['anthropic', 'openai'],
        relay: { enabled: true, providers: ['anthropic'] },
      }),
    );
    assert.equal(response.status, 200, response.text);
    const settings = partnerSettingsSchema.parse(response.json());
    assert.deepEqual(settings.allowedOrigins, ['https://acme.example', 'https://www.acme.example']);
    const config = await api.request('/v1/config', {
      headers: { [PUBLISHABLE_KEY_HEADER]: acme.publishableKey, Origin: 'https://www.acme.example' },
    });
    assert.equal(config.status, 200);
    assert.deepEqual(config.json(), {
      partner: { id: 'acme', name: 'Partner acme' },
      theme: { preset: 'dark', variables: { '--tessera-color-accent': '#e4572e' } },
      widgets: ['chat'],
      providers: ['anthropic', 'openai'],
      relay: { enabled: true, providers: ['anthropic'] },
    });
  });

  it('refuses malformed JSON, wrong types, unknown fields, bad origins and oversized bodies; nothing written', async () => {
    const before = await stored();
    const cases: Array<[string, Promise<ReadResponse>, number, string]> = [
      ['malformed JSON', patch('{"name": "x",'), 400, 'invalid_json'],
      ['not JSON at all', patch('name=x'), 400, 'invalid_json'],
      ['wrong type', patch('{"name": 42}'), 400, 'validation_failed'],
      ['wrong nested type', patch('{"relay": {"enabled": "yes"}}'), 400, 'validation_failed'],
      ['unknown field', patch('{"name": "x", "tier": "enterprise"}'), 400, 'validation_failed'],
      ['unknown nested field', patch('{"relay": {"enabled": true, "upstream": "x"}}'), 400, 'validation_failed'],
      ['array body', patch('[]'), 400, 'validation_failed'],
      ['bad origin', patch('{"allowedOrigins": ["https://acme.example/path"]}'), 400, 'validation_failed'],
      [
        'unsafe theme value',
        patch('{"theme": {"variables": {"--tessera-x": "url(https://e.example)"}}}'),
        400,
        'validation_failed',
      ],
      ['not sent as JSON', patch('{"name":"x"}', { 'Content-Type': 'text/plain' }), 415, 'unsupported_media_type'],
      ['oversized', patch(JSON.stringify({ name: 'x'.repeat(70_000) })), 413, 'payload_too_large'],
      ['widget outside the tier', patch('{"widgets": ["chat", "memory-graph"]}'), 403, 'tier_required'],
    ];
    for (const [name, pending, status, code] of cases) {
      const response = await pending;
      assert.equal(response.status, status, `${name}: ${response.text}`);
      assert.equal(errorOf(response).code, code, name);
      assert.match(errorOf(response).message, /\S/, name);
    }
    const unknown = await patch('{"name": "x", "tier": "enterprise"}');
    const issues = (errorOf(unknown).details as { location: string; issues: Array<{ code: string }> }).issues;
    assert.equal(issues[0]?.code, 'unrecognized_keys');
    assert.deepEqual(await stored(), before, 'nothing was written');

    const proWidgets = await patch('{"widgets": ["chat", "memory-graph"]}', {}, other.secretKey);
    assert.equal(proWidgets.status, 200, 'the pro tier includes more widgets');
  });

  it('refuses a missing, unknown or revoked secret key (401), and any call from a page (403)', async () => {
    const none = await api.request('/v1/partner');
    assert.equal(none.status, 401);
    assert.equal(errorOf(none).code, 'missing_secret_key');
    for (const key of [`${acme.secretKey.slice(0, -1)}X`, acme.publishableKey, 'sk_test_acme_short']) {
      const response = await api.request('/v1/partner', { headers: { Authorization: `Bearer ${key}` } });
      assert.equal(response.status, 401);
      assert.equal(errorOf(response).code, 'invalid_secret_key');
      assert.equal(response.text.includes(key), false);
    }
    const fromPage = await api.request('/v1/partner', {
      headers: { Authorization: `Bearer ${acme.secretKey}`, Origin: 'https://acme.example' },
    });
    assert.equal(fromPage.status, 403);
    assert.equal(errorOf(fromPage).code, 'secret_key_in_browser');
    assert.equal(fromPage.headers.get('Access-Control-Allow-Origin'), 'https://acme.example', 'the page can read why');
    const preflight = await api.request('/v1/partner', {
      method: 'OPTIONS',
      headers: { Origin: 'https://acme.example', 'Access-Control-Request-Method': 'PATCH' },
    });
    assert.equal(preflight.status, 403);
    assert.equal(preflight.headers.get('Access-Control-Allow-Methods'), null);
  });

  it('never sends a secret key in any response', () => {
    const everything = api.bodies.join('\n');
    for (const key of [acme.secretKey, other.secretKey]) assert.equal(everything.includes(key), false);
    assert.doesNotMatch(everything, /sk_(live|test)_[a-z0-9-]+_[A-Za-z0-9]{20,}/);
  });
});
