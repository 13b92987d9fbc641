import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  apiErrorBodySchema,
  PUBLISHABLE_KEY_HEADER,
  vaultBlobListSchema,
  vaultBlobPutResultSchema,
} from '@tessera/core';
import { SignJWT } from 'jose';
import { mintUserToken } from '../auth/user-token.js';
import { newSecretKey } from '../partners/keys.js';
import { capturingLogger } from '../test-support/capturing-logger.js';
import { seedPartner, type TestPartner, testMasterKey } from '../test-support/partners.js';
import { type ReadResponse, recordingApp } from '../test-support/recording-app.js';
import { openTempDatabase, type TempDatabase } from '../test-support/temp-database.js';
import { createApp } from './app.js';
import { createJsonLogger } from './logger.js';

const encoder = new TextEncoder();
// A marker inside every blob, to prove bodies never reach the logs.
const PLAINTEXT_MARKER = 'ciphertext-marker-7f3a';

describe('vault sync (PGlite)', () => {
  let temp: TempDatabase;
  let a: TestPartner;
  let b: TestPartner;
  let api: ReturnType<typeof recordingApp>;
  let masterKey: ReturnType<typeof testMasterKey>;
  const log = capturingLogger();
  const tokens: string[] = [];
  const MAX = 4096;

  before(async () => {
    temp = await openTempDatabase();
    masterKey = testMasterKey();
    a = await seedPartner(temp.db, masterKey, { id: 'partner-a', origin: 'https://a.example' });
    b = await seedPartner(temp.db, masterKey, { id: 'partner-b', origin: 'https://b.example' });
    api = recordingApp(
      createApp({
        db: temp.db,
        masterKey,
        logger: createJsonLogger(log.write),
        vault: { maxBlobBytes: MAX },
        rateLimits: false,
      }),
    );
  });
  after(() => temp?.dispose());

  const tokenFor = async (partner: TestPartner, user: string) => {
    const token = await partner.token(user);
    tokens.push(token);
    return token;
  };
  const headers = async (partner: TestPartner, user: string, extra: Record<string, string> = {}) => ({
    [PUBLISHABLE_KEY_HEADER]: partner.publishableKey,
    Origin: partner.origin,
    Authorization: `Bearer ${await tokenFor(partner, user)}`,
    ...extra,
  });
  const put = async (
    partner: TestPartner,
    user: string,
    id: string,
    body: string | Uint8Array,
    extra: Record<string, string> = {},
  ) =>
    api.request(`/v1/vault/blobs/${id}`, {
      method: 'PUT',
      headers: await headers(partner, user, { 'Content-Type': 'application/octet-stream', ...extra }),
      body: (typeof body === 'string' ? encoder.encode(`${PLAINTEXT_MARKER}:${body}`) : body) as BodyInit,
    });
  const get = async (partner: TestPartner, user: string, id: string, extra: Record<string, string> = {}) =>
    api.request(`/v1/vault/blobs/${id}`, { headers: await headers(partner, user, extra) });
  const del = async (partner: TestPartner, user: string, id: string, extra: Record<string, string> = {}) =>
    api.request(`/v1/vault/blobs/${id}`, { method: 'DELETE', headers: await headers(partner, user, extra) });
  const list = async (partner: TestPartner, user: string, query = '') =>
    api.request(`/v1/vault/blobs${query}`, { headers: await headers(partner, user) });
  const errorOf = (response: ReadResponse) => apiErrorBodySchema.parse(response.json()).error;
  const bodyText = (response: ReadResponse) => response.text.slice(PLAINTEXT_MARKER.length + 1);
  const counts = async () => {
    const { rows } = await temp.db.query<{ blobs: number; seqs: string }>(
      `select (select count(*)::int from vault_blobs) as blobs,
              (select coalesce(sum(seq), 0)::text from vault_users) as seqs`,
    );
    return rows[0];
  };

  it('creates a blob (201, ETag), reads it back byte for byte with its content type', async () => {
    const created = await put(a, 'alice', 'notes', 'v1', { 'Content-Type': 'application/x-tessera-vault; v=1' });
    assert.equal(created.status, 201, created.text);
    const result = vaultBlobPutResultSchema.parse(created.json());
    assert.equal(result.created, true);
    assert.equal(result.id, 'notes');
    assert.equal(created.headers.get('ETag'), `"${result.version}"`);
    assert.equal(created.headers.get('Access-Control-Allow-Origin'), a.origin);
    assert.match(created.headers.get('Access-Control-Expose-Headers') ?? '', /ETag/);

    const read = await get(a, 'alice', 'notes');
    assert.equal(read.status, 200);
    assert.equal(bodyText(read), 'v1');
    assert.equal(read.headers.get('Content-Type'), 'application/x-tessera-vault; v=1');
    assert.equal(read.headers.get('ETag'), `"${result.version}"`);
    assert.equal(read.headers.get('Cache-Control'), 'no-store');
    assert.equal(read.headers.get('Content-Disposition'), 'attachment');

    const notModified = await get(a, 'alice', 'notes', { 'If-None-Match': `"${result.version}"` });
    assert.equal(notModified.status, 304);
    assert.equal(notModified.bytes.byteLength, 0);
  });

  it('keeps arbitrary binary bytes intact', async () => {
    const bytes = new Uint8Array(256).map((_, index) => index);
    assert.equal((await put(a, 'alice', 'binary', bytes)).status, 201);
    const read = await get(a, 'alice', 'binary');
    assert.deepEqual([...read.bytes], [...bytes]);
  });

  it('never overwrites silently: without If-Match or with a stale one, 412 with the current version', async () => {
    const first = await put(a, 'alice', 'doc', 'one');
    const v1 = vaultBlobPutResultSchema.parse(first.json()).version;

    const blind = await put(a, 'alice', 'doc', 'blind');
    assert.equal(blind.status, 412);
    assert.equal(errorOf(blind).code, 'precondition_failed');
    assert.deepEqual(errorOf(blind).details, { reason: 'exists', currentVersion: v1 });
    assert.equal(blind.headers.get('ETag'), `"${v1}"`);

    const updated = await put(a, 'alice', 'doc', 'two', { 'If-Match': `"${v1}"` });
    assert.equal(updated.status, 200);
    const v2 = vaultBlobPutResultSchema.parse(updated.json()).version;
    assert.notEqual(v2, v1);
    assert.equal(updated.json() && (updated.json() as { created: boolean }).created, false);

    const stale = await put(a, 'alice', 'doc', 'stale', { 'If-Match': `"${v1}"` });
    assert.equal(stale.status, 412);
    assert.deepEqual(errorOf(stale).details, { reason: 'version_mismatch', currentVersion: v2 });
    assert.match(errorOf(stale).message, /another device/);

    const createOnly = await put(a, 'alice', 'doc', 'x', { 'If-None-Match': '*' });
    assert.equal(createOnly.status, 412);
    const missing = await put(a, 'alice', 'never-made', 'x', { 'If-Match': '"1"' });
    assert.equal(missing.status, 412);
    assert.equal((errorOf(missing).details as { reason: string }).reason, 'missing');
    assert.equal((await get(a, 'alice', 'never-made')).status, 404, 'a refused put writes nothing');

    assert.equal(bodyText(await get(a, 'alice', 'doc')), 'two', 'only the matching put was applied');
    const anyVersion = await put(a, 'alice', 'doc', 'three', { 'If-Match': '*' });
    assert.equal(anyVersion.status, 200);
  });

  it('lets exactly one of two concurrent updates of the same version win', async () => {
    const v = vaultBlobPutResultSchema.parse((await put(a, 'alice', 'race', 'base')).json()).version;
    const results = await Promise.all(
      ['left', 'right'].map((side) => put(a, 'alice', 'race', side, { 'If-Match': `"${v}"` })),
    );
    assert.deepEqual(results.map((r) => r.status).sort(), [200, 412]);
    const winner = results.find((r) => r.status === 200);
    const read = await get(a, 'alice', 'race');
    assert.equal(read.headers.get('ETag'), winner?.headers.get('ETag'));
  });

  it('deletes (with or without If-Match), 404 afterwards, and the deletion is in the change list', async () => {
    const v = vaultBlobPutResultSchema.parse((await put(a, 'alice', 'temp', 'x')).json()).version;
    const before = vaultBlobListSchema.parse((await list(a, 'alice')).json()).cursor;
    assert.equal((await del(a, 'alice', 'temp', { 'If-Match': '"999999"' })).status, 412);
    assert.equal((await del(a, 'alice', 'temp', { 'If-Match': `"${v}"` })).status, 204);
    assert.equal((await get(a, 'alice', 'temp')).status, 404);
    assert.equal((await del(a, 'alice', 'temp')).status, 404);
    const changes = vaultBlobListSchema.parse((await list(a, 'alice', `?since=${before}`)).json());
    assert.deepEqual(
      changes.blobs.map(({ id, deleted, size }) => ({ id, deleted, size })),
      [{ id: 'temp', deleted: true, size: 0 }],
    );
    const again = await put(a, 'alice', 'temp', 'reborn');
    assert.equal(again.status, 201, 'a deleted id can be created again without If-Match');
    assert.ok(BigInt(vaultBlobPutResultSchema.parse(again.json()).version) > BigInt(v), 'versions never repeat');
  });

  it('lists changes from a cursor, page by page, oldest first', async () => {
    const user = 'pager';
    // More than 10, so versions of one and two digits are compared as numbers, not as text.
    const ids = Array.from({ length: 12 }, (_, index) => `p${index + 1}`);
    for (const id of ids) assert.equal((await put(a, user, id, id)).status, 201);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const response = await list(a, user, `?limit=5${cursor ? `&since=${cursor}` : ''}`);
      assert.equal(response.status, 200, response.text);
      const body = vaultBlobListSchema.parse(response.json());
      seen.push(...body.blobs.map((blob) => blob.id));
      cursor = body.cursor;
      if (!body.hasMore) break;
    }
    assert.deepEqual(seen, ids);
    const empty = vaultBlobListSchema.parse((await list(a, user, `?since=${cursor}`)).json());
    assert.deepEqual(empty, { blobs: [], cursor, hasMore: false });

    assert.equal((await put(a, user, 'p2', 'changed', { 'If-Match': '*' })).status, 200);
    const next = vaultBlobListSchema.parse((await list(a, user, `?since=${cursor}`)).json());
    assert.deepEqual(
      next.blobs.map((blob) => blob.id),
      ['p2'],
    );
  });

  describe('isolation: another user’s or partner’s blob is not there (404), and never touched', () => {
    before(async () => {
      assert.equal((await put(a, 'alice', 'secret-diary', 'alice wrote this')).status, 201);
    });

    it('another user of the same partner gets 404, the same answer as for an id nobody has', async () => {
      const theirs = await get(a, 'bob', 'secret-diary');
      const nobodys = await get(a, 'bob', 'no-such-id-at-all');
      assert.equal(theirs.status, 404);
      assert.equal(errorOf(theirs).code, 'not_found');
      assert.equal(
        errorOf(theirs).message.replace('secret-diary', 'ID'),
        errorOf(nobodys).message.replace('no-such-id-at-all', 'ID'),
      );
      assert.equal((await del(a, 'bob', 'secret-diary')).status, 404);
      assert.equal((await put(a, 'bob', 'secret-diary', 'x', { 'If-Match': '*' })).status, 412);
      const own = await put(a, 'bob', 'secret-diary', 'bob’s own');
      assert.equal(own.status, 201, 'the same id is a different blob for another user');
      assert.equal(bodyText(await get(a, 'alice', 'secret-diary')), 'alice wrote this');
      const bobsList = vaultBlobListSchema.parse((await list(a, 'bob')).json());
      assert.deepEqual(
        bobsList.blobs.map((blob) => blob.id),
        ['secret-diary'],
      );
    });

    it('the same user id at another partner sees nothing of partner A', async () => {
      assert.equal((await get(b, 'alice', 'secret-diary')).status, 404);
      assert.equal((await del(b, 'alice', 'secret-diary')).status, 404);
      const bList = vaultBlobListSchema.parse((await list(b, 'alice')).json());
      assert.deepEqual(bList.blobs, []);
    });

    it("refuses partner A's token with partner B's publishable key (401), and the reverse", async () => {
      for (const [keyOf, tokenOf] of [
        [b, a],
        [a, b],
      ] as const) {
        const response = await api.request('/v1/vault/blobs/secret-diary', {
          headers: {
            [PUBLISHABLE_KEY_HEADER]: keyOf.publishableKey,
            Origin: keyOf.origin,
            Authorization: `Bearer ${await tokenFor(tokenOf, 'alice')}`,
          },
        });
        assert.equal(response.status, 401);
        assert.equal(errorOf(response).code, 'invalid_user_token');
        assert.match(errorOf(response).message, /iss/);
      }
    });

    it("refuses partner A's publishable key from partner B's origin (403)", async () => {
      const response = await api.request('/v1/vault/blobs/secret-diary', {
        headers: {
          [PUBLISHABLE_KEY_HEADER]: a.publishableKey,
          Origin: b.origin,
          Authorization: `Bearer ${await tokenFor(a, 'alice')}`,
        },
      });
      assert.equal(response.status, 403);
      assert.equal(errorOf(response).code, 'origin_not_allowed');
      assert.equal(response.text.includes('alice wrote this'), false);
    });
  });

  describe('user tokens', () => {
    const withToken = (token: string | undefined) =>
      api.request('/v1/vault/blobs', {
        headers: {
          [PUBLISHABLE_KEY_HEADER]: a.publishableKey,
          Origin: a.origin,
          ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
        },
      });

    it('requires one: 401 missing_user_token, readable by the page', async () => {
      const response = await withToken(undefined);
      assert.equal(response.status, 401);
      assert.equal(errorOf(response).code, 'missing_user_token');
      assert.equal(response.headers.get('Access-Control-Allow-Origin'), a.origin);
      const basic = await api.request('/v1/vault/blobs', {
        headers: { [PUBLISHABLE_KEY_HEADER]: a.publishableKey, Authorization: 'Basic dXNlcjpwdw==' },
      });
      assert.equal(errorOf(basic).code, 'missing_user_token');
    });

    it('refuses an expired token (past the 2 s tolerance) with expired_user_token', async () => {
      const now = Date.now();
      const expired = await mintUserToken({
        secretKey: a.secretKey,
        userId: 'alice',
        ttlSeconds: 60,
        now: new Date(now - 63_000),
      });
      tokens.push(expired);
      const response = await withToken(expired);
      assert.equal(response.status, 401);
      assert.equal(errorOf(response).code, 'expired_user_token');
    });

    it('refuses forged, tampered, unsigned and foreign-audience tokens with invalid_user_token', async () => {
      const forgedKey = newSecretKey('test', a.partner.id);
      const forged = await mintUserToken({ secretKey: forgedKey, userId: 'alice' });
      const good = await tokenFor(a, 'alice');
      const [header, payload, signature] = good.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'bob' })).toString('base64url')}.${signature}`;
      const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
      const otherAudience = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(a.partner.id)
        .setSubject('alice')
        .setAudience('someone-else')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(encoder.encode(a.secretKey));
      for (const [name, token] of Object.entries({ forged, tampered, none, otherAudience, garbage: 'not-a-jwt' })) {
        tokens.push(token);
        const response = await withToken(token);
        assert.equal(response.status, 401, name);
        assert.equal(errorOf(response).code, 'invalid_user_token', name);
        assert.equal(response.text.includes(token), false, `${name}: the token is not echoed`);
      }
    });
  });

  describe('bad input: a clear 4xx, and nothing written', () => {
    it('refuses bad ids, headers, content types, queries and empty bodies with 400', async () => {
      const before = await counts();
      const cases: Array<[string, Promise<ReadResponse>]> = [
        ['id with a space', put(a, 'alice', 'bad%20id', 'x')],
        ['id with a non-ASCII letter', put(a, 'alice', '%C3%BC', 'x')],
        ['encoded slash', put(a, 'alice', 'a%2Fb', 'x')],
        ['too long id', put(a, 'alice', 'x'.repeat(201), 'x')],
        ['bad If-Match', put(a, 'alice', 'fresh', 'x', { 'If-Match': 'W/"abc"' })],
        ['If-None-Match not *', put(a, 'alice', 'fresh', 'x', { 'If-None-Match': '"3"' })],
        ['bad content type', put(a, 'alice', 'fresh', 'x', { 'Content-Type': 'not a type' })],
        ['empty body', put(a, 'alice', 'fresh', new Uint8Array(0))],
        ['unknown query parameter', list(a, 'alice', '?cursor=1')],
        ['limit zero', list(a, 'alice', '?limit=0')],
        ['limit too big', list(a, 'alice', '?limit=5000')],
        ['since not a cursor', list(a, 'alice', '?since=abc')],
        ['since twice', list(a, 'alice', '?since=1&since=2')],
      ];
      for (const [name, pending] of cases) {
        const response = await pending;
        assert.equal(response.status, 400, `${name}: ${response.text}`);
        const error = errorOf(response);
        assert.equal(error.code, 'validation_failed', name);
        assert.ok((error.details as { issues: unknown[] }).issues.length > 0, name);
      }
      assert.deepEqual(await counts(), before);
      assert.equal((await get(a, 'alice', 'fresh')).status, 404);
    });

    it('refuses a body over the limit with 413, whether declared or streamed', async () => {
      const before = await counts();
      const declared = await put(a, 'alice', 'big', new Uint8Array(MAX + 1));
      assert.equal(declared.status, 413);
      assert.equal(errorOf(declared).code, 'payload_too_large');
      const chunks = [new Uint8Array(MAX), new Uint8Array(10)];
      const streamed = await api.request('/v1/vault/blobs/big', {
        method: 'PUT',
        headers: await headers(a, 'alice'),
        body: new ReadableStream({
          pull(controller) {
            const chunk = chunks.shift();
            if (chunk) controller.enqueue(chunk);
            else controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      assert.equal(streamed.status, 413);
      assert.equal((await put(a, 'alice', 'big', new Uint8Array(MAX))).status, 201, 'exactly the limit is fine');
      const after = await counts();
      assert.equal(after?.blobs, (before?.blobs ?? 0) + 1);
    });

    it('has a 10 MB limit by default, and checks the token before reading a body', async () => {
      const app = createApp({ db: temp.db, masterKey, rateLimits: false });
      const send = async (size: number, token: string) =>
        app.request(`/v1/vault/blobs/huge-${size}`, {
          method: 'PUT',
          headers: { [PUBLISHABLE_KEY_HEADER]: a.publishableKey, Authorization: `Bearer ${token}` },
          body: new Uint8Array(size),
        });
      const limit = 10 * 1024 * 1024;
      assert.equal((await send(limit + 1, 'not-a-token')).status, 401, 'a stranger cannot make it read 10 MB');
      assert.equal((await send(limit + 1, await tokenFor(a, 'carol'))).status, 413);
      assert.equal((await send(limit, await tokenFor(a, 'carol'))).status, 201);
    });
  });

  it('never logs keys, tokens or blob contents; logs every request', async () => {
    const all = log.lines.join('\n');
    assert.ok(all.includes('/v1/vault/blobs'), 'requests are logged');
    for (const secret of [a.secretKey, b.secretKey, a.publishableKey, b.publishableKey, ...tokens]) {
      assert.equal(all.includes(secret), false, 'a key or token reached the logs');
    }
    assert.equal(all.includes(PLAINTEXT_MARKER), false, 'blob contents reached the logs');
    assert.doesNotMatch(all, /Bearer|eyJ/);
  });

  it('never sends a secret key in any response', () => {
    assert.ok(api.bodies.length > 50);
    const everything = api.bodies.join('\n');
    for (const secret of [a.secretKey, b.secretKey]) assert.equal(everything.includes(secret), false);
    assert.doesNotMatch(everything, /sk_(live|test)_[a-z0-9-]+_[A-Za-z0-9]{20,}/);
  });
});
