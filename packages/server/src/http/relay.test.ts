import assert from 'node:assert/strict';
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  apiErrorBodySchema,
  type ProviderProfile,
  PUBLISHABLE_KEY_HEADER,
  UPSTREAM_AUTHORIZATION_HEADER,
} from '@tessera/core';
import { mintUserToken } from '../auth/user-token.js';
import { DEMO_PARTNER_ID, demoSecretKey, upsertDemoPartner } from '../partners/demo.js';
import { newSecretKey } from '../partners/keys.js';
import { parseRelayPath } from '../relay/relay-path.js';
import { publicUpstreamURL, registryProfiles, upstreamRequestURL } from '../relay/upstream-allowlist.js';
import { MasterKey } from '../secrets/master-key.js';
import { capturingLogger } from '../test-support/capturing-logger.js';
import { openTempDatabase, type TempDatabase } from '../test-support/temp-database.js';
import { createApp } from './app.js';
import { ApiError } from './errors.js';
import { createJsonLogger } from './logger.js';
import { createNodeServer } from './node-server.js';
import { DEFAULT_RELAY_MAX_BODY_BYTES, type RelayOptions } from './relay.js';

const ALLOWED = 'http://127.0.0.1:8787';
const KEY = 'pk_test_demo';
// Secrets and content that must never reach a log line. Deliberately shapes the logger's redaction
// does not recognise, so the assertion proves they were never logged, not that they were scrubbed.
const USER_KEY = 'AIzaRelayUserKey7f3c9e21b4d08a65';
const PRIVATE_TEXT = 'my-private-diagnosis-words';
const PRIVATE_ANSWER = 'the-model-said-something-private';
const UPSTREAM = UPSTREAM_AUTHORIZATION_HEADER;

// Profiles beside the registry's: a provider with its own key header, and two that must never be
// relayed because their address is local.
const KEY_HEADER_PROFILE: ProviderProfile = {
  id: 'keyheader',
  label: 'Key Header AI',
  dialect: 'openai-chat',
  baseURL: 'https://api.keyheader.example/v2',
  requiresKey: true,
  auth: { header: 'x-api-key' },
};
const LOCAL_PROFILE: ProviderProfile = {
  id: 'localonly',
  label: 'Local server',
  dialect: 'openai-chat',
  baseURL: 'http://localhost:11434',
  requiresKey: false,
  auth: { header: 'Authorization', scheme: 'Bearer' },
};
const PRIVATE_IP_PROFILE: ProviderProfile = { ...LOCAL_PROFILE, id: 'privateip', baseURL: 'https://10.0.0.5/v1' };

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Resolves when the connection of this request closes: `finished` is false when it was cut. */
  closed: Promise<{ finished: boolean }>;
}
type Handler = (req: IncomingMessage, res: ServerResponse, seen: Seen) => unknown;

/** A stand-in for a provider on 127.0.0.1: records every request, answers with `handler`. */
class LocalUpstream {
  readonly seen: Seen[] = [];
  handler: Handler = (_req, res) => res.end('{}');
  #server: Server = createServer((req, res) => {
    const closed = new Promise<{ finished: boolean }>((resolve) =>
      res.on('close', () => resolve({ finished: res.writableFinished })),
    );
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const seen: Seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
        closed,
      };
      this.seen.push(seen);
      void this.handler(req, res, seen);
    });
  });
  origin = '';

  async start(): Promise<this> {
    this.origin = `http://127.0.0.1:${await listenOn(this.#server)}`;
    return this;
  }
  /** Waits for the next request to arrive. */
  async next(count = this.seen.length + 1): Promise<Seen> {
    for (let i = 0; i < 500 && this.seen.length < count; i++) await sleep(10);
    const seen = this.seen[count - 1];
    assert.ok(seen, 'the upstream received the request');
    return seen;
  }
  stop(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}

function listenOn(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Rejects when `promise` takes longer than `ms`: a relay that buffers would otherwise hang the test. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}
const errorOf = async (response: Response) => apiErrorBodySchema.parse(await response.json()).error;
const decoder = new TextDecoder();

describe('the provider relay (PGlite, a local upstream)', () => {
  let temp: TempDatabase;
  const upstream = new LocalUpstream();
  // A second server that no relayed request may ever reach, whatever its path says.
  const elsewhere = new LocalUpstream();
  const log = capturingLogger();
  let app: ReturnType<typeof createApp>;
  let nodeServer: Server;
  let nodeOrigin: string;
  const masterKey = MasterKey.generate();
  let secretKey: string;
  /** The user token every relayed request carries, minted in `before`; never to reach upstream or a log. */
  let userToken = '';
  /** Other tokens the tests send, which must not reach a log either. */
  const extraTokens: string[] = [];

  /** Points each relayable profile at the local upstream, keeping its base path. */
  const toLocal = (profile: ProviderProfile) => {
    const base = publicUpstreamURL(profile);
    return base && new URL(`${upstream.origin}${base.pathname}`);
  };
  const makeApp = (relay: RelayOptions = {}) =>
    createApp({
      db: temp.db,
      masterKey,
      logger: createJsonLogger(log.write),
      // Off here, so one user's many requests are not limited; the per-user limit has its own test.
      rateLimits: false,
      relay: {
        profiles: [...registryProfiles(), KEY_HEADER_PROFILE, LOCAL_PROFILE, PRIVATE_IP_PROFILE],
        upstreamURL: toLocal,
        ...relay,
      },
    });
  const auth: Record<string, string> = { [PUBLISHABLE_KEY_HEADER]: KEY, Origin: ALLOWED };
  const relayed = (path: string, init: RequestInit = {}) =>
    app.request(`/v1/relay/${path}`, { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } });

  before(async () => {
    temp = await openTempDatabase();
    await upsertDemoPartner(temp.db, { origins: [ALLOWED] });
    secretKey = await demoSecretKey(temp.db, masterKey);
    userToken = await mintUserToken({ secretKey, userId: 'relay-user' });
    auth.Authorization = `Bearer ${userToken}`;
    await upstream.start();
    await elsewhere.start();
    app = makeApp();
    nodeServer = createNodeServer(app, createJsonLogger(log.write));
    nodeOrigin = `http://127.0.0.1:${await listenOn(nodeServer)}`;
  });
  after(async () => {
    nodeServer?.closeAllConnections();
    await new Promise((resolve) => nodeServer?.close(resolve));
    await upstream.stop();
    await elsewhere.stop();
    await temp?.dispose();
  });

  describe('forwarding', () => {
    it("relays a POST to the profile's base URL with the path and query, and answers what the upstream answered", async () => {
      upstream.handler = (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ answer: PRIVATE_ANSWER }));
      };
      const body = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: PRIVATE_TEXT }] });
      const response = await relayed('openai/chat/completions?trace=1&x=a%20b', {
        method: 'POST',
        headers: { [UPSTREAM]: `Bearer ${USER_KEY}`, 'Content-Type': 'application/json' },
        body,
      });
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { answer: PRIVATE_ANSWER });
      const seen = upstream.seen.at(-1);
      assert.equal(seen?.method, 'POST');
      assert.equal(seen?.url, '/v1/chat/completions?trace=1&x=a%20b', "the registry's base path, then the path");
      assert.equal(seen?.body, body, 'the body goes through byte for byte');
      assert.equal(seen?.headers.authorization, `Bearer ${USER_KEY}`, "the provider's Authorization, under its name");
      assert.equal(seen?.headers['tessera-upstream-authorization'], undefined);
      assert.ok(!JSON.stringify(seen?.headers).includes(userToken), 'the user token never goes upstream');
      assert.equal(seen?.headers.host, new URL(upstream.origin).host);
      assert.equal(response.headers.get('Access-Control-Allow-Origin'), ALLOWED);
      assert.equal(response.headers.get('Cache-Control'), 'no-store');
      assert.match(response.headers.get('Vary') ?? '', /Origin/);
    });

    it("forwards only the allowlisted headers and the profile's own key header", async () => {
      upstream.handler = (_req, res) => res.end('{}');
      const response = await relayed('openai/chat/completions', {
        method: 'POST',
        headers: {
          [UPSTREAM]: `Bearer ${USER_KEY}`,
          'Content-Type': 'application/json',
          Accept: 'text/event-stream',
          'anthropic-version': '2023-06-01',
          'anthropic-beta': 'tools-2024-04-04',
          'anthropic-dangerous-direct-browser-access': 'true',
          'x-api-key': 'not-this-providers-header',
          Cookie: 'session=abc',
          Referer: `${ALLOWED}/chat`,
          'X-Forwarded-For': '203.0.113.9',
          'X-Request-Id': 'client-chosen-id',
          'User-Agent': 'page-user-agent',
          'OpenAI-Organization': 'org-123',
        },
        body: '{}',
      });
      assert.equal(response.status, 200);
      const { headers } = upstream.seen.at(-1) ?? assert.fail('no request');
      assert.equal(headers.authorization, `Bearer ${USER_KEY}`);
      assert.equal(headers['content-type'], 'application/json');
      assert.equal(headers.accept, 'text/event-stream');
      assert.equal(headers['anthropic-version'], '2023-06-01');
      assert.equal(headers['anthropic-beta'], 'tools-2024-04-04');
      assert.equal(headers['anthropic-dangerous-direct-browser-access'], 'true');
      assert.equal(headers['accept-encoding'], 'identity', 'asked uncompressed, so chunks pass as they come');
      for (const name of [
        'tessera-publishable-key',
        'tessera-upstream-authorization',
        'origin',
        'cookie',
        'referer',
        'x-forwarded-for',
        'x-request-id',
        'x-api-key',
        'openai-organization',
      ]) {
        assert.equal(headers[name], undefined, name);
      }
      assert.notEqual(headers['user-agent'], 'page-user-agent');
    });

    it('forwards the key under the header a profile names (x-api-key), and neither the user token nor an upstream Authorization', async () => {
      upstream.handler = (_req, res) => res.end('{}');
      const response = await relayed('keyheader/messages', {
        method: 'POST',
        headers: {
          'x-api-key': USER_KEY,
          [UPSTREAM]: 'Bearer not-for-this-provider',
          'Content-Type': 'application/json',
        },
        body: '{}',
      });
      assert.equal(response.status, 200);
      const seen = upstream.seen.at(-1);
      assert.equal(seen?.url, '/v2/messages');
      assert.equal(seen?.headers['x-api-key'], USER_KEY);
      assert.equal(seen?.headers.authorization, undefined);
      assert.equal(seen?.headers['tessera-upstream-authorization'], undefined);
    });

    it('relays a GET key check, and passes an upstream error status and body through unchanged', async () => {
      upstream.handler = (req, res) => {
        const ok = req.headers.authorization === `Bearer ${USER_KEY}`;
        res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            ok
              ? { data: [{ id: 'gpt-4o' }] }
              : {
                  error: {
                    message: 'Incorrect API key provided',
                    type: 'invalid_request_error',
                    code: 'invalid_api_key',
                  },
                },
          ),
        );
      };
      const good = await relayed('openai/models', { headers: { [UPSTREAM]: `Bearer ${USER_KEY}` } });
      assert.equal(good.status, 200);
      assert.deepEqual(await good.json(), { data: [{ id: 'gpt-4o' }] });
      assert.equal(upstream.seen.at(-1)?.method, 'GET');
      assert.equal(upstream.seen.at(-1)?.url, '/v1/models');

      const bad = await relayed('openai/models', { headers: { [UPSTREAM]: 'Bearer wrong' } });
      assert.equal(bad.status, 401);
      assert.deepEqual(await bad.json(), {
        error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' },
      });
    });

    it('answers with a safe subset of the upstream headers, readable by the page', async () => {
      upstream.handler = (_req, res) => {
        res.writeHead(429, {
          'content-type': 'application/json',
          'retry-after': '7',
          'retry-after-ms': '6500',
          'x-request-id': 'req_upstream_1',
          'request-id': 'req_anthropic_1',
          'x-ratelimit-remaining-requests': '0',
          'anthropic-ratelimit-tokens-remaining': '12',
          'set-cookie': '__cf_bm=tracking; Path=/',
          'access-control-allow-origin': '*',
          'strict-transport-security': 'max-age=31536000',
          server: 'cloudflare',
          'openai-organization': 'user-abc',
          'x-internal-debug': 'secret-route',
        });
        res.end('{"error":{"message":"Rate limit reached"}}');
      };
      const response = await relayed('openai/chat/completions', { method: 'POST', body: '{}' });
      assert.equal(response.status, 429);
      assert.equal(response.headers.get('content-type'), 'application/json');
      assert.equal(response.headers.get('retry-after'), '7');
      assert.equal(response.headers.get('retry-after-ms'), '6500');
      assert.equal(response.headers.get('request-id'), 'req_anthropic_1');
      assert.equal(response.headers.get('x-ratelimit-remaining-requests'), '0');
      assert.equal(response.headers.get('anthropic-ratelimit-tokens-remaining'), '12');
      assert.equal(response.headers.get('X-Upstream-Request-Id'), 'req_upstream_1');
      assert.notEqual(response.headers.get('X-Request-Id'), 'req_upstream_1', "this server's own request id stays");
      for (const name of [
        'set-cookie',
        'strict-transport-security',
        'server',
        'openai-organization',
        'x-internal-debug',
      ]) {
        assert.equal(response.headers.get(name), null, name);
      }
      assert.equal(response.headers.get('Access-Control-Allow-Origin'), ALLOWED, 'our CORS, not the upstream *');
      const exposed = (response.headers.get('Access-Control-Expose-Headers') ?? '').toLowerCase().split(/,\s*/);
      for (const name of ['x-request-id', 'retry-after', 'x-ratelimit-remaining-requests', 'x-upstream-request-id']) {
        assert.ok(exposed.includes(name), name);
      }
      assert.match(await response.text(), /Rate limit reached/);
    });

    it('relays every registry profile with a public https base URL, to its own base path', async () => {
      upstream.handler = (_req, res) => res.end('{}');
      const relayable = registryProfiles().filter((profile) => publicUpstreamURL(profile));
      assert.ok(relayable.some((profile) => profile.id === 'openai'));
      for (const profile of relayable) {
        const header = profile.auth.header.toLowerCase() === 'authorization' ? UPSTREAM : profile.auth.header;
        const response = await relayed(`${profile.id}/models`, { headers: { [header]: USER_KEY } });
        assert.equal(response.status, 200, profile.id);
        const seen = upstream.seen.at(-1);
        const basePath = new URL(profile.baseURL ?? '').pathname.replace(/\/$/, '');
        assert.equal(seen?.url, `${basePath}/models`, profile.id);
        assert.equal(seen?.headers[profile.auth.header.toLowerCase()], USER_KEY, profile.id);
      }
    });
  });

  describe('never an open proxy', () => {
    it('answers 404 for an unknown provider and 400 for one without a fixed public address', async () => {
      const before = upstream.seen.length;
      for (const id of ['nope', 'OPENAI', '__proto__', 'constructor']) {
        const response = await relayed(`${id}/models`);
        assert.equal(response.status, 404, id);
        const error = await errorOf(response);
        assert.equal(error.code, 'unknown_provider', id);
        assert.match(error.message, /openai/, 'the message lists what can be relayed');
        assert.equal(response.headers.get('Access-Control-Allow-Origin'), ALLOWED, 'the page can read the error');
      }
      for (const id of ['openai-compatible', 'localonly', 'privateip']) {
        const response = await relayed(`${id}/models`);
        assert.equal(response.status, 400, id);
        const error = await errorOf(response);
        assert.equal(error.code, 'provider_not_relayed', id);
        assert.match(error.message, /baseURL/);
      }
      assert.equal(upstream.seen.length, before, 'nothing went upstream');
    });

    it('refuses paths that could leave the base URL, without contacting anything', async () => {
      const evil = elsewhere.origin;
      const evilHost = new URL(evil).host;
      const tricks = [
        'openai',
        'openai/',
        'openai//models',
        `openai/${evil}/models`,
        `openai//${evilHost}/models`,
        `openai/http:%2F%2F${evilHost}/models`,
        'openai/%2F%2Fevil.example/models',
        'openai/..%2F..%2Fadmin',
        'openai/%2e%2e%2fadmin',
        'openai/%252e%252e/%252e%252e/admin',
        'openai/models%2F..%2F..',
        'openai/models%5C..%5Cadmin',
        'openai/models%00',
        'openai/models%0d%0aHost:%20evil.example',
        'openai/%40evil.example/models',
        'openai/models/%E0%A4%A',
        'openai/a b',
        `openai/${'x/'.repeat(40)}models`,
        '%2e%2e/openai/models',
        'open%61i/models',
      ];
      const before = upstream.seen.length;
      for (const trick of tricks) {
        const response = await relayed(trick);
        assert.ok([400, 404].includes(response.status), `${trick}: ${response.status}`);
        const code = (await errorOf(response)).code;
        // `not_found`: URL parsing resolved an encoded dot segment before routing, out of the relay.
        assert.ok(['invalid_path', 'unknown_provider', 'not_found'].includes(code), `${trick}: ${code}`);
      }
      assert.equal(upstream.seen.length, before, 'the upstream saw none of them');
      assert.equal(elsewhere.seen.length, 0, 'nor did any other server');
    });

    it('keeps dot segments from reaching the relay over the wire, and ignores an absolute-form target', async () => {
      const before = upstream.seen.length;
      const raw = (path: string, headers: Record<string, string> = {}) =>
        new Promise<number>((resolve, reject) => {
          const req = httpRequest(`${nodeOrigin}/`, { path, headers: { ...auth, ...headers } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          req.end();
        });
      // Node resolves dot segments before routing, so these can only end up at another API path.
      for (const path of [
        '/v1/relay/openai/../../health',
        '/v1/relay/openai/%2e%2e/%2E%2e/nothing',
        '/v1/relay/openai/models/../../../x',
      ]) {
        assert.notEqual(await raw(path), 200, path);
      }
      assert.equal(upstream.seen.length, before);
      // An absolute-form request target names a host; the relay still only calls the profile's.
      upstream.handler = (_req, res) => res.end('{}');
      assert.equal(await raw(`${elsewhere.origin}/v1/relay/openai/models`), 200);
      assert.equal(upstream.seen.length, before + 1);
      assert.equal(elsewhere.seen.length, 0);
    });

    it('answers 405 to methods other than GET and POST', async () => {
      for (const method of ['PUT', 'PATCH', 'DELETE']) {
        const response = await relayed('openai/models', { method, body: method === 'DELETE' ? undefined : '{}' });
        assert.equal(response.status, 405, method);
        assert.equal(response.headers.get('Allow'), 'GET, POST');
        assert.equal((await errorOf(response)).code, 'method_not_allowed');
      }
    });
  });

  describe('who may relay', () => {
    it('requires the publishable key and an allowed origin, like /v1/config', async () => {
      const before = upstream.seen.length;
      const missing = await app.request('/v1/relay/openai/models', { headers: { Origin: ALLOWED } });
      assert.equal(missing.status, 401);
      assert.equal((await errorOf(missing)).code, 'missing_publishable_key');
      const unknown = await app.request('/v1/relay/openai/models', {
        headers: { [PUBLISHABLE_KEY_HEADER]: 'pk_test_unknown', Origin: ALLOWED },
      });
      assert.equal(unknown.status, 401);
      const foreign = await app.request('/v1/relay/openai/models', {
        headers: { [PUBLISHABLE_KEY_HEADER]: KEY, Origin: 'https://evil.example' },
      });
      assert.equal(foreign.status, 403);
      // Errors are readable by the page that caused them (it learns to add its origin), never data.
      assert.equal(foreign.headers.get('Access-Control-Allow-Origin'), 'https://evil.example');
      assert.equal((await errorOf(foreign)).code, 'origin_not_allowed');
      assert.equal(upstream.seen.length, before, 'nothing went upstream');
    });

    it('requires a user token: without one, 401 with what to do, and nothing goes upstream', async () => {
      const before = upstream.seen.length;
      const calls: Record<string, string>[] = [
        // No Authorization at all, then the old contract: the provider key in Authorization.
        { [PUBLISHABLE_KEY_HEADER]: KEY, Origin: ALLOWED, [UPSTREAM]: `Bearer ${USER_KEY}` },
        { [PUBLISHABLE_KEY_HEADER]: KEY, Origin: ALLOWED, Authorization: `Bearer ${USER_KEY}` },
      ];
      const codes: string[] = [];
      for (const headers of calls) {
        const response = await app.request('/v1/relay/openai/chat/completions', {
          method: 'POST',
          headers,
          body: '{}',
        });
        assert.equal(response.status, 401);
        const error = await errorOf(response);
        codes.push(error.code);
        assert.match(error.message, /Tessera-Upstream-Authorization/, 'the message says where the provider key goes');
        assert.equal(response.headers.get('Access-Control-Allow-Origin'), ALLOWED, 'the page can read why');
      }
      assert.deepEqual(codes, ['missing_user_token', 'invalid_user_token']);
      assert.equal(upstream.seen.length, before, 'the upstream was never called');
    });

    it('refuses a forged token, an expired one and one of another partner (401), without calling upstream', async () => {
      const before = upstream.seen.length;
      const forged = await mintUserToken({ secretKey: newSecretKey('test', DEMO_PARTNER_ID), userId: 'relay-user' });
      const expired = await mintUserToken({
        secretKey,
        userId: 'relay-user',
        ttlSeconds: 60,
        now: new Date(Date.now() - 3600_000),
      });
      const foreign = await mintUserToken({ secretKey: newSecretKey('test', 'other-partner'), userId: 'relay-user' });
      extraTokens.push(forged, expired, foreign);
      const codes: string[] = [];
      for (const token of [forged, expired, foreign]) {
        const response = await relayed('openai/chat/completions', {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, [UPSTREAM]: `Bearer ${USER_KEY}` },
          body: '{}',
        });
        assert.equal(response.status, 401);
        codes.push((await errorOf(response)).code);
      }
      assert.deepEqual(codes, ['invalid_user_token', 'expired_user_token', 'invalid_user_token']);
      assert.equal(upstream.seen.length, before, 'the upstream was never called');
    });

    it("counts relay calls against the user's rate limit", async () => {
      upstream.handler = (_req, res) => res.end('{}');
      const limited = createApp({
        db: temp.db,
        masterKey,
        rateLimits: { publishableKey: { burst: 1000, perSecond: 1000 }, user: { burst: 2, perSecond: 0.001 } },
        relay: { upstreamURL: toLocal },
      });
      const call = (token: string) =>
        limited.request('/v1/relay/openai/models', {
          headers: { ...auth, Authorization: `Bearer ${token}`, [UPSTREAM]: `Bearer ${USER_KEY}` },
        });
      const before = upstream.seen.length;
      assert.equal((await call(userToken)).status, 200);
      assert.equal((await call(userToken)).status, 200);
      const over = await call(userToken);
      assert.equal(over.status, 429);
      const error = await errorOf(over);
      assert.equal(error.code, 'rate_limited');
      assert.deepEqual(error.details, { scope: 'user', retryAfterSeconds: Number(over.headers.get('Retry-After')) });
      assert.equal(upstream.seen.length, before + 2, 'the refused call never went upstream');
      const other = await mintUserToken({ secretKey, userId: 'another-user' });
      extraTokens.push(other);
      assert.equal((await call(other)).status, 200, 'another user has a budget of its own');
    });

    it("lets a preflight ask for the providers' headers on relay paths only", async () => {
      const preflight = (path: string) =>
        app.request(path, {
          method: 'OPTIONS',
          headers: {
            Origin: ALLOWED,
            'Access-Control-Request-Method': 'POST',
            'Access-Control-Request-Headers': 'tessera-publishable-key,content-type,anthropic-version',
          },
        });
      const relay = await preflight('/v1/relay/openai/chat/completions');
      assert.equal(relay.status, 204);
      const allowed = (relay.headers.get('Access-Control-Allow-Headers') ?? '').toLowerCase().split(/,\s*/);
      const expected = [
        'tessera-publishable-key',
        'authorization',
        'tessera-upstream-authorization',
        'content-type',
        'accept',
        'anthropic-version',
        'anthropic-beta',
        'anthropic-dangerous-direct-browser-access',
        ...registryProfiles().map((profile) => profile.auth.header.toLowerCase()),
      ];
      for (const name of expected) assert.ok(allowed.includes(name), name);
      assert.equal(new Set(allowed).size, allowed.length, 'no duplicates');
      const config = await preflight('/v1/config');
      assert.equal(
        config.headers.get('Access-Control-Allow-Headers'),
        'Tessera-Publishable-Key, Content-Type, Authorization',
        'other paths keep their list',
      );
    });

    it('runs the authorize seam before anything goes upstream', async () => {
      const guarded = makeApp({
        authorize: (c, profile) => {
          if (c.req.header('Tessera-Test-User') !== 'alice') {
            throw new ApiError(401, 'invalid_request', `No user for ${profile.id}.`);
          }
        },
      });
      const before = upstream.seen.length;
      const refused = await guarded.request('/v1/relay/openai/models', { headers: auth });
      assert.equal(refused.status, 401);
      assert.equal(upstream.seen.length, before);
      upstream.handler = (_req, res) => res.end('{}');
      const allowed = await guarded.request('/v1/relay/openai/models', {
        headers: { ...auth, 'Tessera-Test-User': 'alice' },
      });
      assert.equal(allowed.status, 200);
      assert.equal(upstream.seen.length, before + 1);
      assert.equal(upstream.seen.at(-1)?.headers['tessera-test-user'], undefined);
    });
  });

  describe('bodies', () => {
    it(`relays a body of exactly the limit (${DEFAULT_RELAY_MAX_BODY_BYTES} bytes) and answers 413 above it`, async () => {
      upstream.handler = (_req, res) => res.end('{}');
      const limitApp = createApp({ db: temp.db, masterKey, relay: { upstreamURL: toLocal } });
      const before = upstream.seen.length;
      const atLimit = await limitApp.request('/v1/relay/openai/files', {
        method: 'POST',
        headers: auth,
        body: new Uint8Array(DEFAULT_RELAY_MAX_BODY_BYTES).fill(97),
      });
      assert.equal(atLimit.status, 200);
      assert.equal(upstream.seen.at(-1)?.body.length, DEFAULT_RELAY_MAX_BODY_BYTES);

      // Told by Content-Length (fetch sends one), refused before the body is read.
      const declared = await fetch(`${nodeOrigin}/v1/relay/openai/files`, {
        method: 'POST',
        headers: auth,
        body: new Uint8Array(DEFAULT_RELAY_MAX_BODY_BYTES + 1),
      });
      assert.equal(declared.status, 413);
      const error = await errorOf(declared);
      assert.equal(error.code, 'payload_too_large');
      assert.match(error.message, /4 MB/);

      // Without a Content-Length (app.request, or chunked), the limit is counted as the body arrives.
      const counted = await limitApp.request('/v1/relay/openai/files', {
        method: 'POST',
        headers: auth,
        body: new Uint8Array(DEFAULT_RELAY_MAX_BODY_BYTES + 1),
      });
      assert.equal(counted.status, 413);
      const chunk = new Uint8Array(1024 * 1024);
      let sent = 0;
      const chunked = await limitApp.request('/v1/relay/openai/files', {
        method: 'POST',
        headers: auth,
        body: new ReadableStream<Uint8Array>({
          pull(controller) {
            if (sent++ < 5) controller.enqueue(chunk);
            else controller.close();
          },
        }),
        duplex: 'half',
      } as RequestInit);
      assert.equal(chunked.status, 413);
      assert.equal(upstream.seen.length, before + 1, 'the oversized bodies never went upstream');
    });
  });

  describe('streaming', () => {
    const streamingUpstream = (secondSent: { value: boolean }, release: Promise<void>) => {
      upstream.handler = async (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: {"delta":"one"}\n\n');
        await release;
        secondSent.value = true;
        res.end('data: {"delta":"two"}\n\ndata: [DONE]\n\n');
      };
    };

    it('passes the first chunk on before the upstream sends the second (app.request)', async () => {
      const secondSent = { value: false };
      const second = gate();
      streamingUpstream(secondSent, second.opened);
      const response = await relayed('openai/chat/completions', { method: 'POST', body: '{}' });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'text/event-stream');
      const reader = response.body?.getReader() ?? assert.fail('no body');
      const first = await within(reader.read(), 5_000, 'the first chunk');
      assert.equal(decoder.decode(first.value), 'data: {"delta":"one"}\n\n');
      assert.equal(secondSent.value, false);
      second.open();
      let rest = '';
      for (let r = await reader.read(); !r.done; r = await reader.read()) rest += decoder.decode(r.value);
      assert.equal(rest, 'data: {"delta":"two"}\n\ndata: [DONE]\n\n');
    });

    it('passes the first chunk on before the upstream sends the second (over HTTP)', async () => {
      const secondSent = { value: false };
      const second = gate();
      streamingUpstream(secondSent, second.opened);
      const response = await fetch(`${nodeOrigin}/v1/relay/openai/chat/completions`, {
        method: 'POST',
        headers: { ...auth, [UPSTREAM]: `Bearer ${USER_KEY}` },
        body: '{}',
      });
      assert.equal(response.status, 200);
      const reader = response.body?.getReader() ?? assert.fail('no body');
      const first = await within(reader.read(), 5_000, 'the first chunk');
      assert.equal(decoder.decode(first.value), 'data: {"delta":"one"}\n\n');
      assert.equal(secondSent.value, false);
      second.open();
      let rest = '';
      for (let r = await reader.read(); !r.done; r = await reader.read()) rest += decoder.decode(r.value);
      assert.equal(rest, 'data: {"delta":"two"}\n\ndata: [DONE]\n\n');
      const { headers } = upstream.seen.at(-1) ?? assert.fail('no request');
      assert.equal(headers.authorization, `Bearer ${USER_KEY}`, 'upstream gets the provider key as Authorization');
      assert.equal(headers['tessera-upstream-authorization'], undefined);
      assert.ok(!Object.values(headers).some((value) => String(value).includes(userToken)), 'and never the user token');
    });

    it('reads from the upstream only as fast as the client reads (backpressure)', async () => {
      let written = 0;
      let stop = false;
      upstream.handler = async (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        const chunk = Buffer.alloc(64 * 1024, 120);
        res.on('close', () => {
          stop = true;
        });
        while (!stop && written < 256 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
        }
        res.end();
      };
      const response = await relayed('openai/files/file-1/content');
      const reader = response.body?.getReader() ?? assert.fail('no body');
      await reader.read();
      // Wait until the upstream stops being able to write: the socket buffers are full.
      let stalled = -1;
      for (let i = 0; i < 50 && stalled !== written; i++) {
        stalled = written;
        await sleep(200);
      }
      assert.equal(written, stalled, 'the upstream is held while the client does not read');
      assert.ok(stalled < 64 * 1024 * 1024, `only socket buffers fill up (${stalled} bytes written)`);
      await reader.cancel();
    });
  });

  describe('aborts, timeouts and failures', () => {
    const holdAfterFirstChunk: Handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: {"delta":"one"}\n\n');
      // ...and then nothing, until someone closes the connection.
    };

    it('aborts the upstream request when the client disconnects mid-stream', async () => {
      upstream.handler = holdAfterFirstChunk;
      const count = upstream.seen.length + 1;
      const req = httpRequest(`${nodeOrigin}/v1/relay/openai/chat/completions`, { method: 'POST', headers: auth });
      req.on('error', () => {});
      req.end('{}');
      const response = await within(
        new Promise<IncomingMessage>((resolve) => req.on('response', resolve)),
        5_000,
        'headers',
      );
      assert.equal(response.statusCode, 200);
      await within(new Promise((resolve) => response.once('data', resolve)), 5_000, 'the first chunk');
      const seen = await upstream.next(count);
      req.destroy();
      assert.deepEqual(await within(seen.closed, 5_000, 'the upstream connection to close'), { finished: false });
    });

    it('aborts the upstream request when the client disconnects before the upstream answered', async () => {
      upstream.handler = () => {};
      const count = upstream.seen.length + 1;
      const req = httpRequest(`${nodeOrigin}/v1/relay/openai/chat/completions`, { method: 'POST', headers: auth });
      req.on('error', () => {});
      req.end('{}');
      const seen = await upstream.next(count);
      req.destroy();
      assert.deepEqual(await within(seen.closed, 5_000, 'the upstream connection to close'), { finished: false });
    });

    it("aborts the upstream request when the request's signal aborts (app.request)", async () => {
      upstream.handler = holdAfterFirstChunk;
      const count = upstream.seen.length + 1;
      const client = new AbortController();
      const response = await relayed('openai/chat/completions', { method: 'POST', body: '{}', signal: client.signal });
      const reader = response.body?.getReader() ?? assert.fail('no body');
      await within(reader.read(), 5_000, 'the first chunk');
      const seen = await upstream.next(count);
      client.abort();
      assert.deepEqual(await within(seen.closed, 5_000, 'the upstream connection to close'), { finished: false });
    });

    it('answers 504 when the upstream sends nothing within the idle timeout', async () => {
      const quick = makeApp({ idleTimeoutMs: 150 });
      upstream.handler = () => {};
      const count = upstream.seen.length + 1;
      const started = performance.now();
      const response = await quick.request('/v1/relay/openai/chat/completions', {
        method: 'POST',
        headers: auth,
        body: '{}',
      });
      assert.equal(response.status, 504);
      const error = await errorOf(response);
      assert.equal(error.code, 'upstream_timeout');
      assert.match(error.message, /OpenAI.*150 ms/);
      assert.ok(performance.now() - started < 3_000);
      const seen = await upstream.next(count);
      assert.deepEqual(await within(seen.closed, 5_000, 'the upstream connection to close'), { finished: false });
    });

    it('ends the stream, and closes the upstream, when it goes silent after some chunks', async () => {
      // Long enough for connecting and the first chunk on a busy runner; the test then waits it out.
      const quick = makeApp({ idleTimeoutMs: 1000 });
      upstream.handler = holdAfterFirstChunk;
      const count = upstream.seen.length + 1;
      const response = await quick.request('/v1/relay/openai/chat/completions', {
        method: 'POST',
        headers: auth,
        body: '{}',
      });
      assert.equal(response.status, 200);
      const text = await within(response.text(), 5_000, 'the body to end');
      assert.equal(text, 'data: {"delta":"one"}\n\n');
      const seen = await upstream.next(count);
      assert.deepEqual(await within(seen.closed, 5_000, 'the upstream connection to close'), { finished: false });
    });

    it('answers 502 when the upstream cannot be reached', async () => {
      const probe = createServer();
      const port = await listenOn(probe);
      await new Promise((resolve) => probe.close(resolve));
      const down = makeApp({
        upstreamURL: (profile) => (profile.id === 'openai' ? new URL(`http://127.0.0.1:${port}/v1`) : undefined),
      });
      const response = await down.request('/v1/relay/openai/chat/completions', {
        method: 'POST',
        headers: { ...auth, [UPSTREAM]: `Bearer ${USER_KEY}` },
        body: JSON.stringify({ content: PRIVATE_TEXT }),
      });
      assert.equal(response.status, 502);
      const error = await errorOf(response);
      assert.equal(error.code, 'upstream_unreachable');
      assert.match(error.message, /OpenAI.*ECONNREFUSED/);
      assert.equal(response.headers.get('Access-Control-Allow-Origin'), ALLOWED);
    });

    it('does not follow a redirect, which would take the key elsewhere', async () => {
      upstream.handler = (_req, res) => {
        res.writeHead(307, { location: `${elsewhere.origin}/steal` });
        res.end();
      };
      const response = await relayed('openai/chat/completions', {
        method: 'POST',
        headers: { [UPSTREAM]: `Bearer ${USER_KEY}` },
        body: '{}',
      });
      assert.equal(response.status, 502);
      assert.equal((await errorOf(response)).code, 'upstream_redirect');
      assert.equal(response.headers.get('location'), null);
      await sleep(50);
      assert.equal(elsewhere.seen.length, 0);
    });
  });

  it('never logs the key, the publishable key, the bodies or the query (every request above)', async () => {
    // A Gemini-style key in the query string, and an upstream that echoes it in its error.
    upstream.handler = (_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `API key ${USER_KEY} not valid; you said ${PRIVATE_TEXT}` } }));
    };
    const response = await relayed(`openai/models:check?key=${USER_KEY}`, {
      method: 'POST',
      body: JSON.stringify({ content: PRIVATE_TEXT }),
    });
    assert.equal(response.status, 400);
    await response.text();

    const all = log.lines.join('');
    const entries = log.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.ok(entries.some((entry) => entry.event === 'request' && String(entry.path).startsWith('/v1/relay/')));
    const outcomes = new Set(entries.filter((entry) => entry.event === 'relay').map((entry) => entry.outcome));
    for (const outcome of ['complete', 'client_closed', 'timeout', 'idle_timeout', 'unreachable', 'redirect']) {
      assert.ok(outcomes.has(outcome), `a relay line with outcome ${outcome}`);
    }
    assert.ok(userToken.length > 0 && entries.some((entry) => entry.event === 'relay' && entry.outcome === 'complete'));
    assert.ok(extraTokens.length >= 4, 'the token tests ran before this one');
    for (const secret of [
      USER_KEY,
      userToken,
      ...extraTokens,
      secretKey,
      PRIVATE_TEXT,
      PRIVATE_ANSWER,
      KEY,
      'Bearer',
      'key=',
    ]) {
      assert.equal(all.includes(secret), false, `the log contains ${secret}`);
    }
  });
});

describe('relay paths and upstream URLs', () => {
  it('takes a relay path apart into a provider id and decoded, plain segments', () => {
    assert.deepEqual(parseRelayPath('/v1/relay/google/models/gemini-2.0-flash:streamGenerateContent'), {
      ok: true,
      providerId: 'google',
      segments: ['models', 'gemini-2.0-flash:streamGenerateContent'],
    });
    assert.deepEqual(parseRelayPath('/v1/relay/openai/models/ft%3Agpt-4o'), {
      ok: true,
      providerId: 'openai',
      segments: ['models', 'ft:gpt-4o'],
    });
    for (const bad of [
      '/v1/relay/openai/',
      '/v1/relay/openai//x',
      '/v1/relay/openai/%2e%2e',
      '/v1/relay/openai/.',
      '/v1/config',
    ]) {
      assert.deepEqual(parseRelayPath(bad), { ok: false, reason: 'invalid_path' }, bad);
    }
    assert.deepEqual(parseRelayPath('/v1/relay/Open AI/x'), { ok: false, reason: 'unknown_provider' });
  });

  it('relays only public https base URLs by default', () => {
    const profile = (baseURL?: string): ProviderProfile => ({ ...KEY_HEADER_PROFILE, baseURL });
    assert.equal(publicUpstreamURL(profile('https://api.mistral.ai/v1'))?.href, 'https://api.mistral.ai/v1');
    for (const baseURL of [
      undefined,
      'http://api.example.com/v1',
      'https://localhost/v1',
      'https://ollama.localhost/v1',
      'https://printer.local/v1',
      'https://127.0.0.1/v1',
      'https://[::1]/v1',
      'https://169.254.169.254/latest',
      'https://user:pw@api.example.com/v1',
      'https://api.example.com/v1?key=1',
      'not a url',
    ]) {
      assert.equal(publicUpstreamURL(profile(baseURL)), undefined, String(baseURL));
    }
  });

  it('builds the upstream URL under the base, whatever the segments', () => {
    const base = new URL('https://api.openai.com/v1/');
    assert.equal(
      upstreamRequestURL(base, ['chat', 'completions'], '?a=1').href,
      'https://api.openai.com/v1/chat/completions?a=1',
    );
    assert.equal(upstreamRequestURL(base, ['models'], '').href, 'https://api.openai.com/v1/models');
    assert.throws(() => upstreamRequestURL(base, ['..', 'admin'], ''));
  });
});
