/**
 * The anthropic dialect against the project's own fixtures (./fixtures/anthropic-*), written in
 * Anthropic's exact wire format: typed SSE events and `{ type: 'error', error }` bodies.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  chunkedBody,
  type DialectReplay,
  replayDialect,
  replayFailure,
} from '../../../../test-support/dialect-replay.js';
import { TesseraError } from '../../../errors/tessera-error.js';
import { createTessera } from '../../../tessera.js';
import { muxRequestSchema, type ParsedMuxRequest, type StreamPart } from '../../schema.js';
import { anthropic } from '../profiles/anthropic.js';
import type { AdapterCallContext } from '../provider.js';
import { ANTHROPIC_VERSION, anthropicMessages, DEFAULT_MAX_TOKENS } from './anthropic.js';

const KEY = 'sk-ant-api03-unit-test-key-0123456789';
const context: AdapterCallContext = { profile: anthropic, baseURL: 'https://api.anthropic.com/v1', apiKey: KEY };
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** Thrown errors end the stream as they are: `parts` then has no `error` part. */
const dialect: DialectReplay = {
  adapter: anthropicMessages,
  context,
  provider: 'anthropic',
  model: 'claude-test',
  chunkSize: 23,
  errorsAsParts: false,
};
const replay = (text: string, chunkSize = dialect.chunkSize) => replayDialect(text, { ...dialect, chunkSize });
const replayError = (text: string) => replayFailure(text, dialect);

const request = (overrides: Partial<ParsedMuxRequest> = {}): ParsedMuxRequest =>
  muxRequestSchema.parse({
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    messages: [{ role: 'user', content: 'Hello' }],
    ...overrides,
  });

const sentBody = (r: ParsedMuxRequest) => JSON.parse(anthropicMessages.buildRequest(r, context).init.body ?? '');

test('builds POST /messages with the version, browser opt-in and bare x-api-key headers', () => {
  const built = anthropicMessages.buildRequest(request(), { ...context, baseURL: 'https://api.anthropic.com/v1/' });
  assert.equal(built.url, 'https://api.anthropic.com/v1/messages');
  assert.equal(built.init.method, 'POST');
  assert.deepEqual(built.init.headers, {
    'Content-Type': 'application/json',
    Accept: 'text/event-stream',
    'anthropic-version': ANTHROPIC_VERSION,
    'anthropic-dangerous-direct-browser-access': 'true',
    'x-api-key': KEY,
  });
});

test('sends no key header when there is no key (a local proxy that adds it)', () => {
  const built = anthropicMessages.buildRequest(request(), { ...context, apiKey: undefined });
  assert.equal('x-api-key' in built.init.headers, false);
  assert.equal(built.init.headers['anthropic-version'], ANTHROPIC_VERSION);
});

test('puts system text top-level and merges consecutive turns of the same role', () => {
  const body = sentBody(
    request({
      system: 'Be brief.',
      temperature: 0.3,
      messages: [
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'Hi' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'How are ' },
            { type: 'text', text: 'you?' },
          ],
        },
        { role: 'assistant', content: 'Bien.' },
        { role: 'assistant', content: '   ' },
        { role: 'user', content: 'And now?' },
      ],
    }),
  );
  assert.deepEqual(body, {
    model: 'claude-sonnet-4-5',
    max_tokens: DEFAULT_MAX_TOKENS,
    system: 'Be brief.\n\nAnswer in French.',
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Hi' },
          { type: 'text', text: 'How are you?' },
        ],
      },
      { role: 'assistant', content: [{ type: 'text', text: 'Bien.' }] },
      { role: 'user', content: [{ type: 'text', text: 'And now?' }] },
    ],
    stream: true,
    temperature: 0.3,
  });
});

test('max_tokens: the request wins, then providerOptions, then the default (over any thinking budget)', () => {
  assert.equal(sentBody(request({ maxTokens: 1000 })).max_tokens, 1000);
  assert.equal(sentBody(request({ providerOptions: { anthropic: { max_tokens: 777 } } })).max_tokens, 777);
  const thinking = { type: 'enabled', budget_tokens: 8000 };
  const withThinking = sentBody(request({ providerOptions: { anthropic: { thinking } } }));
  assert.deepEqual(withThinking.thinking, thinking);
  assert.equal(withThinking.max_tokens, 8000 + DEFAULT_MAX_TOKENS);
  assert.equal(sentBody(request({ maxTokens: 9000, providerOptions: { anthropic: { thinking } } })).max_tokens, 9000);
});

test('providerOptions add fields but never replace model, messages or stream', () => {
  const body = sentBody(
    request({
      providerOptions: {
        anthropic: { model: 'other', stream: false, messages: [], top_k: 5, metadata: { user_id: 'u1' } },
        openai: { logprobs: true },
      },
    }),
  );
  assert.equal(body.model, 'claude-sonnet-4-5');
  assert.equal(body.stream, true);
  assert.equal(body.messages.length, 1);
  assert.equal(body.top_k, 5);
  assert.deepEqual(body.metadata, { user_id: 'u1' });
  assert.equal('logprobs' in body, false);
  assert.equal('system' in body, false);
  assert.equal('temperature' in body, false);
});

test('the key check lists models with the same headers', () => {
  const check = anthropicMessages.buildKeyCheck(context);
  assert.equal(check.url, 'https://api.anthropic.com/v1/models');
  assert.equal(check.init.method, 'GET');
  assert.equal(check.init.headers['x-api-key'], KEY);
  assert.equal(check.init.headers['anthropic-version'], ANTHROPIC_VERSION);
  assert.equal(check.init.headers['anthropic-dangerous-direct-browser-access'], 'true');
  assert.equal(check.init.body, undefined);
});

test('thinking, a redacted block and text: parts in order, cache usage combined, signatures kept', async () => {
  const { stream, parts } = await replay(fixture('anthropic-thinking.sse.txt'));
  assert.deepEqual(
    parts.map((p) => p.type),
    [
      'start',
      'reasoning-start',
      'reasoning-delta',
      'reasoning-delta',
      'reasoning-end',
      'text-start',
      'text-delta',
      'text-delta',
      'text-end',
      'usage',
      'finish',
    ],
  );
  const result = await stream.result;
  assert.equal(result.reasoning, 'The user asks 27 * 453. 27 * 453 = 12231.');
  assert.equal(result.text, '27 * 453 = **12,231**.');
  assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'end_turn' });
  const { raw, ...counts } = result.usage ?? assert.fail('usage missing');
  assert.deepEqual(counts, { inputTokens: 150, cachedInputTokens: 100, outputTokens: 55, reasoningTokens: 0 });
  assert.deepEqual(raw, {
    input_tokens: 20,
    cache_creation_input_tokens: 30,
    cache_read_input_tokens: 100,
    output_tokens: 55,
    service_tier: 'standard',
  });
  const finish = parts.at(-1);
  assert.equal(finish?.type, 'finish');
  assert.deepEqual(finish.providerMetadata, {
    anthropic: {
      messageId: 'msg_01ThinkingFixture0001',
      model: 'claude-sonnet-4-5-20250929',
      thinkingBlocks: [
        {
          type: 'thinking',
          thinking: 'The user asks 27 * 453. 27 * 453 = 12231.',
          signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds',
        },
        { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIw' },
      ],
    },
  });
});

test('tool_use blocks stream their input and end as complete calls; no input means {}', async () => {
  const { stream, parts } = await replay(fixture('anthropic-tool-use-two-tools.sse.txt'));
  const toolParts = parts.filter((p) => p.type.startsWith('tool-'));
  assert.deepEqual(toolParts, [
    { type: 'tool-input-start', id: 'toolu_01WeatherFixture01', toolName: 'get_weather' },
    { type: 'tool-input-delta', id: 'toolu_01WeatherFixture01', delta: '{"city": "Ly' },
    { type: 'tool-input-delta', id: 'toolu_01WeatherFixture01', delta: 'on", "unit": "celsius"}' },
    { type: 'tool-input-end', id: 'toolu_01WeatherFixture01' },
    {
      type: 'tool-call',
      toolCallId: 'toolu_01WeatherFixture01',
      toolName: 'get_weather',
      args: '{"city": "Lyon", "unit": "celsius"}',
    },
    { type: 'tool-input-start', id: 'toolu_01ClockFixture0001', toolName: 'get_time' },
    { type: 'tool-input-end', id: 'toolu_01ClockFixture0001' },
    { type: 'tool-call', toolCallId: 'toolu_01ClockFixture0001', toolName: 'get_time', args: '{}' },
  ]);
  const result = await stream.result;
  assert.equal(result.text, 'Let me look both up.');
  assert.deepEqual(result.finishReason, { unified: 'tool-calls', raw: 'tool_use' });
  assert.deepEqual(
    result.toolCalls.map((c) => JSON.parse(c.args)),
    [{ city: 'Lyon', unit: 'celsius' }, {}],
  );
  assert.equal(result.usage?.inputTokens, 410);
  assert.equal(result.usage?.outputTokens, 88);
});

test('a tool_use block that carries its whole input at start (no deltas) keeps that input', async () => {
  const text = [
    'event: message_start\ndata: {"type":"message_start","message":{"id":"m","usage":{"input_tokens":3}}}\n\n',
    'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"t1","name":"f","input":{"a":1}}}\n\n',
    'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
    'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":7}}\n\n',
    'event: message_stop\ndata: {"type":"message_stop"}\n\n',
  ].join('');
  const result = await (await replay(text)).stream.result;
  assert.deepEqual(result.toolCalls, [{ id: 't1', name: 'f', args: '{"a":1}' }]);
});

const finishCases: [file: string, unified: string, raw: string][] = [
  ['anthropic-max-tokens.sse.txt', 'length', 'max_tokens'],
  ['anthropic-refusal.sse.txt', 'content-filter', 'refusal'],
  ['anthropic-stop-sequence.sse.txt', 'stop', 'stop_sequence'],
];
for (const [file, unified, raw] of finishCases) {
  test(`stop_reason ${raw} finishes as ${unified}`, async () => {
    const { stream, parts } = await replay(fixture(file));
    const result = await stream.result;
    assert.deepEqual(result.finishReason, { unified, raw });
    assert.equal(result.text, 'One, two, three');
    assert.equal(result.usage?.outputTokens, 16);
    const finish = parts.at(-1);
    assert.equal(finish?.type, 'finish');
    const metadata = finish.providerMetadata?.anthropic as { stopSequence?: string };
    assert.equal(metadata.stopSequence, raw === 'stop_sequence' ? '###' : undefined);
  });
}

for (const chunkSize of [1, 7, 1 << 16]) {
  test(`CRLF, comments, an event without an event: line and unknown events/fields (chunks of ${chunkSize})`, async () => {
    const raw = fixture('anthropic-crlf-comments.sse.txt');
    assert.ok(raw.includes('\r\n'), 'the fixture must use CRLF');
    const { stream } = await replay(raw, chunkSize);
    const result = await stream.result;
    assert.equal(result.text, 'Hi there');
    assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'end_turn' });
    assert.equal(result.usage?.inputTokens, 8);
    assert.equal(result.usage?.cachedInputTokens, 3);
    assert.equal(result.usage?.outputTokens, 4);
  });
}

test('an error event after some text throws its code and keeps the text and the usage so far', async () => {
  const { error, parts, partial } = await replayError(fixture('anthropic-error-after-text.sse.txt'));
  assert.equal(error.code, 'provider_unavailable');
  assert.equal(error.retryable, true);
  assert.equal(error.provider, 'anthropic');
  assert.equal(error.status, undefined);
  assert.match(error.message, /Overloaded/);
  assert.deepEqual((error.details as { providerCode?: string }).providerCode, 'overloaded_error');
  assert.equal(partial.text, 'Once upon a time');
  assert.equal(partial.usage?.inputTokens, 14);
  assert.equal(
    parts.some((p) => p.type === 'finish'),
    false,
  );
});

test('an error event before any content throws without reporting usage', async () => {
  const { error, parts } = await replayError(fixture('anthropic-error-rate-limit-in-stream.sse.txt'));
  assert.equal(error.code, 'rate_limit');
  assert.deepEqual(
    parts.map((p) => p.type),
    ['start'],
  );
});

test('a stream that ends before message_delta is a network error that keeps the partial text', async () => {
  const { error, partial } = await replayError(fixture('anthropic-truncated.sse.txt'));
  assert.equal(error.code, 'network');
  assert.match(error.message, /kept/);
  assert.equal(partial.text, 'The first half');
  assert.equal(partial.usage?.inputTokens, 31);
});

test('a stream cut in the middle of an event is a network error, not an unreadable answer', async () => {
  const raw = fixture('anthropic-truncated-mid-event.sse.txt');
  assert.ok(!raw.endsWith('\n'), 'the fixture must end mid-event');
  const { error, partial } = await replayError(raw);
  assert.equal(error.code, 'network');
  assert.equal(partial.text, 'The first half');
});

test('a missing message_stop after a stop_reason still finishes the answer', async () => {
  const raw = fixture('anthropic-max-tokens.sse.txt').replace(/event: message_stop\ndata: .*\n\n$/, '');
  assert.ok(!raw.includes('message_stop'));
  const result = await (await replay(raw)).stream.result;
  assert.deepEqual(result.finishReason, { unified: 'length', raw: 'max_tokens' });
});

test('malformed JSON in the middle of a stream is invalid_response', async () => {
  const raw = fixture('anthropic-refusal.sse.txt').replace(
    'event: content_block_stop\n',
    'event: content_block_delta\ndata: {"type":"content_block_delta",,}\n\nevent: content_block_stop\n',
  );
  const { error } = await replayError(raw);
  assert.equal(error.code, 'invalid_response');
  assert.match(error.message, /Anthropic Messages API/);
});

test('a body with no readable event at all is invalid_response', async () => {
  const { error } = await replayError('data: <html>Welcome to nginx</html>\n\n');
  assert.equal(error.code, 'invalid_response');
});

test('a known event with the wrong shape is invalid_response', async () => {
  const { error } = await replayError(
    'event: content_block_delta\ndata: {"type":"content_block_delta","delta":{"type":"text_delta","text":"x"}}\n\n',
  );
  assert.equal(error.code, 'invalid_response');
});

const errorCases: [file: string, status: number, code: TesseraError['code']][] = [
  ['anthropic-error-authentication.json', 401, 'auth'],
  ['anthropic-error-permission.json', 403, 'auth'],
  ['anthropic-error-rate-limit.json', 429, 'rate_limit'],
  ['anthropic-error-overloaded.json', 529, 'provider_unavailable'],
  ['anthropic-error-api.json', 500, 'provider_unavailable'],
  ['anthropic-error-invalid-request.json', 400, 'bad_request'],
  ['anthropic-error-prompt-too-long.json', 400, 'context_length'],
  ['anthropic-error-context-limit.json', 400, 'context_length'],
  ['anthropic-error-credit-balance.json', 400, 'quota'],
  ['anthropic-error-not-found.json', 404, 'bad_request'],
  ['anthropic-error-billing.json', 402, 'quota'],
  ['anthropic-error-request-too-large.json', 413, 'context_length'],
  ['anthropic-error-timeout.json', 504, 'timeout'],
];
for (const [file, status, code] of errorCases) {
  test(`error body ${file} (HTTP ${status}) maps to ${code}`, () => {
    const text = fixture(file);
    const wire = JSON.parse(text) as { error: { type: string; message: string }; request_id: string };
    const error = anthropicMessages.mapError(
      { status, headers: new Headers({ 'retry-after': '3' }), bodyText: text },
      context,
    );
    assert.ok(error instanceof TesseraError);
    assert.equal(error.code, code);
    assert.equal(error.status, status);
    assert.equal(error.provider, 'anthropic');
    assert.equal(error.retryAfterMs, 3000);
    assert.deepEqual(error.details, { providerCode: wire.error.type, requestId: wire.request_id });
    if (code !== 'timeout') assert.ok(error.message.includes(wire.error.message.slice(0, 40)), error.message);
  });
}

test('retry-after-ms wins over retry-after, and no header means no retryAfterMs', () => {
  const bodyText = fixture('anthropic-error-rate-limit.json');
  const both = new Headers({ 'retry-after-ms': '1500', 'retry-after': '9' });
  assert.equal(anthropicMessages.mapError({ status: 429, headers: both, bodyText }, context).retryAfterMs, 1500);
  assert.equal(
    anthropicMessages.mapError({ status: 429, headers: new Headers(), bodyText }, context).retryAfterMs,
    undefined,
  );
});

test('a non-JSON error body falls back to the HTTP status and keeps the request-id header', () => {
  const headers = new Headers({ 'request-id': 'req_from_header' });
  const error = anthropicMessages.mapError({ status: 502, headers, bodyText: '<html>Bad Gateway</html>' }, context);
  assert.equal(error.code, 'provider_unavailable');
  assert.deepEqual(error.details, { providerCode: undefined, requestId: 'req_from_header' });
  assert.ok(!error.message.includes('<html>'));
  assert.equal(anthropicMessages.mapError({ status: 401, headers, bodyText: '' }, context).code, 'auth');
});

test('the key never reaches an error message, even when the provider echoes it', () => {
  const bodyText = JSON.stringify({
    type: 'error',
    error: { type: 'authentication_error', message: `invalid x-api-key: ${KEY}` },
  });
  const error = anthropicMessages.mapError({ status: 401, headers: new Headers(), bodyText }, context);
  assert.equal(error.code, 'auth');
  assert.ok(!error.message.includes(KEY), error.message);
  assert.ok(!error.message.includes('unit-test-key'), error.message);
});

test('through an instance: a streamed answer and a 401, with the request Anthropic expects', async () => {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    if (JSON.parse(String(init.body)).model === 'bad-key') {
      return new Response(fixture('anthropic-error-authentication.json'), {
        status: 401,
        headers: { 'content-type': 'application/json' },
      });
    }
    return new Response(chunkedBody(fixture('anthropic-tool-use-two-tools.sse.txt'), dialect.chunkSize), {
      headers: { 'content-type': 'text/event-stream' },
    });
  }) as unknown as typeof globalThis.fetch;
  const tessera = createTessera({ fetch });
  // The lead registers the dialect in registry.ts; registering again here keeps the test independent of that.
  tessera.providers.registerDialect(anthropicMessages);
  tessera.providers.registerProfile(anthropic);
  const ask = (model: string) => ({
    provider: 'anthropic',
    model,
    apiKey: KEY,
    messages: [{ role: 'user' as const, content: 'Hi' }],
  });

  const result = await tessera.mux.stream(ask('claude-sonnet-4-5')).result;
  assert.equal(result.provider, 'anthropic');
  assert.equal(result.model, 'claude-sonnet-4-5');
  assert.equal(result.toolCalls.length, 2);
  assert.equal(calls[0]?.url, 'https://api.anthropic.com/v1/messages');
  const headers = calls[0]?.init.headers as Record<string, string>;
  assert.equal(headers['x-api-key'], KEY);
  assert.equal(headers['anthropic-version'], ANTHROPIC_VERSION);

  const parts: StreamPart[] = [];
  for await (const part of tessera.mux.stream(ask('bad-key'))) parts.push(part);
  const last = parts.at(-1);
  assert.equal(last?.type, 'error');
  assert.equal(last.error.code, 'auth');
  assert.equal(last.error.status, 401);
  assert.equal(calls.length, 2, 'an auth error is never retried');
});
