import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  apiErrorBodySchema,
  PUBLISHABLE_KEY_HEADER,
  partnerConfigResponseSchema,
  partnerConfigSchema,
} from '@tessera/core';
import { upsertDemoPartner } from '../partners/demo.js';
import { capturingLogger } from '../test-support/capturing-logger.js';
import { openTempDatabase, type TempDatabase } from '../test-support/temp-database.js';
import { createApp } from './app.js';
import { createJsonLogger } from './logger.js';

const ALLOWED = 'http://127.0.0.1:8787';
const OTHER_PARTNER_ORIGIN = 'https://acme.example';
const FOREIGN = 'https://evil.example';

describe('GET /v1/config (PGlite)', () => {
  let temp: TempDatabase;
  let app: ReturnType<typeof createApp>;
  const log = capturingLogger();

  before(async () => {
    temp = await openTempDatabase();
    await upsertDemoPartner(temp.db, { origins: [ALLOWED, 'http://localhost:8787'] });
    await temp.db.query(
      `insert into partners (id, name, publishable_key, allowed_origins, theme) values ($1, $2, $3, $4, $5::jsonb)`,
      ['acme', 'Acme', 'pk_live_acme', [OTHER_PARTNER_ORIGIN], JSON.stringify({ preset: 'dark', variables: {} })],
    );
    app = createApp({ db: temp.db, logger: createJsonLogger(log.write) });
  });
  after(() => temp?.dispose());

  const get = (headers: Record<string, string>) => app.request('/v1/config', { headers });
  const errorOf = async (response: Response) => apiErrorBodySchema.parse(await response.json()).error;

  it("answers the partner's config, valid against the shared schema", async () => {
    const response = await get({ [PUBLISHABLE_KEY_HEADER]: 'pk_test_demo', Origin: ALLOWED });
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.deepEqual(partnerConfigResponseSchema.parse(body), {
      partner: { id: 'demo', name: 'Tessera demo' },
      theme: { preset: 'light', variables: {} },
      widgets: ['chat'],
      providers: ['openai', 'openai-compatible'],
      relay: { enabled: true },
    });
    assert.ok(partnerConfigSchema.safeParse(body).success, 'clients that predate the relay policy still read it');
    assert.equal(response.headers.get('Access-Control-Allow-Origin'), ALLOWED);
    assert.equal(response.headers.get('Access-Control-Expose-Headers'), 'X-Request-Id, ETag, Retry-After');
    assert.match(response.headers.get('Vary') ?? '', /Origin/);
    assert.equal(response.headers.get('Cache-Control'), 'no-store');
  });

  it('answers each partner with its own config', async () => {
    const response = await get({ [PUBLISHABLE_KEY_HEADER]: 'pk_live_acme', Origin: OTHER_PARTNER_ORIGIN });
    assert.equal(response.status, 200);
    const config = partnerConfigResponseSchema.parse(await response.json());
    assert.deepEqual(config.partner, { id: 'acme', name: 'Acme' });
    assert.equal(config.theme.preset, 'dark');
  });

  it('answers a request without Origin (a backend, curl) without CORS headers', async () => {
    const response = await get({ [PUBLISHABLE_KEY_HEADER]: 'pk_test_demo' });
    assert.equal(response.status, 200);
    partnerConfigSchema.parse(await response.json());
    assert.equal(response.headers.get('Access-Control-Allow-Origin'), null);
  });

  it('answers 401 without a publishable key, saying which header to send, readable by the page', async () => {
    const response = await get({ Origin: ALLOWED });
    assert.equal(response.status, 401);
    const error = await errorOf(response);
    assert.equal(error.code, 'missing_publishable_key');
    assert.match(error.message, /Tessera-Publishable-Key/);
    assert.equal(response.headers.get('Access-Control-Allow-Origin'), ALLOWED, 'the widget can read why');
    assert.equal(response.headers.get('Access-Control-Allow-Credentials'), null);
    assert.match(response.headers.get('Vary') ?? '', /Origin/, 'errors vary by origin too');
    assert.ok(response.headers.get('X-Request-Id'));
  });

  it('answers 401 for an unknown or malformed key, without repeating it', async () => {
    for (const key of ['pk_test_unknown', 'not-a-key', 'sk_live_secret']) {
      const response = await get({ [PUBLISHABLE_KEY_HEADER]: key, Origin: ALLOWED });
      assert.equal(response.status, 401, key);
      const error = await errorOf(response);
      assert.equal(error.code, 'invalid_publishable_key');
      assert.equal(error.message.includes(key), false);
      assert.equal(response.headers.get('Access-Control-Allow-Origin'), ALLOWED);
    }
  });

  it("answers 403 to an origin the key's partner does not allow: a readable error, never the config", async () => {
    for (const origin of [FOREIGN, OTHER_PARTNER_ORIGIN, 'http://127.0.0.1:8788', 'null']) {
      const response = await get({ [PUBLISHABLE_KEY_HEADER]: 'pk_test_demo', Origin: origin });
      assert.equal(response.status, 403, origin);
      const body = await response.json();
      const error = apiErrorBodySchema.parse(body).error;
      assert.equal(error.code, 'origin_not_allowed');
      assert.match(error.message, /allowed origins/);
      assert.deepEqual(Object.keys(body), ['error'], 'nothing of the partner is in the body');
      // The page may read the refusal (so the widget can say "add this origin"), but `null` origins
      // (files, sandboxed frames) are never reflected.
      assert.equal(response.headers.get('Access-Control-Allow-Origin'), origin === 'null' ? null : origin, origin);
      assert.equal(response.headers.get('Access-Control-Allow-Credentials'), null);
    }
  });

  it('lets a preflight through from any http(s) origin: the real request is checked', async () => {
    const response = await app.request('/v1/config', {
      method: 'OPTIONS',
      headers: {
        Origin: ALLOWED,
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'tessera-publishable-key',
      },
    });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('Access-Control-Allow-Origin'), ALLOWED);
    assert.equal(
      response.headers.get('Access-Control-Allow-Headers'),
      'Tessera-Publishable-Key, Content-Type, Authorization',
    );
    assert.match(response.headers.get('Access-Control-Allow-Methods') ?? '', /\bGET\b/);
    assert.ok(Number(response.headers.get('Access-Control-Max-Age')) > 0);
  });

  it('answers a preflight from an origin no partner allows, then refuses its request', async () => {
    const preflight = await app.request('/v1/config', {
      method: 'OPTIONS',
      headers: { Origin: FOREIGN, 'Access-Control-Request-Method': 'GET' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('Access-Control-Allow-Origin'), FOREIGN);
    const request = await get({ [PUBLISHABLE_KEY_HEADER]: 'pk_test_demo', Origin: FOREIGN });
    assert.equal(request.status, 403);
    assert.equal((await errorOf(request)).code, 'origin_not_allowed');
  });

  it('allows the conditional headers in preflights of vault paths only', async () => {
    const preflight = (path: string) =>
      app.request(path, { method: 'OPTIONS', headers: { Origin: ALLOWED, 'Access-Control-Request-Method': 'PUT' } });
    assert.equal(
      (await preflight('/v1/vault/blobs/x')).headers.get('Access-Control-Allow-Headers'),
      'Tessera-Publishable-Key, Content-Type, Authorization, If-Match, If-None-Match',
    );
    assert.equal(
      (await preflight('/v1/config')).headers.get('Access-Control-Allow-Headers'),
      'Tessera-Publishable-Key, Content-Type, Authorization',
    );
  });

  it('refuses a preflight without an http(s) origin', async () => {
    for (const headers of [{ Origin: 'null' }, {}] as Record<string, string>[]) {
      const response = await app.request('/v1/config', {
        method: 'OPTIONS',
        headers: { ...headers, 'Access-Control-Request-Method': 'GET' },
      });
      assert.equal(response.status, 403);
      assert.equal((await errorOf(response)).code, 'origin_not_allowed');
      assert.equal(response.headers.get('Access-Control-Allow-Origin'), null);
      assert.equal(response.headers.get('Access-Control-Allow-Headers'), null);
    }
  });

  it('answers an unknown /v1 path with 404 once the key is good', async () => {
    const response = await app.request('/v1/nothing', { headers: { [PUBLISHABLE_KEY_HEADER]: 'pk_test_demo' } });
    assert.equal(response.status, 404);
    assert.equal((await errorOf(response)).code, 'not_found');
  });

  it('never logs the key, the Authorization header or the origin check details', async () => {
    await get({ [PUBLISHABLE_KEY_HEADER]: 'pk_test_demo', Origin: ALLOWED, Authorization: 'Bearer user.token.here' });
    await get({ [PUBLISHABLE_KEY_HEADER]: 'pk_live_acme', Origin: FOREIGN });
    const all = log.lines.join('');
    assert.ok(all.includes('/v1/config'), 'requests are logged');
    assert.doesNotMatch(all, /pk_test_demo|pk_live_acme|user\.token\.here|Bearer/);
  });
});
