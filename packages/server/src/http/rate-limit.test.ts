import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiErrorBodySchema, PUBLISHABLE_KEY_HEADER } from '@tessera/core';
import type { Partner } from '../partners/partner.js';
import { TIERS } from '../partners/tiers.js';
import { seedPartner, type TestPartner, testMasterKey } from '../test-support/partners.js';
import { openTempDatabase, type TempDatabase } from '../test-support/temp-database.js';
import { createApp } from './app.js';
import type { ApiError } from './errors.js';
import { createRateLimiter, TokenBuckets } from './rate-limit.js';

describe('TokenBuckets', () => {
  it('allows a burst, then refills at the rate, and says when to retry', () => {
    let now = 0;
    const buckets = new TokenBuckets({ now: () => now });
    const budget = { perSecond: 2, burst: 3 };
    for (let i = 0; i < 3; i++) assert.deepEqual(buckets.take('k', budget), { ok: true });
    assert.deepEqual(buckets.take('k', budget), { ok: false, retryAfterSeconds: 1 });
    assert.deepEqual(buckets.take('other', budget), { ok: true }, 'keys are independent');
    now = 499;
    assert.equal(buckets.take('k', budget).ok, false);
    now = 500;
    assert.equal(buckets.take('k', budget).ok, true, 'one token back after half a second at 2/s');
    assert.equal(buckets.take('k', { perSecond: 0.1, burst: 3 }).ok, false);
    assert.deepEqual(buckets.take('k', { perSecond: 0.1, burst: 3 }), { ok: false, retryAfterSeconds: 10 });
  });

  it('forgets refilled buckets so memory stays bounded', () => {
    let now = 0;
    const buckets = new TokenBuckets({ now: () => now, maxEntries: 10 });
    const budget = { perSecond: 1, burst: 1 };
    for (let i = 0; i < 10; i++) buckets.take(`k${i}`, budget);
    now = 1000;
    buckets.take('new', budget);
    assert.equal(buckets.size, 1);
    for (let i = 0; i < 50; i++) buckets.take(`busy${i}`, budget);
    assert.ok(buckets.size <= 10);
  });
});

describe('rate limits over HTTP (PGlite)', () => {
  let temp: TempDatabase;
  let partner: TestPartner;
  let masterKey: ReturnType<typeof testMasterKey>;
  before(async () => {
    temp = await openTempDatabase();
    masterKey = testMasterKey();
    partner = await seedPartner(temp.db, masterKey, { id: 'limited', origin: 'https://l.example' });
  });
  after(() => temp?.dispose());

  it('answers 429 with Retry-After per publishable key, readable by the page', async () => {
    const app = createApp({
      db: temp.db,
      masterKey,
      rateLimits: { publishableKey: { perSecond: 0.001, burst: 2 }, user: { perSecond: 1, burst: 100 } },
    });
    const get = () =>
      app.request('/v1/config', {
        headers: { [PUBLISHABLE_KEY_HEADER]: partner.publishableKey, Origin: partner.origin },
      });
    assert.equal((await get()).status, 200);
    assert.equal((await get()).status, 200);
    const limited = await get();
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('Retry-After')) >= 1);
    const error = apiErrorBodySchema.parse(await limited.json()).error;
    assert.equal(error.code, 'rate_limited');
    assert.deepEqual((error.details as { scope: string }).scope, 'publishable_key');
    assert.equal(limited.headers.get('Access-Control-Allow-Origin'), partner.origin);
    assert.match(limited.headers.get('Access-Control-Expose-Headers') ?? '', /Retry-After/);
  });

  it('answers 429 per user, leaving other users of the same key alone', async () => {
    const app = createApp({
      db: temp.db,
      masterKey,
      rateLimits: { publishableKey: { perSecond: 1, burst: 100 }, user: { perSecond: 0.001, burst: 1 } },
    });
    const list = async (user: string) =>
      app.request('/v1/vault/blobs', {
        headers: {
          [PUBLISHABLE_KEY_HEADER]: partner.publishableKey,
          Authorization: `Bearer ${await partner.token(user)}`,
        },
      });
    assert.equal((await list('u1')).status, 200);
    const limited = await list('u1');
    assert.equal(limited.status, 429);
    assert.equal((apiErrorBodySchema.parse(await limited.json()).error.details as { scope: string }).scope, 'user');
    assert.equal((await list('u2')).status, 200);
  });

  it('uses the tier’s budgets by default', async () => {
    const limiter = createRateLimiter('tier', () => 0);
    const count = (tier: string) => {
      const partner = { id: `p-${tier}`, tier } as Partner;
      let allowed = 0;
      for (;;) {
        try {
          limiter.partner(partner, 'publishable_key');
          allowed++;
        } catch (error) {
          assert.equal((error as ApiError).status, 429);
          return allowed;
        }
      }
    };
    assert.equal(count('free'), TIERS.free.publishableKeyRate.burst);
    assert.equal(count('pro'), TIERS.pro.publishableKeyRate.burst);
    assert.equal(count('unknown-tier'), TIERS.free.publishableKeyRate.burst, 'an unknown tier counts as free');
  });
});
