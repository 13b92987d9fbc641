import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as Comlink from 'comlink';
import {
  type OpenAiCompatibleServer,
  startOpenAiCompatibleServer,
} from '../../test-support/openai-compatible-server.js';
import { TesseraError } from '../errors/tessera-error.js';
import { createTessera, type Tessera } from '../tessera.js';
import { connectVault } from './connected-vault.js';
import { createUserTokenLoan, createVaultService } from './serve-vault.js';

// The vault frame's protocol over a real MessageChannel: the "page" instance gets parts and
// masked keys from the "vault" instance, which alone holds and uses the keys.
let server: OpenAiCompatibleServer;
let vault: Tessera;
let page: Tessera;
let channel: MessageChannel;
let connected: ReturnType<typeof connectVault>;
/** What the vault's instance sent to the hosted API: the Authorization header of each request. */
const apiAuthorizations: (string | null)[] = [];
before(async () => {
  server = await startOpenAiCompatibleServer();
  const release = (callback: unknown) => (callback as Comlink.Remote<unknown>)[Comlink.releaseProxy]();
  const userToken = createUserTokenLoan(release);
  vault = createTessera({
    apiUrl: 'https://api.tessera.test/',
    publishableKey: 'pk_test_vault',
    userToken: userToken.get,
    // Stands in for the hosted API's answer to GET /v1/vault/blobs, to see which token was sent.
    fetch: async (input, init) => {
      if (!String(input).startsWith('https://api.tessera.test/')) return fetch(input, init);
      apiAuthorizations.push(new Headers(init?.headers).get('Authorization'));
      return Response.json({ blobs: [], cursor: '0', hasMore: false });
    },
  });
  vault.events.on('warning', () => {});
  channel = new MessageChannel();
  Comlink.expose(createVaultService(vault, release, userToken), channel.port1);
  connected = connectVault(channel.port2);
  page = createTessera({ vault: connected });
});
after(async () => {
  connected.lendUserToken(undefined);
  await page.keys.has('openai'); // the vault has released the page's token channel
  channel.port1.close();
  channel.port2.close();
  await server.close();
});

const ask = (model: string) => ({
  provider: 'openai-compatible',
  model,
  baseURL: server.baseURL,
  messages: [{ role: 'user' as const, content: 'through the vault' }],
});

test('keys set on the page are kept in the vault, and only masked keys come back', async () => {
  const changed: string[] = [];
  page.events.on('keys-changed', (provider) => changed.push(provider));
  await assert.rejects(page.keys.set('openai-compatible', 'sk-vault-only-123456'), /Give the base URL/);
  await page.keys.set('openai-compatible', 'sk-vault-only-123456', { baseURL: server.baseURL });
  assert.deepEqual(changed, ['openai-compatible']);
  assert.equal(await vault.keys.has('openai-compatible'), true);
  const listed = await page.keys.list();
  assert.equal(listed[0]?.masked, 'sk-…3456');
  assert.ok(!JSON.stringify(listed).includes('vault-only'));
  assert.equal('reveal' in page.keys, false);
});

test('a stream runs in the vault with its key and its parts arrive on the page in order', async () => {
  const stream = page.mux.stream(ask('vault-model'));
  const types: string[] = [];
  for await (const part of stream) types.push(part.type);
  const result = await stream.result;
  assert.equal(result.text, 'You said: through the vault');
  assert.equal(result.usage?.inputTokens, 12);
  assert.deepEqual(types.slice(0, 2), ['start', 'text-start']);
  assert.deepEqual(types.slice(-3), ['text-end', 'usage', 'finish']);
  assert.equal(server.requests.at(-1)?.headers.authorization, 'Bearer sk-vault-only-123456');
});

test('errors cross the boundary as TesseraErrors with their code', async () => {
  const stream = page.mux.stream(ask('fail-401'));
  await assert.rejects(stream.result, (error: unknown) => error instanceof TesseraError && error.code === 'auth');
});

test('stopping on the page aborts the provider request in the vault, keeping the partial text', async () => {
  const controller = new AbortController();
  const serverSawAbort = server.nextClientAbort();
  const stream = page.mux.stream(ask('stall'), { signal: controller.signal });
  for await (const part of stream) if (part.type === 'text-delta') controller.abort();
  await serverSawAbort;
  await assert.rejects(stream.result, (error: unknown) => error instanceof TesseraError && error.code === 'aborted');
  assert.equal(stream.partial.text, 'You');
});

test('a request the vault refuses arrives as a validation error part', async () => {
  const stream = page.mux.stream({ ...ask('x'), provider: 'no-such-provider' });
  await assert.rejects(
    stream.result,
    (error: unknown) => error instanceof TesseraError && /Unknown provider/.test(error.message),
  );
});

test('a stored key only ever goes to the address it was stored for', async () => {
  await page.keys.set('openai-compatible', 'sk-bound-to-server-0001', { baseURL: server.baseURL });
  const before = server.requests.length;
  // Another address (here: a port where the page's own server would listen) gets no key.
  const elsewhere = page.mux.stream({ ...ask('vault-model'), baseURL: 'http://127.0.0.1:9/v1' });
  await assert.rejects(elsewhere.result, (error: unknown) => {
    assert.ok(error instanceof TesseraError);
    assert.equal(error.code, 'auth');
    assert.match(error.message, /saved for http:\/\/127\.0\.0\.1:\d+, not for http:\/\/127\.0\.0\.1:9/);
    return true;
  });
  const check = await page.keys.validate('openai-compatible', { baseURL: 'http://127.0.0.1:9/v1' });
  assert.equal(check.status, 'invalid');
  assert.equal(server.requests.length, before, 'nothing was sent anywhere');
  // Its own address still works.
  assert.equal((await page.mux.stream(ask('vault-model')).result).text, 'You said: through the vault');
  assert.equal(server.requests.at(-1)?.headers.authorization, 'Bearer sk-bound-to-server-0001');
  assert.equal((await page.keys.list()).find((k) => k.provider === 'openai-compatible')?.baseURL, server.baseURL);
});

test("the vault's failures reach the page as TesseraErrors with their code", async () => {
  await assert.rejects(page.keys.set('openai', '   '), (error: unknown) => {
    assert.ok(error instanceof TesseraError);
    assert.equal(error.code, 'validation');
    assert.match(error.message, /Paste a key/);
    return true;
  });
});

test("the vault borrows the page's user token, asking the page each time it needs one", async () => {
  await assert.rejects(vault.api.vault.list(), (error: unknown) => {
    assert.ok(error instanceof TesseraError);
    assert.equal(error.code, 'auth');
    assert.match(String((error.cause as Error).message), /has not given Tessera the user's token/);
    return true;
  });
  assert.deepEqual(apiAuthorizations, [], 'nothing was sent without a token');

  let minted = 0;
  connected.lendUserToken(async () => `user-token-${++minted}`);
  await page.keys.has('openai'); // the loan travels on the same channel, so it has arrived by now
  await vault.api.vault.list();
  await vault.api.vault.list();
  assert.deepEqual(apiAuthorizations, ['Bearer user-token-1', 'Bearer user-token-2']);
});
