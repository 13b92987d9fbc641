/**
 * Unit tests of the openai-chat dialect and the provider profiles over it, replaying the
 * project's own hand-written streams and error bodies from ./fixtures (openai-chat-*).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { replayDialect } from '../../../../test-support/dialect-replay.js';
import { TesseraError } from '../../../errors/tessera-error.js';
import { createMux } from '../../mux.js';
import type { MuxStream } from '../../mux-stream.js';
import { muxRequestSchema, type StreamPart } from '../../schema.js';
import { deepseek } from '../profiles/deepseek.js';
import { groq } from '../profiles/groq.js';
import { mistral } from '../profiles/mistral.js';
import { openai } from '../profiles/openai.js';
import { openaiCompatible } from '../profiles/openai-compatible.js';
import { openrouter } from '../profiles/openrouter.js';
import { perplexity } from '../profiles/perplexity.js';
import { together } from '../profiles/together.js';
import { xai } from '../profiles/xai.js';
import type { AdapterCallContext, ProviderProfile } from '../provider.js';
import { ProviderRegistry } from '../registry.js';
import { openaiChat } from './openai-chat.js';

const KEY = 'sk-unit-test-key-0001';
const LOCAL = 'http://127.0.0.1:1234/v1';
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const contextFor = (profile: ProviderProfile, apiKey: string | undefined = KEY): AdapterCallContext => ({
  profile,
  baseURL: profile.baseURL ?? LOCAL,
  apiKey,
});

/** Replays a body through the adapter as the router would; thrown errors end the stream without an `error` part. */
const replay = (profile: ProviderProfile, text: string, chunkSize = 29) =>
  replayDialect(text, {
    adapter: openaiChat,
    context: contextFor(profile),
    provider: profile.id,
    model: 'fixture',
    chunkSize,
    errorsAsParts: false,
  });

const types = (parts: StreamPart[]) => parts.map((p) => p.type);
const finishOf = (parts: StreamPart[]) => parts.find((p) => p.type === 'finish');

async function rejection(stream: MuxStream): Promise<TesseraError> {
  try {
    await stream.result;
  } catch (error) {
    assert.ok(error instanceof TesseraError, `expected a TesseraError, got ${String(error)}`);
    return error;
  }
  assert.fail('the stream should have failed');
}

const sse = (...payloads: unknown[]) =>
  payloads.map((p) => `data: ${typeof p === 'string' ? p : JSON.stringify(p)}\n\n`).join('');
const chunk = (delta: object, finish: string | null = null, extra: object = {}) => ({
  id: 'chatcmpl-inline',
  object: 'chat.completion.chunk',
  choices: [{ index: 0, delta, finish_reason: finish }],
  ...extra,
});

// --- profiles -------------------------------------------------------------------------------

const hosted: [ProviderProfile, string][] = [
  [openai, 'https://api.openai.com/v1'],
  [mistral, 'https://api.mistral.ai/v1'],
  [xai, 'https://api.x.ai/v1'],
  [deepseek, 'https://api.deepseek.com/v1'],
  [perplexity, 'https://api.perplexity.ai'],
  [groq, 'https://api.groq.com/openai/v1'],
  [together, 'https://api.together.xyz/v1'],
  [openrouter, 'https://openrouter.ai/api/v1'],
];

test('every hosted OpenAI-dialect profile has its id, documented base URL, a required bearer key', () => {
  const ids = hosted.map(([p]) => p.id);
  assert.deepEqual(ids, ['openai', 'mistral', 'xai', 'deepseek', 'perplexity', 'groq', 'together', 'openrouter']);
  for (const [profile, baseURL] of hosted) {
    assert.equal(profile.dialect, 'openai-chat', profile.id);
    assert.equal(profile.baseURL, baseURL, profile.id);
    assert.equal(profile.requiresKey, true, profile.id);
    assert.deepEqual(profile.auth, { header: 'Authorization', scheme: 'Bearer' }, profile.id);
  }
});

test('only Perplexity, which sends no CORS headers, needs the relay in a browser', () => {
  for (const [profile] of hosted) {
    assert.equal(profile.requiresRelayInBrowser === true, profile.id === 'perplexity', profile.id);
  }
  assert.notEqual(openaiCompatible.requiresRelayInBrowser, true);
});

test('the OpenAI-compatible profile has no default base URL and needs no key', () => {
  assert.equal(openaiCompatible.id, 'openai-compatible');
  assert.equal(openaiCompatible.dialect, 'openai-chat');
  assert.equal(openaiCompatible.baseURL, undefined);
  assert.equal(openaiCompatible.requiresKey, false);
});

// --- requests --------------------------------------------------------------------------------

const request = muxRequestSchema.parse({
  provider: 'x',
  model: 'some-model',
  system: 'Be brief.',
  messages: [
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Hi ' },
        { type: 'text', text: 'there' },
      ],
    },
  ],
  temperature: 0.2,
  maxTokens: 256,
});

const asksForUsage = new Set(['openai', 'xai', 'deepseek', 'openrouter', 'openai-compatible']);
for (const profile of [...hosted.map(([p]) => p), openaiCompatible]) {
  test(`${profile.id}: the request goes to <base>/chat/completions with the profile's fields`, () => {
    const built = openaiChat.buildRequest(
      { ...request, providerOptions: { [profile.id]: { top_p: 0.9 } } },
      contextFor(profile),
    );
    assert.equal(built.url, `${profile.baseURL ?? LOCAL}/chat/completions`);
    assert.equal(built.init.method, 'POST');
    assert.equal(built.init.headers.Authorization, `Bearer ${KEY}`);
    const sent = JSON.parse(built.init.body ?? '{}');
    assert.equal(sent.model, 'some-model');
    assert.equal(sent.stream, true);
    assert.equal(sent.top_p, 0.9);
    assert.deepEqual(sent.messages, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi there' },
    ]);
    assert.deepEqual(sent.stream_options, asksForUsage.has(profile.id) ? { include_usage: true } : undefined);
    const capField = profile.id === 'openai' ? 'max_completion_tokens' : 'max_tokens';
    assert.equal(sent[capField], 256);
    assert.equal(Object.keys(sent).filter((k) => k.startsWith('max_')).length, 1);
  });
}

test('a base URL with a trailing slash does not double the slash', () => {
  const built = openaiChat.buildRequest(request, { ...contextFor(openaiCompatible), baseURL: `${LOCAL}/` });
  assert.equal(built.url, `${LOCAL}/chat/completions`);
});

test('the key check is a GET that needs a valid key on each provider', () => {
  const url = (profile: ProviderProfile) => openaiChat.buildKeyCheck(contextFor(profile)).url;
  assert.equal(url(openai), 'https://api.openai.com/v1/models');
  assert.equal(url(mistral), 'https://api.mistral.ai/v1/models');
  assert.equal(url(groq), 'https://api.groq.com/openai/v1/models');
  assert.equal(url(perplexity), 'https://api.perplexity.ai/async/chat/completions');
  assert.equal(url(openrouter), 'https://openrouter.ai/api/v1/key');
  const check = openaiChat.buildKeyCheck(contextFor(xai));
  assert.equal(check.init.method, 'GET');
  assert.equal(check.init.headers.Authorization, `Bearer ${KEY}`);
  const keyless = openaiChat.buildKeyCheck({ profile: openaiCompatible, baseURL: LOCAL, apiKey: undefined });
  assert.deepEqual(keyless.init.headers, {});
});

// --- streams ---------------------------------------------------------------------------------

test('OpenAI: CRLF, keep-alive comments, bytes split mid-character, usage in a choices: [] chunk', async () => {
  const { parts, stream } = await replay(openai, fixture('openai-chat-openai-crlf-include-usage.sse.txt'), 7);
  assert.deepEqual(types(parts), ['start', 'text-start', 'text-delta', 'text-delta', 'text-end', 'usage', 'finish']);
  const result = await stream.result;
  assert.equal(result.text, 'Grüße aus Köln.');
  assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'stop' });
  const { raw, ...usage } = result.usage ?? assert.fail('usage is missing');
  assert.deepEqual(usage, { inputTokens: 20, cachedInputTokens: 8, outputTokens: 9, reasoningTokens: 0 });
  assert.equal(usage.inputTokens + usage.outputTokens, (raw as { total_tokens: number }).total_tokens);
});

test('OpenAI: parallel tool calls interleaved by index assemble into complete calls', async () => {
  const { parts, stream } = await replay(openai, fixture('openai-chat-openai-parallel-tools.sse.txt'));
  const result = await stream.result;
  assert.deepEqual(result.toolCalls, [
    { id: 'call_tessWeatherBerlin', name: 'get_weather', args: '{"city":"Berlin"}' },
    { id: 'call_tessWeatherParis', name: 'get_weather', args: '{"city":"Paris"}' },
  ]);
  assert.equal(result.finishReason.unified, 'tool-calls');
  const starts = parts.filter((p) => p.type === 'tool-input-start');
  assert.deepEqual(
    starts.map((p) => p.id),
    ['call_tessWeatherBerlin', 'call_tessWeatherParis'],
  );
  const deltas = parts.flatMap((p) => (p.type === 'tool-input-delta' && p.id === 'call_tessWeatherBerlin' ? [p] : []));
  assert.equal(deltas.map((p) => p.delta).join(''), '{"city":"Berlin"}');
  assert.equal(result.usage?.outputTokens, 46);
});

test('OpenAI: an error object after some text throws, and the text is kept', async () => {
  const { stream } = await replay(openai, fixture('openai-chat-openai-error-after-text.sse.txt'));
  const error = await rejection(stream);
  assert.equal(error.code, 'provider_unavailable');
  assert.equal(error.provider, 'openai');
  assert.equal(error.status, undefined);
  assert.match(error.message, /The server had an error/);
  assert.equal(stream.partial.text, 'The first half');
});

test('a stream that closes before finish_reason or [DONE] is a network error that keeps the text', async () => {
  const { stream } = await replay(openai, fixture('openai-chat-openai-truncated.sse.txt'));
  const error = await rejection(stream);
  assert.equal(error.code, 'network');
  assert.match(error.message, /What arrived is kept/);
  assert.equal(stream.partial.text, 'Once upon a time');
});

test('Mistral: whole tool calls without an index stay separate calls; usage on the finish chunk', async () => {
  const { stream } = await replay(mistral, fixture('openai-chat-mistral-whole-tools.sse.txt'));
  const result = await stream.result;
  assert.deepEqual(result.toolCalls, [
    { id: 'aB3dE5gH7', name: 'get_weather', args: '{"city": "Lyon"}' },
    { id: 'Zy9xW8vU7', name: 'get_time', args: '{"timezone": "Europe/Paris"}' },
  ]);
  assert.deepEqual(result.finishReason, { unified: 'tool-calls', raw: 'tool_calls' });
  assert.equal(result.usage?.inputTokens, 142);
  assert.equal(result.usage?.outputTokens, 39);
  assert.equal((result.usage?.inputTokens ?? 0) + (result.usage?.outputTokens ?? 0), 181);
});

test('Mistral: finish_reason "error" throws and keeps the partial text', async () => {
  const { stream } = await replay(mistral, fixture('openai-chat-mistral-finish-error.sse.txt'));
  const error = await rejection(stream);
  assert.equal(error.code, 'provider_unavailable');
  assert.equal(error.provider, 'mistral');
  assert.equal(error.retryable, true);
  assert.equal(stream.partial.text, 'Bonjour');
});

test('xAI: reasoning_content is reasoning, and reasoning tokens are added to output tokens', async () => {
  const text = fixture('openai-chat-xai-reasoning.sse.txt');
  const { parts, stream } = await replay(xai, text);
  assert.deepEqual(types(parts).slice(0, 5), [
    'start',
    'reasoning-start',
    'reasoning-delta',
    'reasoning-delta',
    'reasoning-end',
  ]);
  assert.equal(types(parts)[5], 'text-start');
  const result = await stream.result;
  assert.equal(result.reasoning, 'Two plus two is four.');
  assert.equal(result.text, '4.');
  const usage = result.usage ?? assert.fail('usage is missing');
  assert.equal(usage.inputTokens, 30);
  assert.equal(usage.cachedInputTokens, 16);
  assert.equal(usage.reasoningTokens, 120);
  assert.equal(usage.outputTokens, 5 + 120);
  assert.equal(usage.inputTokens + usage.outputTokens, 155);
  // Without the quirk the same stream would under-count: the profile field is what fixes it.
  const plain = await replay(openai, text);
  assert.equal((await plain.stream.result).usage?.outputTokens, 5);
});

test('DeepSeek: cache hits come from prompt_cache_hit_tokens; reasoning stays inside completion', async () => {
  const text = fixture('openai-chat-deepseek-reasoning-cache.sse.txt');
  const { stream } = await replay(deepseek, text);
  const result = await stream.result;
  assert.equal(result.reasoning, 'The user greets me in Chinese.');
  assert.equal(result.text, '你好！');
  const usage = result.usage ?? assert.fail('usage is missing');
  assert.deepEqual(
    { ...usage, raw: undefined },
    { inputTokens: 100, cachedInputTokens: 64, outputTokens: 50, reasoningTokens: 20, raw: undefined },
  );
  assert.equal(usage.inputTokens + usage.outputTokens, 150);
  const plain = await replay(openai, text);
  assert.equal((await plain.stream.result).usage?.cachedInputTokens, 0);
});

test('Perplexity: the last cumulative usage is kept; citations and search results go to providerMetadata', async () => {
  const { parts, stream } = await replay(perplexity, fixture('openai-chat-perplexity-citations.sse.txt'));
  const result = await stream.result;
  assert.equal(result.text, 'Fresnel lenses[2] focus the light[1].');
  assert.equal(parts.filter((p) => p.type === 'usage').length, 1);
  assert.equal(result.usage?.inputTokens, 7);
  assert.equal(result.usage?.outputTokens, 9);
  const finish = finishOf(parts);
  assert.equal(finish?.type, 'finish');
  const metadata = finish?.type === 'finish' ? finish.providerMetadata?.perplexity : undefined;
  assert.deepEqual(metadata, {
    citations: ['https://example.org/lighthouses', 'https://example.com/history/fresnel-lens'],
    search_results: [
      { title: 'Lighthouses of the world', url: 'https://example.org/lighthouses', date: '2025-03-01' },
      { title: 'The Fresnel lens', url: 'https://example.com/history/fresnel-lens', date: null },
    ],
  });
});

test('Groq: usage found only in x_groq.usage is taken from there', async () => {
  const text = fixture('openai-chat-groq-x-groq-usage.sse.txt');
  const result = await (await replay(groq, text)).stream.result;
  assert.equal(result.text, 'Fast answer.');
  assert.equal(result.usage?.inputTokens, 18);
  assert.equal(result.usage?.outputTokens, 3);
  assert.equal((await (await replay(openaiCompatible, text)).stream.result).usage, undefined);
});

test('Together: finish_reason "eos" is a normal stop; usage on the last chunk', async () => {
  const result = await (await replay(together, fixture('openai-chat-together-llama.sse.txt'))).stream.result;
  assert.equal(result.text, 'Hi there!');
  assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'eos' });
  assert.equal(result.usage?.inputTokens, 12);
  assert.equal(result.usage?.outputTokens, 4);
});

test('OpenRouter: processing comments are ignored, `reasoning` is reasoning, usage after finish', async () => {
  const { parts, stream } = await replay(openrouter, fixture('openai-chat-openrouter-reasoning.sse.txt'), 11);
  const result = await stream.result;
  assert.equal(result.reasoning, 'Short question, short answer.');
  assert.equal(result.text, 'Yes.');
  assert.equal(types(parts).indexOf('reasoning-end') < types(parts).indexOf('text-start'), true);
  assert.deepEqual(
    { ...result.usage, raw: undefined },
    { inputTokens: 14, cachedInputTokens: 0, outputTokens: 12, reasoningTokens: 9, raw: undefined },
  );
});

test('OpenRouter: an error object with finish_reason "error" in a 200 stream throws its code', async () => {
  const { stream } = await replay(openrouter, fixture('openai-chat-openrouter-midstream-error.sse.txt'));
  const error = await rejection(stream);
  assert.equal(error.code, 'provider_unavailable');
  assert.equal(error.provider, 'openrouter');
  assert.deepEqual(error.details, { providerCode: 502 });
  assert.match(error.message, /OpenRouter said: "Provider returned error"/);
  assert.equal(stream.partial.text, 'Partial answer');
});

test('errors inside a stream map by their code: rate limit, quota, plain text, a named error event', async () => {
  const cases: [string, TesseraError['code']][] = [
    [sse({ error: { message: 'Slow down', type: 'requests', code: 'rate_limit_exceeded' } }), 'rate_limit'],
    [sse(chunk({ content: 'a' }), { error: { message: 'Out of credit', code: 402 } }), 'quota'],
    [sse({ error: 'upstream timed out' }), 'provider_unavailable'],
    [
      `event: error\ndata: ${JSON.stringify({ message: 'Overloaded', type: 'overloaded_error' })}\n\n`,
      'provider_unavailable',
    ],
    [sse(chunk({ content: 'a' }, 'insufficient_system_resource')), 'provider_unavailable'],
  ];
  for (const [text, code] of cases) {
    const error = await rejection((await replay(openrouter, text)).stream);
    assert.equal(error.code, code, text);
  }
});

test('a line that is not JSON is an invalid_response error', async () => {
  const { stream } = await replay(openai, sse(chunk({ content: 'a' }), '{"choices": ['));
  const error = await rejection(stream);
  assert.equal(error.code, 'invalid_response');
});

test('a stream that ends after finish_reason without [DONE] is complete', async () => {
  const result = await (await replay(mistral, sse(chunk({ content: 'ok' }, 'model_length')))).stream.result;
  assert.equal(result.text, 'ok');
  assert.deepEqual(result.finishReason, { unified: 'length', raw: 'model_length' });
});

test('reasoning closes before a tool call starts, and unknown delta fields are ignored', async () => {
  const { parts } = await replay(
    deepseek,
    sse(
      chunk({ reasoning_content: 'Need the weather.', audio: { id: 'x' } }),
      chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'w', arguments: '{}' } }] }),
      chunk({}, 'tool_calls'),
      '[DONE]',
    ),
  );
  assert.deepEqual(types(parts), [
    'start',
    'reasoning-start',
    'reasoning-delta',
    'reasoning-end',
    'tool-input-start',
    'tool-input-delta',
    'tool-input-end',
    'tool-call',
    'finish',
  ]);
});

// --- error bodies ----------------------------------------------------------------------------

const errorBodies: [file: string, profile: ProviderProfile, status: number, code: TesseraError['code']][] = [
  ['openai-chat-error-openai-400-context-length.json', openai, 400, 'context_length'],
  ['openai-chat-error-openai-503-overloaded.json', openai, 503, 'provider_unavailable'],
  ['openai-chat-error-mistral-401.json', mistral, 401, 'auth'],
  ['openai-chat-error-mistral-422-extra-forbidden.json', mistral, 422, 'bad_request'],
  ['openai-chat-error-mistral-429.json', mistral, 429, 'rate_limit'],
  ['openai-chat-error-xai-400-incorrect-key.json', xai, 400, 'auth'],
  ['openai-chat-error-xai-403-no-credits.json', xai, 403, 'quota'],
  ['openai-chat-error-deepseek-402-balance.json', deepseek, 402, 'quota'],
  ['openai-chat-error-deepseek-400-context.json', deepseek, 400, 'context_length'],
  ['openai-chat-error-groq-400-context.json', groq, 400, 'context_length'],
  ['openai-chat-error-groq-429-tokens.json', groq, 429, 'rate_limit'],
  ['openai-chat-error-together-401.json', together, 401, 'auth'],
  ['openai-chat-error-openrouter-401.json', openrouter, 401, 'auth'],
  ['openai-chat-error-openrouter-402.json', openrouter, 402, 'quota'],
  ['openai-chat-error-perplexity-400-model.json', perplexity, 400, 'bad_request'],
  ['openai-chat-error-perplexity-401.html.txt', perplexity, 401, 'auth'],
  ['openai-chat-error-vllm-400-context.json', openaiCompatible, 400, 'context_length'],
  ['openai-chat-error-ollama-404-model.json', openaiCompatible, 404, 'bad_request'],
];
for (const [file, profile, status, code] of errorBodies) {
  test(`${profile.id} error body ${file} (${status}) maps to ${code}`, () => {
    const error = openaiChat.mapError(
      { status, headers: new Headers({ 'retry-after': '3' }), bodyText: fixture(file) },
      contextFor(profile),
    );
    assert.ok(error instanceof TesseraError);
    assert.equal(error.code, code);
    assert.equal(error.status, status);
    assert.equal(error.provider, profile.id);
    assert.equal(error.retryAfterMs, 3000);
    assert.ok(error.message.startsWith(profile.label) || code === 'context_length', error.message);
    assert.ok(!error.message.includes('<html>'), error.message);
  });
}

test('a pydantic validation body becomes one readable line without the echoed input', () => {
  const error = openaiChat.mapError(
    { status: 422, headers: new Headers(), bodyText: fixture('openai-chat-error-mistral-422-extra-forbidden.json') },
    contextFor(mistral),
  );
  assert.match(error.message, /Mistral said: "body\.stream_options: Extra inputs are not permitted"/);
  assert.ok(!error.message.includes('include_usage'), error.message);
});

test('the key never appears in an error message, even when the provider echoes it', () => {
  const bodyText = JSON.stringify({
    error: { message: `Incorrect API key provided: ${KEY}.`, code: 'invalid_api_key' },
  });
  const error = openaiChat.mapError({ status: 401, headers: new Headers(), bodyText }, contextFor(openai));
  assert.equal(error.code, 'auth');
  assert.ok(!error.message.includes(KEY), error.message);
  assert.match(error.message, /\[redacted\]/);
});

// --- through the router ----------------------------------------------------------------------

test('through the router: a Mistral profile registered by hand streams with its own request fields', async () => {
  const registry = new ProviderRegistry();
  registry.registerProfile(mistral);
  const seen: { url: string; body: Record<string, unknown>; auth: string | undefined }[] = [];
  const mux = createMux({
    registry,
    idleTimeoutMs: 5_000,
    resolveKey: async (id) => (id === 'mistral' ? { apiKey: 'mistral-unit-key-123456' } : undefined),
    fetch: async (input, init) => {
      const headers = new Headers(init?.headers);
      seen.push({
        url: String(input),
        body: JSON.parse(String(init?.body)),
        auth: headers.get('authorization') ?? undefined,
      });
      return new Response(fixture('openai-chat-mistral-whole-tools.sse.txt'), {
        status: 200,
        headers: { 'content-type': 'text/event-stream' },
      });
    },
  });
  const stream = mux.stream({
    provider: 'mistral',
    model: 'mistral-large-latest',
    messages: [{ role: 'user', content: 'hi' }],
  });
  const result = await stream.result;
  assert.equal(result.provider, 'mistral');
  assert.equal(result.toolCalls.length, 2);
  assert.equal(seen[0]?.url, 'https://api.mistral.ai/v1/chat/completions');
  assert.equal(seen[0]?.auth, 'Bearer mistral-unit-key-123456');
  assert.equal('stream_options' in (seen[0]?.body ?? {}), false);
});

test('the router’s own api selector never reaches the provider', () => {
  const { init } = openaiChat.buildRequest(
    {
      provider: 'openai',
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
      providerOptions: { openai: { api: 'chat', seed: 7 } },
    },
    { profile: openai, baseURL: 'https://api.openai.com/v1', apiKey: 'sk-x' },
  );
  const body = JSON.parse(init.body ?? '{}');
  assert.equal(body.seed, 7);
  assert.equal('api' in body, false);
});
