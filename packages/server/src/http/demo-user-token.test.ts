import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiErrorBodySchema, PUBLISHABLE_KEY_HEADER, vaultBlobListSchema } from '@tessera/core';
import { decodeJwt } from 'jose';
import { verifyUserToken } from '../auth/user-token.js';
import { DEMO_PARTNER_ID, DEMO_PUBLISHABLE_KEY, demoSecretKey, upsertDemoPartner } from '../partners/demo.js';
import { MasterKey } from '../secrets/master-key.js';
import { openTempDatabase, type TempDatabase } from '../test-support/temp-database.js';
import { createApp } from './app.js';
import { DEMO_USER_TOKEN_PATH, DEMO_USER_TOKEN_TTL_SECONDS, type DemoUserTokenOptions } from './demo-user-token.js';

const ORIGIN = 'http://127.0.0.1:8787';
const VISITOR = 'b7c1e0d2-4f5a-4c8e-9a1b-2d3e4f5a6b7c';

describe('the demo user token route (PGlite)', () => {
  let temp: TempDatabase;
  const masterKey = MasterKey.generate();
  let secretKey: string;

  before(async () => {
    temp = await openTempDatabase();
    await upsertDemoPartner(temp.db, { origins: [ORIGIN] });
    secretKey = await demoSecretKey(temp.db, masterKey);
  });
  after(() => temp?.dispose());

  const demoApp = (options: Partial<DemoUserTokenOptions> = {}) =>
    createApp({
      db: temp.db,
      masterKey,
      publicOrigin: ORIGIN,
      demoUserToken: { secretKey: () => secretKey, ...options },
    });
  const mint = (app: ReturnType<typeof createApp>, body: unknown, headers: Record<string, string> = {}) =>
    app.request(DEMO_USER_TOKEN_PATH, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: ORIGIN, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const errorOf = async (response: Response) => apiErrorBodySchema.parse(await response.json()).error;

  it('is not there unless the app is told to mount it (only `tessera demo` does)', async () => {
    const app = createApp({ db: temp.db, masterKey });
    const response = await mint(app, { visitorId: VISITOR });
    assert.equal(response.status, 404);
    assert.equal((await errorOf(response)).code, 'not_found');
  });

  it("mints a 15-minute token of the demo partner for the visitor, which the API accepts as the user's", async () => {
    const app = demoApp();
    const response = await mint(app, { visitorId: VISITOR });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('Cache-Control'), 'no-store');
    const { token, expiresAt } = (await response.json()) as { token: string; expiresAt: number };
    const claims = decodeJwt(token);
    assert.equal(claims.iss, DEMO_PARTNER_ID);
    assert.equal(claims.sub, `demo-visitor-${VISITOR}`);
    assert.equal(claims.aud, 'tessera');
    assert.equal((claims.exp ?? 0) - (claims.iat ?? 0), DEMO_USER_TOKEN_TTL_SECONDS);
    assert.equal(expiresAt, claims.exp);

    const verified = await verifyUserToken(token, DEMO_PARTNER_ID, {
      secretKeys: async () => [secretKey],
      publicKeys: async () => [],
    });
    assert.equal(verified.userId, `demo-visitor-${VISITOR}`);
    // A user-scoped route takes it.
    const listed = await app.request('/v1/vault/blobs', {
      headers: { [PUBLISHABLE_KEY_HEADER]: DEMO_PUBLISHABLE_KEY, Origin: ORIGIN, Authorization: `Bearer ${token}` },
    });
    assert.equal(listed.status, 200);
    assert.deepEqual(vaultBlobListSchema.parse(await listed.json()).blobs, []);
  });

  it('signs with a key kept across restarts: the demo partner key in force is reused', async () => {
    assert.equal(await demoSecretKey(temp.db, masterKey), secretKey);
  });

  it('refuses a body that is not a visitor id (400), not JSON (400) or not sent as JSON (415)', async () => {
    const app = demoApp();
    for (const body of [
      {},
      { visitorId: 'short' },
      { visitorId: 'has spaces in it, which ids do not' },
      { visitorId: 'x'.repeat(65) },
      { visitorId: 42 },
      { visitorId: VISITOR, userId: 'admin' },
    ]) {
      const response = await mint(app, body);
      assert.equal(response.status, 400, JSON.stringify(body));
      const error = await errorOf(response);
      assert.equal(error.code, 'validation_failed', JSON.stringify(body));
    }
    const broken = await mint(app, '{"visitorId":');
    assert.equal(broken.status, 400);
    assert.equal((await errorOf(broken)).code, 'invalid_json');
    const form = await mint(app, `visitorId=${VISITOR}`, { 'Content-Type': 'application/x-www-form-urlencoded' });
    assert.equal(form.status, 415);
  });

  it("refuses another site's page (403): the tokens are for the demo page only", async () => {
    const response = await mint(demoApp(), { visitorId: VISITOR }, { Origin: 'https://evil.example' });
    assert.equal(response.status, 403);
    assert.equal((await errorOf(response)).code, 'origin_not_allowed');
  });

  it('is rate limited (429 with Retry-After)', async () => {
    const app = demoApp({ rate: { burst: 2, perSecond: 0.001 } });
    assert.equal((await mint(app, { visitorId: VISITOR })).status, 200);
    assert.equal((await mint(app, { visitorId: `${VISITOR}-2` })).status, 200);
    const over = await mint(app, { visitorId: `${VISITOR}-3` });
    assert.equal(over.status, 429);
    assert.equal((await errorOf(over)).code, 'rate_limited');
    assert.ok(Number(over.headers.get('Retry-After')) >= 1);
  });

  it('answers 503 starting until the demo partner is seeded', async () => {
    const response = await mint(demoApp({ secretKey: () => undefined }), { visitorId: VISITOR });
    assert.equal(response.status, 503);
    assert.equal((await errorOf(response)).code, 'starting');
  });
});
