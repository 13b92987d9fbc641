/**
 * The gemini dialect against the project's own fixtures (./fixtures/gemini-*), written in the
 * exact `streamGenerateContent?alt=sse` wire format and Google's error-body shapes.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { chunkedBody, type DialectReplay, replayDialect } from '../../../../test-support/dialect-replay.js';
import { TesseraError } from '../../../errors/tessera-error.js';
import type { ParsedMuxRequest, StreamPart } from '../../schema.js';
import { google } from '../profiles/google.js';
import type { AdapterCallContext } from '../provider.js';
import { gemini } from './gemini.js';

const KEY = 'AIzaSyTestOnlyKey0123456789abcdefghijk';
const BASE = 'https://generativelanguage.googleapis.com/v1beta';
const context: AdapterCallContext = { profile: google, baseURL: BASE, apiKey: KEY };
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const dialect: DialectReplay = { adapter: gemini, context, provider: 'google', model: 'recorded', chunkSize: 29 };

/** Parses a body through a MuxStream, as the router would, and keeps every part. */
async function replay(text: string, chunkSize = dialect.chunkSize) {
  const { parts, stream, result } = await replayDialect(text, { ...dialect, chunkSize });
  return result.ok
    ? { parts, stream, value: result.value, error: undefined }
    : { parts, stream, value: undefined, error: result.error as unknown };
}

const request = (overrides: Partial<ParsedMuxRequest> = {}): ParsedMuxRequest => ({
  provider: 'google',
  model: 'gemini-2.5-flash',
  messages: [{ role: 'user', content: 'Hi' }],
  ...overrides,
});

const sse = (...payloads: unknown[]) => payloads.map((p) => `data: ${JSON.stringify(p)}\n\n`).join('');

// ---------------------------------------------------------------------------------------------
// Request

test('posts to models/{model}:streamGenerateContent?alt=sse with the key only in x-goog-api-key', () => {
  const { url, init } = gemini.buildRequest(request(), { ...context, baseURL: `${BASE}/` });
  assert.equal(url, `${BASE}/models/gemini-2.5-flash:streamGenerateContent?alt=sse`);
  assert.equal(init.method, 'POST');
  assert.equal(init.headers['x-goog-api-key'], KEY);
  assert.equal(init.headers['Content-Type'], 'application/json');
  assert.equal(init.headers.Authorization, undefined);
  assert.ok(!url.includes(KEY) && !init.body?.includes(KEY), 'the key travels only in the header');
});

test('a model given as models/<id> gives the same URL; odd characters cannot leave the path', () => {
  const plain = gemini.buildRequest(request(), context).url;
  assert.equal(gemini.buildRequest(request({ model: 'models/gemini-2.5-flash' }), context).url, plain);
  assert.equal(
    gemini.buildRequest(request({ model: 'tunedModels/my-tune-01' }), context).url,
    `${BASE}/tunedModels/my-tune-01:streamGenerateContent?alt=sse`,
  );
  const odd = new URL(gemini.buildRequest(request({ model: '../files?x=1#y' }), context).url);
  assert.equal(odd.pathname, '/v1beta/models/..%2Ffiles%3Fx%3D1%23y:streamGenerateContent');
  assert.equal(odd.search, '?alt=sse');
});

test('contents alternate user/model, system text becomes systemInstruction', () => {
  const { init } = gemini.buildRequest(
    request({
      system: 'Be brief.',
      messages: [
        { role: 'system', content: 'Answer in French.' },
        { role: 'user', content: 'One' },
        { role: 'user', content: [{ type: 'text', text: 'Two' }] },
        { role: 'assistant', content: 'Un, deux.' },
        { role: 'user', content: 'Three?' },
      ],
    }),
    context,
  );
  const sent = JSON.parse(init.body ?? '');
  assert.deepEqual(sent.systemInstruction, { parts: [{ text: 'Be brief.' }, { text: 'Answer in French.' }] });
  assert.deepEqual(sent.contents, [
    { role: 'user', parts: [{ text: 'One' }, { text: 'Two' }] },
    { role: 'model', parts: [{ text: 'Un, deux.' }] },
    { role: 'user', parts: [{ text: 'Three?' }] },
  ]);
  assert.equal(sent.generationConfig, undefined);
  assert.equal(sent.model, undefined, 'the model travels in the URL');
});

test('temperature and maxTokens join providerOptions.google, generationConfig merged one level deep', () => {
  const { init } = gemini.buildRequest(
    request({
      temperature: 0.4,
      maxTokens: 256,
      providerOptions: {
        google: {
          generationConfig: { thinkingConfig: { thinkingBudget: 1024, includeThoughts: true }, temperature: 1.5 },
          safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
        },
        openai: { store: true },
      },
    }),
    context,
  );
  const sent = JSON.parse(init.body ?? '');
  assert.deepEqual(sent.generationConfig, {
    thinkingConfig: { thinkingBudget: 1024, includeThoughts: true },
    temperature: 0.4,
    maxOutputTokens: 256,
  });
  assert.deepEqual(sent.safetySettings, [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }]);
  assert.equal(sent.store, undefined, 'options for other providers stay out');
});

test('the key check lists models with the key header', () => {
  const { url, init } = gemini.buildKeyCheck(context);
  assert.equal(url, `${BASE}/models`);
  assert.equal(init.method, 'GET');
  assert.equal(init.headers['x-goog-api-key'], KEY);
  assert.equal(init.body, undefined);
});

// ---------------------------------------------------------------------------------------------
// Stream

test('thought parts become reasoning, then text; usage is the last cumulative one', async () => {
  const { parts, value } = await replay(fixture('gemini-reasoning-text.sse.txt'));
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
  assert.ok(value);
  assert.equal(
    value.reasoning,
    '**Counting letters**\n\nI need to count the r\'s in "strawberry". s-t-r-a-w-b-e-r-r-y: three of them.',
  );
  assert.equal(value.text, "There are **3** r's in strawberry.");
  assert.deepEqual(value.finishReason, { unified: 'stop', raw: 'STOP' });
  const { raw, ...usage } = value.usage ?? { raw: undefined };
  assert.deepEqual(usage, { inputTokens: 11, cachedInputTokens: 4, outputTokens: 12 + 151, reasoningTokens: 151 });
  assert.equal(usage.inputTokens + usage.outputTokens, (raw as { totalTokenCount: number }).totalTokenCount);
  const finish = parts.at(-1);
  assert.equal(finish?.type, 'finish');
  assert.deepEqual((finish as { providerMetadata?: Record<string, unknown> }).providerMetadata?.google, {
    responseId: 't3sTaQ-reasoning-0001',
    modelVersion: 'gemini-2.5-flash',
  });
});

test('text and reasoning deltas keep one id per block', async () => {
  const { parts } = await replay(fixture('gemini-reasoning-text.sse.txt'));
  const ids = (prefix: string) => new Set(parts.flatMap((p) => (p.type.startsWith(prefix) && 'id' in p ? [p.id] : [])));
  assert.equal(ids('reasoning-').size, 1);
  assert.equal(ids('text-').size, 1);
  assert.notDeepEqual([...ids('reasoning-')], [...ids('text-')]);
});

test('reads CRLF framing, even when a read splits CR from LF', async () => {
  const raw = fixture('gemini-text.crlf.sse.txt');
  assert.ok(raw.includes('\r\n\r\n'), 'the fixture is CRLF-framed as the API sends it');
  for (const size of [1, 7, 4096]) {
    const { value, error } = await replay(raw, size);
    assert.equal(error, undefined);
    assert.equal(value?.text, 'Hello from Gemini.');
    assert.equal(value?.usage?.inputTokens, 3);
    assert.equal(value?.usage?.outputTokens, 4);
    assert.equal(value?.usage?.reasoningTokens, 0);
  }
});

test('comment lines and unknown fields are ignored', async () => {
  const raw = `: ping\n\n${fixture('gemini-text.crlf.sse.txt').replace('"index": 0', '"index": 0,"newField": {"x": 1}')}`;
  const { value, error } = await replay(raw);
  assert.equal(error, undefined);
  assert.equal(value?.text, 'Hello from Gemini.');
});

test('whole function calls become tool-input start/delta/end and tool-call; STOP becomes tool-calls', async () => {
  const { parts, value } = await replay(fixture('gemini-tool-calls.sse.txt'));
  assert.ok(value);
  assert.equal(value.text, 'Let me look both up.');
  assert.deepEqual(
    parts.map((p) => p.type),
    [
      'start',
      'text-start',
      'text-delta',
      'text-end',
      ...['tool-input-start', 'tool-input-delta', 'tool-input-end', 'tool-call'],
      ...['tool-input-start', 'tool-input-delta', 'tool-input-end', 'tool-call'],
      'usage',
      'finish',
    ],
  );
  assert.deepEqual(
    value.toolCalls.map((c) => [c.name, JSON.parse(c.args)]),
    [
      ['weather', { location: 'San Francisco', unit: 'celsius' }],
      ['time_now', {}],
    ],
  );
  const [first, second] = value.toolCalls;
  assert.ok(first?.id && second?.id && first.id !== second.id, 'generated ids are unique');
  for (const call of value.toolCalls) {
    const own: StreamPart[] = parts.filter(
      (p) => ('id' in p && p.id === call.id) || ('toolCallId' in p && p.toolCallId === call.id),
    );
    assert.equal(own.length, 4);
    const deltas = own.flatMap((p) => (p.type === 'tool-input-delta' ? [p.delta] : []));
    assert.deepEqual(deltas, [call.args]);
  }
  assert.deepEqual(value.finishReason, { unified: 'tool-calls', raw: 'STOP' });
  // toolUsePromptTokenCount is input: 40 + 7; thoughts are output: 30 + 25; total 102.
  assert.equal(value.usage?.inputTokens, 47);
  assert.equal(value.usage?.outputTokens, 55);
  assert.equal(value.usage?.reasoningTokens, 25);
  const finish = parts.at(-1) as { providerMetadata?: { google?: { thoughtSignatures?: Record<string, string> } } };
  assert.deepEqual(finish.providerMetadata?.google?.thoughtSignatures, {
    [first.id]: 'CiQBVKhc7sIgnatureForTestsOnly0002',
  });
});

test('a function call id sent by Gemini is kept', async () => {
  const raw = sse({
    candidates: [
      {
        content: { role: 'model', parts: [{ functionCall: { id: 'fc-42', name: 'lookup', args: { q: 'x' } } }] },
        finishReason: 'STOP',
      },
    ],
  });
  const { value } = await replay(raw);
  assert.deepEqual(value?.toolCalls, [{ id: 'fc-42', name: 'lookup', args: '{"q":"x"}' }]);
});

const finishCases: [raw: string, unified: string][] = [
  ['STOP', 'stop'],
  ['MAX_TOKENS', 'length'],
  ['SAFETY', 'content-filter'],
  ['RECITATION', 'content-filter'],
  ['BLOCKLIST', 'content-filter'],
  ['PROHIBITED_CONTENT', 'content-filter'],
  ['SPII', 'content-filter'],
  ['LANGUAGE', 'other'],
  ['MALFORMED_FUNCTION_CALL', 'other'],
  ['OTHER', 'other'],
];
for (const [raw, unified] of finishCases) {
  test(`finishReason ${raw} is ${unified}`, async () => {
    const { value } = await replay(
      sse(
        { candidates: [{ content: { role: 'model', parts: [{ text: 'Some' }] } }] },
        { candidates: [{ content: { role: 'model', parts: [{ text: ' text' }] }, finishReason: raw }] },
      ),
    );
    assert.deepEqual(value?.finishReason, { unified, raw });
    assert.equal(value?.text, 'Some text');
  });
}

test('a SAFETY stop keeps the text that came before and reports the ratings', async () => {
  const { parts, value } = await replay(fixture('gemini-safety-stop.sse.txt'));
  assert.equal(value?.text, 'Here is the first part');
  assert.deepEqual(value?.finishReason, { unified: 'content-filter', raw: 'SAFETY' });
  const finish = parts.at(-1) as { providerMetadata?: { google?: { safetyRatings?: unknown } } };
  assert.ok(Array.isArray(finish.providerMetadata?.google?.safetyRatings));
});

test('a blocked prompt (promptFeedback, no candidates) finishes as content-filter with its usage', async () => {
  const { parts, value, error } = await replay(fixture('gemini-prompt-blocked.sse.txt'));
  assert.equal(error, undefined);
  assert.equal(value?.text, '');
  assert.deepEqual(value?.finishReason, { unified: 'content-filter', raw: 'PROHIBITED_CONTENT' });
  assert.equal(value?.usage?.inputTokens, 14);
  assert.equal(value?.usage?.outputTokens, 0);
  assert.deepEqual(
    parts.map((p) => p.type),
    ['start', 'usage', 'finish'],
  );
});

test('an error object inside the 200 stream is thrown; the text before it is kept', async () => {
  const { parts, stream, error } = await replay(fixture('gemini-stream-error.sse.txt'));
  assert.ok(error instanceof TesseraError);
  assert.equal(error.code, 'provider_unavailable');
  assert.equal(error.status, 503);
  assert.equal(error.retryable, true);
  assert.match(error.message, /overloaded/);
  assert.equal(parts.at(-1)?.type, 'error');
  assert.equal(stream.partial.text, 'The answer begins');
});

test('an array-wrapped error in the stream carries its RetryInfo delay', async () => {
  const raw = `${sse({ candidates: [{ content: { parts: [{ text: 'Hi' }] } }] })}data: [{"error": {"code": 429, "message": "Resource has been exhausted (e.g. check quota).", "status": "RESOURCE_EXHAUSTED", "details": [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "2s"}]}}]\n\n`;
  const { error } = await replay(raw);
  assert.ok(error instanceof TesseraError);
  assert.equal(error.code, 'rate_limit');
  assert.equal(error.retryAfterMs, 2000);
});

test('a stream that ends without a finishReason is a network error; the partial answer is kept', async () => {
  const { stream, error } = await replay(fixture('gemini-truncated.sse.txt'));
  assert.ok(error instanceof TesseraError);
  assert.equal(error.code, 'network');
  assert.match(error.message, /What arrived is kept/);
  assert.equal(stream.partial.text, 'Half of an answer');
});

test('a line that is not JSON is an invalid_response error', async () => {
  const { error } = await replay('data: {"candidates": [\n\n');
  assert.ok(error instanceof TesseraError);
  assert.equal(error.code, 'invalid_response');
  assert.match(error.message, /Gemini API/);
});

// ---------------------------------------------------------------------------------------------
// Error bodies

const errorCases: [file: string, status: number, code: TesseraError['code'], retryAfterMs?: number][] = [
  ['gemini-400-api-key-invalid.json', 400, 'auth'],
  ['gemini-400-context-length.json', 400, 'context_length'],
  ['gemini-400-invalid-argument.json', 400, 'bad_request'],
  ['gemini-400-billing-required.json', 400, 'quota'],
  ['gemini-401-unauthenticated.json', 401, 'auth'],
  ['gemini-403-permission-denied.json', 403, 'auth'],
  ['gemini-404-model-not-found.json', 404, 'bad_request'],
  ['gemini-429-per-minute.json', 429, 'rate_limit', 1500],
  ['gemini-429-per-day.json', 429, 'quota', 42_000],
  ['gemini-429-limit-zero.json', 429, 'quota', 23_000],
  ['gemini-429-credits-depleted.json', 429, 'quota'],
  ['gemini-429-array-wrapped.json', 429, 'rate_limit', 30_000],
  ['gemini-500-internal.json', 500, 'provider_unavailable'],
  ['gemini-503-unavailable.json', 503, 'provider_unavailable'],
  ['gemini-504-deadline-exceeded.json', 504, 'timeout'],
];
for (const [file, status, code, retryAfter] of errorCases) {
  test(`error body ${file} maps to ${code}`, () => {
    const bodyText = fixture(file);
    const error = gemini.mapError({ status, headers: new Headers(), bodyText }, context);
    assert.ok(error instanceof TesseraError);
    assert.equal(error.code, code);
    assert.equal(error.status, status);
    assert.equal(error.provider, 'google');
    assert.equal(error.retryAfterMs, retryAfter);
    const wire = JSON.parse(bodyText);
    const inner = (Array.isArray(wire) ? wire[0] : wire).error;
    assert.deepEqual((error.details as { providerCode?: string }).providerCode, inner.status);
    // The timeout sentence has no room for the provider's detail; every other one quotes it.
    if (code !== 'timeout') assert.ok(error.message.includes(inner.message.slice(0, 40)), error.message);
  });
}

test('without RetryInfo the retry-after header is used; RetryInfo wins over it', () => {
  const headers = new Headers({ 'retry-after': '7' });
  const unavailable = gemini.mapError(
    { status: 503, headers, bodyText: fixture('gemini-503-unavailable.json') },
    context,
  );
  assert.equal(unavailable.retryAfterMs, 7000);
  const limited = gemini.mapError({ status: 429, headers, bodyText: fixture('gemini-429-per-minute.json') }, context);
  assert.equal(limited.retryAfterMs, 1500);
});

test('a body that is not JSON falls back to the HTTP status', () => {
  const error = gemini.mapError(
    { status: 502, headers: new Headers(), bodyText: '<html><body>Bad Gateway</body></html>' },
    context,
  );
  assert.equal(error.code, 'provider_unavailable');
  assert.equal(error.status, 502);
  assert.ok(!error.message.includes('<html>'));
});

test('a key echoed in an error message never reaches the user', () => {
  const other = 'AIzaSyAnotherKeyThatIsNotTheUsers0123456';
  const bodyText = JSON.stringify({
    error: { code: 400, message: `API key ${KEY} or ${other} not valid.`, status: 'INVALID_ARGUMENT' },
  });
  const error = gemini.mapError({ status: 400, headers: new Headers(), bodyText }, context);
  assert.ok(!error.message.includes(KEY) && !error.message.includes(other), error.message);
  assert.ok(!JSON.stringify(error.toJSON()).includes('AIza'));
});

// ---------------------------------------------------------------------------------------------
// As fetch sees it (the router itself is tested in mux.test.ts)

test('the built request is a valid fetch Request, and a streamed Response body parses', async () => {
  const { url, init } = gemini.buildRequest(request(), context);
  const sent = new Request(url, init);
  assert.equal(sent.headers.get('x-goog-api-key'), KEY);
  assert.equal(sent.headers.get('accept'), 'text/event-stream');
  const response = new Response(chunkedBody(fixture('gemini-text.crlf.sse.txt'), dialect.chunkSize), {
    headers: { 'content-type': 'text/event-stream' },
  });
  assert.ok(response.body);
  const parts: StreamPart[] = [];
  for await (const part of gemini.parseStream(response.body, context)) parts.push(part);
  assert.equal(parts.at(-1)?.type, 'finish');
});

test('a 429 Response maps through mapError with its headers; RetryInfo wins', async () => {
  const response = new Response(fixture('gemini-429-per-minute.json'), {
    status: 429,
    headers: { 'retry-after': '9' },
  });
  const error = gemini.mapError(
    { status: response.status, headers: response.headers, bodyText: await response.text() },
    context,
  );
  assert.equal(error.code, 'rate_limit');
  assert.equal(error.retryable, true);
  assert.equal(error.retryAfterMs, 1500);
});
