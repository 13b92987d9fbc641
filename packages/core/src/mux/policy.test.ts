import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  type OpenAiCompatibleServer,
  startOpenAiCompatibleServer,
} from '../../test-support/openai-compatible-server.js';
import { TesseraError } from '../errors/tessera-error.js';
import { createTessera } from '../tessera.js';

let server: OpenAiCompatibleServer;
before(async () => {
  server = await startOpenAiCompatibleServer();
});
after(() => server.close());

const ask = (model: string, extra: Record<string, unknown> = {}) => ({
  provider: 'openai-compatible',
  model,
  baseURL: server.baseURL,
  messages: [{ role: 'user' as const, content: 'policy test' }],
  ...extra,
});
const sentFor = (model: string) => server.requests.filter((r) => (r.body as { model?: string }).model === model).length;

test('a rate limit is retried after the provider’s retry-after, and the answer arrives', async () => {
  const result = await createTessera().mux.stream(ask('rate-limited-once')).result;
  assert.equal(result.text, 'You said: policy test');
  assert.equal(sentFor('rate-limited-once'), 2);
});

test('a retry-after beyond the bound fails at once with rate_limit and retryAfterMs, without waiting', async () => {
  const before = sentFor('rate-limited-long');
  const stream = createTessera().mux.stream(ask('rate-limited-long'));
  await assert.rejects(stream.result, (error: unknown) => {
    assert.ok(error instanceof TesseraError);
    assert.equal(error.code, 'rate_limit');
    assert.equal(error.retryAfterMs, 60_000);
    return true;
  });
  assert.equal(sentFor('rate-limited-long') - before, 1, 'no retry when the wait is beyond the bound');
});

test('an overloaded provider is retried up to the configured bound, then fails', async () => {
  const before = sentFor('overloaded');
  const tessera = createTessera({ retry: { maxRetries: 2, maxDelayMs: 50 } });
  const stream = tessera.mux.stream(ask('overloaded'));
  await assert.rejects(
    stream.result,
    (error: unknown) => error instanceof TesseraError && error.code === 'provider_unavailable',
  );
  assert.equal(sentFor('overloaded') - before, 3, 'one try and two retries');
});

test('an auth error is never retried, and falls back to the next model before any token', async () => {
  const before = sentFor('fail-401');
  const stream = createTessera().mux.stream(
    ask('fail-401', { fallbacks: [{ provider: 'openai-compatible', model: 'backup-model', baseURL: server.baseURL }] }),
  );
  const types: string[] = [];
  for await (const part of stream) types.push(part.type);
  const result = await stream.result;
  assert.equal(sentFor('fail-401') - before, 1);
  assert.equal(result.model, 'backup-model', 'the model that actually answered');
  assert.equal(result.provider, 'openai-compatible');
  assert.equal(types.filter((t) => t === 'start').length, 1, 'the failed attempt leaves no parts behind');
  assert.ok(!types.includes('error'));
});

test('after the first token there is no fallback: the error surfaces and the partial text is kept', async () => {
  const before = sentFor('backup-after-drop');
  const stream = createTessera().mux.stream(
    ask('drop-mid-stream', {
      fallbacks: [{ provider: 'openai-compatible', model: 'backup-after-drop', baseURL: server.baseURL }],
    }),
  );
  await assert.rejects(stream.result, (error: unknown) => error instanceof TesseraError && error.code === 'network');
  assert.equal(stream.partial.text, 'You said: policy');
  assert.equal(sentFor('backup-after-drop'), before);
});

test('stopping while waiting to retry stops at once', async () => {
  const controller = new AbortController();
  const tessera = createTessera({ retry: { maxRetries: 2, maxDelayMs: 10_000 } });
  const stream = tessera.mux.stream(ask('overloaded'), { signal: controller.signal });
  setTimeout(() => controller.abort(), 100);
  await assert.rejects(stream.result, (error: unknown) => error instanceof TesseraError && error.code === 'aborted');
});
