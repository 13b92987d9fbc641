import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { closedPort } from '../../test-support/closed-port.js';
import {
  type OpenAiCompatibleServer,
  startOpenAiCompatibleServer,
} from '../../test-support/openai-compatible-server.js';
import { TesseraError } from '../errors/tessera-error.js';
import { createTessera } from '../tessera.js';
import type { StreamPart } from './schema.js';

let server: OpenAiCompatibleServer;
before(async () => {
  server = await startOpenAiCompatibleServer();
});
after(() => server.close());

const ask = (model: string, text = 'hello there friend') => ({
  provider: 'openai-compatible',
  model,
  baseURL: server.baseURL,
  messages: [{ role: 'user' as const, content: text }],
});

async function collect(stream: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

test('streams text deltas, then usage from the chunk after finish_reason, then finish', async () => {
  const tessera = createTessera();
  const stream = tessera.mux.stream(ask('local-model'));
  const parts = await collect(stream);
  const types = parts.map((p) => p.type);
  assert.equal(types[0], 'start');
  assert.equal(types[1], 'text-start');
  assert.deepEqual(types.slice(-3), ['text-end', 'usage', 'finish']);
  const text = parts.flatMap((p) => (p.type === 'text-delta' ? [p.delta] : [])).join('');
  assert.equal(text, 'You said: hello there friend');
  const result = await stream.result;
  assert.equal(result.text, text);
  assert.equal(result.provider, 'openai-compatible');
  assert.equal(result.model, 'local-model');
  assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'stop' });
  assert.equal(result.usage?.inputTokens, 12);
  assert.equal(result.usage?.outputTokens, 5);
  assert.equal(result.usage?.cachedInputTokens, 0);
});

test('asks for usage in the stream and sends the key only as a bearer header', async () => {
  const tessera = createTessera();
  await tessera.mux.stream({ ...ask('local-model'), apiKey: 'sk-local-secret-123456' }).result;
  const request = server.requests.at(-1);
  assert.ok(request, 'the server received the request');
  const body = request.body as { stream?: unknown; stream_options?: unknown };
  assert.deepEqual(body.stream_options, { include_usage: true });
  assert.equal(body.stream, true);
  assert.equal(request.headers.authorization, 'Bearer sk-local-secret-123456');
  assert.ok(!JSON.stringify(body).includes('sk-local-secret'));
});

test('a key from the keyring is used when the request has none', async () => {
  const tessera = createTessera();
  tessera.events.on('warning', () => {});
  await tessera.keys.set('openai-compatible', 'sk-from-keyring-98765', { baseURL: server.baseURL });
  await tessera.mux.stream(ask('local-model')).result;
  assert.equal(server.requests.at(-1)?.headers.authorization, 'Bearer sk-from-keyring-98765');
});

test('reads CRLF line endings and ignores comment lines', async () => {
  const result = await createTessera().mux.stream(ask('crlf-comments', 'one two')).result;
  assert.equal(result.text, 'You said: one two');
  assert.equal(result.usage?.outputTokens, 4);
});

test('a 401 becomes an auth error that says what to do and never echoes the key', async () => {
  const stream = createTessera().mux.stream({ ...ask('fail-401'), apiKey: 'sk-test-abcdefgh1234' });
  const parts = await collect(stream);
  const last = parts.at(-1);
  assert.equal(last?.type, 'error');
  await assert.rejects(stream.result, (error: unknown) => {
    assert.ok(error instanceof TesseraError);
    assert.equal(error.code, 'auth');
    assert.equal(error.status, 401);
    assert.equal(error.retryable, false);
    assert.match(error.message, /key manager/);
    assert.ok(!error.message.includes('sk-test'), error.message);
    return true;
  });
});

test('a base URL where nothing listens is a network error naming the address to check', async () => {
  const port = await closedPort();
  const stream = createTessera().mux.stream({ ...ask('local-model'), baseURL: `http://127.0.0.1:${port}/v1` });
  await assert.rejects(stream.result, (error: unknown) => {
    assert.ok(error instanceof TesseraError);
    assert.equal(error.code, 'network');
    assert.ok(error.message.includes(`Could not reach http://127.0.0.1:${port}`), error.message);
    return true;
  });
});

test('a connection dropped mid-stream is a network error and the partial text is kept', async () => {
  const stream = createTessera().mux.stream(ask('drop-mid-stream', 'alpha beta gamma delta epsilon'));
  await assert.rejects(stream.result, (error: unknown) => error instanceof TesseraError && error.code === 'network');
  assert.equal(stream.partial.text, 'You said: alpha');
});

test('a stream that goes silent fails with timeout, keeping what arrived', async () => {
  // Long enough for the first word to arrive on a busy runner; the test then waits it out.
  const tessera = createTessera({ idleTimeoutMs: 1000 });
  const stream = tessera.mux.stream(ask('stall', 'never finishes'));
  await assert.rejects(stream.result, (error: unknown) => error instanceof TesseraError && error.code === 'timeout');
  assert.equal(stream.partial.text, 'You');
});

test('aborting stops the provider request and keeps the partial text', async () => {
  const controller = new AbortController();
  const stream = createTessera().mux.stream(ask('stall', 'wait for me'), { signal: controller.signal });
  const serverSawAbort = server.nextClientAbort();
  for await (const part of stream) {
    if (part.type === 'text-delta') controller.abort();
  }
  await serverSawAbort;
  await assert.rejects(stream.result, (error: unknown) => error instanceof TesseraError && error.code === 'aborted');
  assert.equal(stream.partial.text, 'You');
});

test('a malformed request throws a validation error before anything is sent', () => {
  const before = server.requests.length;
  const tessera = createTessera();
  assert.throws(
    () => tessera.mux.stream({ ...ask('m'), baseURL: 'ftp://example.com' }),
    (error: unknown) =>
      error instanceof TesseraError && error.code === 'validation' && /http\(s\) URL/.test(error.message),
  );
  assert.throws(
    () => tessera.mux.stream({ ...ask('m'), provider: 'nope' }),
    (error: unknown) => error instanceof TesseraError && /Unknown provider "nope"/.test(error.message),
  );
  assert.throws(
    () => tessera.mux.stream({ provider: 'openai-compatible', model: 'm', messages: [] }),
    (error: unknown) => error instanceof TesseraError && error.code === 'validation',
  );
  assert.equal(server.requests.length, before);
});

test('OpenAI without a key asks for one instead of calling out', async () => {
  const stream = createTessera().mux.stream({
    provider: 'openai',
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'hi' }],
  });
  await assert.rejects(
    stream.result,
    (error: unknown) => error instanceof TesseraError && error.code === 'auth' && /key manager/.test(error.message),
  );
});
