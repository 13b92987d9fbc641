/**
 * The OpenAI Responses dialect against the project's own fixtures (fixtures/openai-responses-*),
 * written in the exact shape of the Responses API stream (`event:` + `data:` lines) and its
 * error bodies.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { type DialectReplay, replayAnswer, replayFailure } from '../../../../test-support/dialect-replay.js';
import { TesseraError } from '../../../errors/tessera-error.js';
import { createMux } from '../../mux.js';
import type { StreamPart } from '../../schema.js';
import { openai } from '../profiles/openai.js';
import type { AdapterCallContext } from '../provider.js';
import { ProviderRegistry } from '../registry.js';
import { openaiResponses } from './openai-responses.js';

const context: AdapterCallContext = {
  profile: openai,
  baseURL: 'https://api.openai.com/v1',
  apiKey: 'sk-test-key-0123456789',
};
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const dialect: DialectReplay = {
  adapter: openaiResponses,
  context,
  provider: 'openai',
  model: 'fixture',
  chunkSize: 29,
};
const answer = (text: string) => replayAnswer(text, dialect);
const failure = (text: string) => replayFailure(text, dialect);

/** Every start has its end, after it and after all deltas of the same id. */
function assertBalanced(parts: StreamPart[]) {
  const open = new Map<string, string>();
  for (const part of parts) {
    if (!('id' in part)) continue;
    const [kind, phase] = [part.type.replace(/-(start|delta|end)$/, ''), part.type.match(/(start|delta|end)$/)?.[1]];
    const key = `${kind}:${part.id}`;
    if (phase === 'start') {
      assert.ok(!open.has(key), `${key} started twice`);
      open.set(key, 'open');
    } else if (phase === 'delta') {
      assert.equal(open.get(key), 'open', `${key} delta outside start/end`);
    } else {
      assert.equal(open.get(key), 'open', `${key} ended without start`);
      open.set(key, 'closed');
    }
  }
  for (const [key, state] of open) assert.equal(state, 'closed', `${key} never ended`);
}

test('streams the reasoning summary, then text, then usage with cached and reasoning shares', async () => {
  const { parts, text, reasoning, usage, finishReason, toolCalls } = await answer(
    fixture('openai-responses-reasoning-text.sse.txt'),
  );
  assert.equal(reasoning, '**Greeting the user**\n\nA short hello is enough.');
  assert.equal(text, 'Hello, café ☕!');
  assert.deepEqual(toolCalls, []);
  assert.deepEqual(finishReason, { unified: 'stop', raw: 'completed' });
  assert.deepEqual(
    { ...usage, raw: undefined },
    { inputTokens: 120, cachedInputTokens: 64, outputTokens: 90, reasoningTokens: 64, raw: undefined },
  );
  assert.equal((usage?.raw as { total_tokens?: number } | undefined)?.total_tokens, 210);
  assertBalanced(parts);
  const types = parts.map((p) => p.type);
  assert.ok(types.indexOf('reasoning-end') < types.indexOf('text-start'), 'the reasoning item closes first');
  assert.deepEqual(types.slice(-3), ['text-end', 'usage', 'finish']);
  const finish = parts.at(-1);
  assert.deepEqual(finish?.type === 'finish' && finish.providerMetadata, {
    openai: { responseId: 'resp_68c3f1a0b7d48190a1c2e3f4a5b6c7d8' },
  });
});

test('reads CRLF line endings and ignores comment lines', async () => {
  const raw = fixture('openai-responses-reasoning-text.sse.txt');
  assert.ok(raw.includes(': keep-alive'), 'the fixture carries comment lines');
  const { text, reasoning, usage } = await answer(raw.replace(/\n/g, '\r\n'));
  assert.equal(text, 'Hello, café ☕!');
  assert.equal(reasoning, '**Greeting the user**\n\nA short hello is enough.');
  assert.equal(usage?.outputTokens, 90);
});

test('function calls become tool-input parts and complete tool calls, and finish as tool-calls', async () => {
  const { parts, toolCalls, finishReason, usage, text } = await answer(fixture('openai-responses-tool-calls.sse.txt'));
  assert.equal(text, '');
  assert.deepEqual(toolCalls, [
    { id: 'call_Wq1x7HnA2bC3dE4f', name: 'get_weather', args: '{"city":"Lisbon","unit":"celsius"}' },
    { id: 'call_Zt9y8XwV7uT6sR5q', name: 'get_time', args: '{"timezone":"Europe/Lisbon"}' },
  ]);
  for (const call of toolCalls) {
    const deltas = parts.flatMap((p) => (p.type === 'tool-input-delta' && p.id === call.id ? [p.delta] : []));
    assert.equal(deltas.join(''), call.args, `deltas of ${call.name} add up to its arguments`);
  }
  assert.deepEqual(
    parts.filter((p) => p.type === 'tool-input-start'),
    [
      { type: 'tool-input-start', id: 'call_Wq1x7HnA2bC3dE4f', toolName: 'get_weather' },
      { type: 'tool-input-start', id: 'call_Zt9y8XwV7uT6sR5q', toolName: 'get_time' },
    ],
  );
  assertBalanced(parts);
  assert.deepEqual(finishReason, { unified: 'tool-calls', raw: 'completed' });
  assert.equal(usage?.inputTokens, 310);
  assert.equal(usage?.outputTokens, 58);
});

test('response.incomplete for max_output_tokens finishes as length and keeps text and usage', async () => {
  const { text, finishReason, usage } = await answer(fixture('openai-responses-incomplete-max-tokens.sse.txt'));
  assert.equal(text, 'Once upon a time');
  assert.deepEqual(finishReason, { unified: 'length', raw: 'max_output_tokens' });
  assert.equal(usage?.outputTokens, 16);
  assert.equal(usage?.reasoningTokens, 12);
});

test('response.incomplete for content_filter finishes as content-filter', async () => {
  const { finishReason, usage } = await answer(fixture('openai-responses-incomplete-content-filter.sse.txt'));
  assert.deepEqual(finishReason, { unified: 'content-filter', raw: 'content_filter' });
  assert.equal(usage?.inputTokens, 22);
});

test('an error event after some text is a rate_limit error, and the text is kept', async () => {
  const { error, partial, parts } = await failure(fixture('openai-responses-error-event-after-text.sse.txt'));
  assert.equal(error.code, 'rate_limit');
  assert.equal(error.provider, 'openai');
  assert.equal(error.status, undefined, 'no HTTP status: the stream was a 200');
  assert.match(error.message, /try again in 225ms/);
  assert.equal(partial.text, 'The first part');
  assert.ok(!parts.some((p) => p.type === 'finish'));
});

test('response.failed with server_error is provider_unavailable', async () => {
  const { error } = await failure(fixture('openai-responses-failed-server-error.sse.txt'));
  assert.equal(error.code, 'provider_unavailable');
  assert.equal(error.retryable, true);
});

test('response.failed without an error object is still an error, and the server is blamed', async () => {
  const { error } = await failure(
    'data: {"type":"response.failed","response":{"id":"resp_1","status":"failed","error":null}}\n\n',
  );
  assert.equal(error.code, 'provider_unavailable');
});

test('response.failed for a bad image blames the request: bad_request, not retried', async () => {
  const { error } = await failure(
    'data: {"type":"response.failed","response":{"id":"resp_2","status":"failed","error":{"code":"image_too_large","message":"The image is too large."}}}\n\n',
  );
  assert.equal(error.code, 'bad_request');
  assert.equal(error.retryable, false);
  assert.match(error.message, /The image is too large/);
});

test('a stream that ends before response.completed is a network error that keeps the partial answer', async () => {
  const { error, partial } = await failure(fixture('openai-responses-truncated.sse.txt'));
  assert.equal(error.code, 'network');
  assert.match(error.message, /What arrived is kept/);
  assert.equal(partial.text, 'Half an answer');
});

test('an unreadable event is invalid_response', async () => {
  const { error } = await failure('data: {"type":"response.output_text.delta","delta":\n\n');
  assert.equal(error.code, 'invalid_response');
});

test('a known event of the wrong shape is invalid_response', async () => {
  const { error } = await failure('data: {"type":"response.output_text.delta","item_id":"m","delta":42}\n\n');
  assert.equal(error.code, 'invalid_response');
});

test('unknown events and fields are ignored, the type may come from the event line, [DONE] is tolerated', async () => {
  const stream = [
    'data: {"type":"response.created","response":{"id":"resp_x","status":"in_progress"}}',
    'data: {"type":"response.audio.delta","delta":{"not":"a string"}}',
    'data: {"type":"response.output_text.annotation.added","annotation":{"type":"url_citation"}}',
    'event: response.output_text.delta\ndata: {"item_id":"msg_1","content_index":0,"delta":"From the event line","future":true}',
    'data: {"type":"response.completed","response":{"id":"resp_x","status":"completed","usage":{"input_tokens":3,"output_tokens":4}}}',
    'data: [DONE]',
  ]
    .map((event) => `${event}\n\n`)
    .join('');
  const { text, usage, finishReason } = await answer(stream);
  assert.equal(text, 'From the event line');
  assert.deepEqual(
    { ...usage, raw: undefined },
    { inputTokens: 3, cachedInputTokens: 0, outputTokens: 4, reasoningTokens: 0, raw: undefined },
  );
  assert.deepEqual(finishReason, { unified: 'stop', raw: 'completed' });
});

test('a refusal is streamed as the answer text', async () => {
  const { text } = await answer(
    'data: {"type":"response.refusal.delta","item_id":"msg_r","content_index":0,"delta":"I can’t help with that."}\n\n' +
      'data: {"type":"response.completed","response":{"id":"resp_r","status":"completed"}}\n\n',
  );
  assert.equal(text, 'I can’t help with that.');
});

const errorCases: [file: string, status: number, code: TesseraError['code']][] = [
  ['openai-responses-401-invalid-api-key.json', 401, 'auth'],
  ['openai-responses-429-insufficient-quota.json', 429, 'quota'],
  ['openai-responses-429-rate-limit.json', 429, 'rate_limit'],
  ['openai-responses-400-context-length.json', 400, 'context_length'],
  ['openai-responses-400-unsupported-temperature.json', 400, 'bad_request'],
  ['openai-responses-500-server-error.json', 500, 'provider_unavailable'],
  ['openai-responses-502-bad-gateway.html.txt', 502, 'provider_unavailable'],
];
for (const [file, status, code] of errorCases) {
  test(`error body ${file} (HTTP ${status}) maps to ${code}`, () => {
    const error = openaiResponses.mapError(
      { status, headers: new Headers({ 'retry-after-ms': '1500' }), bodyText: fixture(file) },
      context,
    );
    assert.ok(error instanceof TesseraError);
    assert.equal(error.code, code);
    assert.equal(error.status, status);
    assert.equal(error.provider, 'openai');
    assert.equal(error.retryAfterMs, 1500);
    assert.ok(!error.message.includes('<html>'), 'an HTML page is never shown');
    assert.ok(!error.message.includes(context.apiKey ?? '-'), 'the key is never repeated');
  });
}

test('builds a streamed /responses request: system as instructions, messages as input, api option dropped', () => {
  const { url, init } = openaiResponses.buildRequest(
    {
      provider: 'openai',
      model: 'gpt-5-mini',
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
      temperature: 0.3,
      maxTokens: 256,
      providerOptions: { openai: { api: 'responses', reasoning: { effort: 'low', summary: 'auto' }, store: false } },
    },
    { ...context, baseURL: 'https://proxy.example/v1/' },
  );
  assert.equal(url, 'https://proxy.example/v1/responses');
  assert.equal(init.method, 'POST');
  assert.equal(init.headers.Authorization, 'Bearer sk-test-key-0123456789');
  assert.equal(init.headers.Accept, 'text/event-stream');
  assert.deepEqual(JSON.parse(init.body ?? ''), {
    reasoning: { effort: 'low', summary: 'auto' },
    store: false,
    model: 'gpt-5-mini',
    input: [
      { role: 'user', content: 'Say hello' },
      { role: 'assistant', content: 'Hello' },
      { role: 'user', content: 'Again' },
    ],
    stream: true,
    instructions: 'Be brief.',
    temperature: 0.3,
    max_output_tokens: 256,
  });
});

test('leaves out instructions, temperature and max_output_tokens when not given', () => {
  const { init } = openaiResponses.buildRequest(
    { provider: 'openai', model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }] },
    context,
  );
  assert.deepEqual(JSON.parse(init.body ?? ''), {
    model: 'gpt-4.1',
    input: [{ role: 'user', content: 'hi' }],
    stream: true,
  });
});

test('the key check lists models with the bearer key', () => {
  const check = openaiResponses.buildKeyCheck(context);
  assert.equal(check.url, 'https://api.openai.com/v1/models');
  assert.equal(check.init.method, 'GET');
  assert.equal(check.init.headers.Authorization, 'Bearer sk-test-key-0123456789');
});

// Through the router, with a fetch that answers like OpenAI, to prove the wiring end to end. The
// profile is pointed at this dialect directly: selecting it with `api: 'responses'` is the registry's job.
function muxWith(respond: () => Response) {
  const registry = new ProviderRegistry();
  registry.registerDialect(openaiResponses);
  registry.registerProfile({ ...openai, dialect: 'openai-responses' });
  const urls: string[] = [];
  const mux = createMux({
    registry,
    fetch: (async (url: string) => {
      urls.push(url);
      return respond();
    }) as typeof fetch,
    resolveKey: async () => ({ apiKey: 'sk-from-vault-0123456789' }),
    idleTimeoutMs: 5_000,
  });
  return { mux, urls };
}

test('through the router: a recorded-shape stream becomes a result from the provider that answered', async () => {
  const { mux, urls } = muxWith(
    () =>
      new Response(fixture('openai-responses-reasoning-text.sse.txt'), {
        headers: { 'content-type': 'text/event-stream' },
      }),
  );
  const result = await mux.stream({
    provider: 'openai',
    model: 'gpt-5-mini',
    messages: [{ role: 'user', content: 'hi' }],
  }).result;
  assert.equal(urls[0], 'https://api.openai.com/v1/responses');
  assert.equal(result.text, 'Hello, café ☕!');
  assert.equal(result.provider, 'openai');
  assert.equal(result.usage?.cachedInputTokens, 64);
});

test('through the router: an HTTP 401 body is an auth error', async () => {
  const { mux } = muxWith(() => new Response(fixture('openai-responses-401-invalid-api-key.json'), { status: 401 }));
  const stream = mux.stream({ provider: 'openai', model: 'gpt-5-mini', messages: [{ role: 'user', content: 'hi' }] });
  await assert.rejects(stream.result, (error: unknown) => {
    assert.ok(error instanceof TesseraError);
    assert.equal(error.code, 'auth');
    assert.equal(error.status, 401);
    return true;
  });
});
