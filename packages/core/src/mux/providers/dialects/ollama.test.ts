/**
 * The Ollama native dialect against the project's own NDJSON fixtures (fixtures/ollama-*), written
 * in the exact shape of Ollama's `/api/chat` stream and error bodies.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { type DialectReplay, replayAnswer, replayFailure } from '../../../../test-support/dialect-replay.js';
import { TesseraError } from '../../../errors/tessera-error.js';
import { createMux } from '../../mux.js';
import type { MuxRequest } from '../../schema.js';
import { ollama } from '../profiles/ollama.js';
import type { AdapterCallContext } from '../provider.js';
import { ProviderRegistry } from '../registry.js';
import { ollamaDialect } from './ollama.js';

const context: AdapterCallContext = { profile: ollama, baseURL: 'http://localhost:11434', apiKey: undefined };
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const dialect: DialectReplay = { adapter: ollamaDialect, context, provider: 'ollama', model: 'fixture', chunkSize: 23 };
const answer = (text: string) => replayAnswer(text, dialect);
const failure = (text: string) => replayFailure(text, dialect);

test('streams thinking as reasoning, then text, then usage and finish from the done line', async () => {
  const { parts, text, reasoning, usage, finishReason, toolCalls } = await answer(
    fixture('ollama-chat-thinking-text.ndjson'),
  );
  assert.equal(reasoning, 'The user wants a greeting.');
  assert.equal(text, 'Hello, world!', 'text on the done line itself is kept');
  assert.deepEqual(toolCalls, []);
  assert.deepEqual(finishReason, { unified: 'stop', raw: 'stop' });
  assert.deepEqual(
    { ...usage, raw: undefined },
    { inputTokens: 18, cachedInputTokens: 0, outputTokens: 9, reasoningTokens: 0, raw: undefined },
  );
  assert.equal((usage?.raw as Record<string, number> | undefined)?.total_duration, 812345678, 'durations stay in raw');
  const types = parts.map((p) => p.type);
  assert.deepEqual(types.slice(0, 4), ['start', 'reasoning-start', 'reasoning-delta', 'reasoning-delta']);
  assert.ok(types.indexOf('reasoning-end') < types.indexOf('text-start'), 'reasoning closes before text opens');
  assert.deepEqual(types.slice(-3), ['text-end', 'usage', 'finish']);
});

test('a tool call that arrives whole becomes start, one JSON delta, end and a complete call', async () => {
  const { parts, toolCalls, finishReason, usage } = await answer(fixture('ollama-chat-tool-call.ndjson'));
  assert.deepEqual(toolCalls, [
    { id: 'call-0', name: 'get_weather', args: '{"city":"Lisbon","unit":"celsius"}' },
    { id: 'call_k2x9', name: 'get_time', args: '{}' },
  ]);
  const first = parts.filter((p) => 'id' in p && p.id === 'call-0' && p.type.startsWith('tool-input'));
  assert.deepEqual(first, [
    { type: 'tool-input-start', id: 'call-0', toolName: 'get_weather' },
    { type: 'tool-input-delta', id: 'call-0', delta: '{"city":"Lisbon","unit":"celsius"}' },
    { type: 'tool-input-end', id: 'call-0' },
  ]);
  assert.deepEqual(finishReason, { unified: 'tool-calls', raw: 'stop' });
  assert.equal(usage?.inputTokens, 212);
  assert.equal(usage?.outputTokens, 31);
  assert.ok(!parts.some((p) => p.type === 'text-start'), 'empty content opens no text');
});

test('done_reason "length" finishes as length', async () => {
  const { text, finishReason, usage } = await answer(fixture('ollama-chat-length.ndjson'));
  assert.equal(text, 'Once upon a time');
  assert.deepEqual(finishReason, { unified: 'length', raw: 'length' });
  assert.equal(usage?.outputTokens, 4);
});

test('a last line without a newline still finishes the answer', async () => {
  const { text, usage, finishReason } = await answer(fixture('ollama-chat-no-final-newline.ndjson'));
  assert.equal(text, 'Hi');
  assert.equal(usage?.inputTokens, 5);
  assert.deepEqual(finishReason, { unified: 'stop', raw: 'stop' });
});

test('reads CRLF line endings and blank lines the same', async () => {
  const crlf = fixture('ollama-chat-thinking-text.ndjson').replace(/\n/g, '\r\n\r\n');
  const { text, reasoning, usage } = await answer(crlf);
  assert.equal(text, 'Hello, world!');
  assert.equal(reasoning, 'The user wants a greeting.');
  assert.equal(usage?.outputTokens, 9);
});

test('an error line after some text is a provider_unavailable error, and the text is kept', async () => {
  const { error, partial, parts } = await failure(fixture('ollama-chat-midstream-error.ndjson'));
  assert.equal(error.code, 'provider_unavailable');
  assert.equal(error.provider, 'ollama');
  assert.equal(error.status, undefined, 'no HTTP status: the stream was a 200');
  assert.match(error.message, /llama runner process has terminated/);
  assert.equal(partial.text, 'The answer is');
  assert.ok(!parts.some((p) => p.type === 'finish'));
});

test('an error line as the whole body naming a missing model says to ollama pull it', async () => {
  const { error } = await failure(fixture('ollama-chat-error-model-not-found.ndjson'));
  assert.equal(error.code, 'bad_request');
  assert.match(error.message, /`ollama pull mistral-nemo`/);
  assert.equal(error.retryable, false);
});

test('a stream that ends without done:true is a network error that keeps the partial answer', async () => {
  const { error, partial } = await failure(fixture('ollama-chat-truncated.ndjson'));
  assert.equal(error.code, 'network');
  assert.match(error.message, /What arrived is kept/);
  assert.equal(partial.text, 'Half an');
});

test('an unreadable line in the middle of the stream is invalid_response', async () => {
  const lines = fixture('ollama-chat-length.ndjson').split('\n');
  lines.splice(1, 0, '{"model":"llama3.2","message":');
  const { error } = await failure(lines.join('\n'));
  assert.equal(error.code, 'invalid_response');
});

test('a line of the wrong shape is invalid_response', async () => {
  const { error } = await failure('{"message":{"content":42},"done":false}\n');
  assert.equal(error.code, 'invalid_response');
});

test('unknown fields are ignored', async () => {
  const { text } = await answer(
    '{"message":{"role":"assistant","content":"ok","images":null,"future":{"x":1}},"done":false,"new_field":[1]}\n' +
      '{"message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","logprobs":[]}\n',
  );
  assert.equal(text, 'ok');
});

test('a done line without done_reason (servers before 2024) finishes as stop', async () => {
  const { finishReason } = await answer('{"message":{"content":"x"},"done":false}\n{"done":true,"eval_count":1}\n');
  assert.deepEqual(finishReason, { unified: 'stop', raw: undefined });
});

const errorCases: [file: string, status: number, code: TesseraError['code'], message: RegExp][] = [
  ['ollama-404-model-not-found.json', 404, 'bad_request', /`ollama pull llama3\.3:70b`/],
  ['ollama-404-wrong-path.txt', 404, 'bad_request', /without \/v1/],
  ['ollama-400-does-not-support-tools.json', 400, 'bad_request', /does not support tools/],
  ['ollama-401-unauthorized.json', 401, 'auth', /refused the API key/],
  ['ollama-500-runner-terminated.json', 500, 'provider_unavailable', /runner process has terminated/],
];
for (const [file, status, code, message] of errorCases) {
  test(`error body ${file} (HTTP ${status}) maps to ${code}`, () => {
    const error = ollamaDialect.mapError({ status, headers: new Headers(), bodyText: fixture(file) }, context);
    assert.ok(error instanceof TesseraError);
    assert.equal(error.code, code);
    assert.equal(error.status, status);
    assert.equal(error.provider, 'ollama');
    assert.match(error.message, message);
  });
}

test('a 429 keeps retry-after, and a key is never repeated in a message', () => {
  const error = ollamaDialect.mapError(
    {
      status: 429,
      headers: new Headers({ 'retry-after': '3' }),
      bodyText: '{"error":"too many requests for key proxy-key-abcdefgh12345678"}',
    },
    { ...context, apiKey: 'proxy-key-abcdefgh12345678' },
  );
  assert.equal(error.code, 'rate_limit');
  assert.equal(error.retryAfterMs, 3000);
  assert.ok(!error.message.includes('abcdefgh12345678'), error.message);
});

// Through the router, with a fetch that answers like Ollama, to prove the request and the wiring.
function muxWith(respond: (url: string, init: RequestInit) => Response) {
  const registry = new ProviderRegistry();
  registry.registerDialect(ollamaDialect);
  registry.registerProfile(ollama);
  const calls: { url: string; init: RequestInit }[] = [];
  const mux = createMux({
    registry,
    fetch: (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return respond(url, init);
    }) as typeof fetch,
    resolveKey: async () => undefined,
    idleTimeoutMs: 5_000,
  });
  return { mux, calls };
}

const ask: MuxRequest = {
  provider: 'ollama',
  model: 'qwen3:4b',
  system: 'Be brief.',
  messages: [
    { role: 'user', content: 'Say hello' },
    {
      role: 'assistant',
      content: [
        { type: 'text', text: 'Hel' },
        { type: 'text', text: 'lo' },
      ],
    },
    { role: 'user', content: 'Again' },
  ],
  temperature: 0.2,
  maxTokens: 64,
  providerOptions: { ollama: { think: true, keep_alive: '5m', options: { num_ctx: 8192 } } },
};

test('posts to /api/chat with messages, options and think, without a key by default', async () => {
  const { mux, calls } = muxWith(
    () =>
      new Response(fixture('ollama-chat-thinking-text.ndjson'), {
        headers: { 'content-type': 'application/x-ndjson' },
      }),
  );
  const result = await mux.stream(ask).result;
  assert.equal(result.text, 'Hello, world!');
  assert.equal(result.provider, 'ollama');
  const [call] = calls;
  assert.equal(call?.url, 'http://localhost:11434/api/chat');
  assert.equal(call?.init.method, 'POST');
  const headers = call?.init.headers as Record<string, string>;
  assert.equal(headers.Authorization, undefined);
  assert.deepEqual(JSON.parse(String(call?.init.body)), {
    think: true,
    keep_alive: '5m',
    model: 'qwen3:4b',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Say hello' },
      { role: 'assistant', content: 'Hello' },
      { role: 'user', content: 'Again' },
    ],
    stream: true,
    options: { num_ctx: 8192, temperature: 0.2, num_predict: 64 },
  });
});

test('sends a key as a bearer token when one is given (Ollama behind a proxy)', async () => {
  const { mux, calls } = muxWith(() => new Response(fixture('ollama-chat-length.ndjson')));
  await mux.stream({
    provider: 'ollama',
    model: 'llama3.2',
    messages: [{ role: 'user', content: 'hi' }],
    apiKey: 'proxy-token-1234',
  }).result;
  const headers = calls[0]?.init.headers as Record<string, string>;
  assert.equal(headers.Authorization, 'Bearer proxy-token-1234');
  assert.equal(JSON.parse(String(calls[0]?.init.body)).options, undefined, 'no empty options object');
});

test('an HTTP 404 for a missing model reaches the caller as bad_request with the pull command', async () => {
  const { mux } = muxWith(() => new Response(fixture('ollama-404-model-not-found.json'), { status: 404 }));
  const stream = mux.stream({ ...ask, model: 'llama3.3:70b' });
  await assert.rejects(stream.result, (error: unknown) => {
    assert.ok(error instanceof TesseraError);
    assert.equal(error.code, 'bad_request');
    assert.equal(error.status, 404);
    assert.match(error.message, /ollama pull llama3\.3:70b/);
    return true;
  });
});

test('the key check lists local models with GET /api/tags', () => {
  const check = ollamaDialect.buildKeyCheck({ ...context, baseURL: 'http://gpu-box:11434/', apiKey: 'tok-12345' });
  assert.equal(check.url, 'http://gpu-box:11434/api/tags');
  assert.equal(check.init.method, 'GET');
  assert.equal(check.init.headers.Authorization, 'Bearer tok-12345');
});
