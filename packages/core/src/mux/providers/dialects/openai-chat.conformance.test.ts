/**
 * Conformance of the openai-chat dialect and its provider profiles against real recorded streams
 * (OpenAI, Mistral, Groq, DeepSeek, xAI, Perplexity) and error bodies from ../shared/fixtures/wire
 * (see its SOURCES.md). Expected values are derived from each recording itself. Skips, saying so,
 * where the folder is absent.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { frameChunks, replayDialect, replayStream, sharedWire } from '../../../../test-support/dialect-replay.js';
import { TesseraError } from '../../../errors/tessera-error.js';
import { deepseek } from '../profiles/deepseek.js';
import { groq } from '../profiles/groq.js';
import { mistral } from '../profiles/mistral.js';
import { openai } from '../profiles/openai.js';
import { perplexity } from '../profiles/perplexity.js';
import { xai } from '../profiles/xai.js';
import type { AdapterCallContext, ProviderProfile } from '../provider.js';
import { openaiChat } from './openai-chat.js';

const { skip, read } = sharedWire('openai-chat conformance');

const context: AdapterCallContext = { profile: openai, baseURL: 'https://api.openai.com/v1', apiKey: 'sk-test' };

/** vercel/ai convention for *.chunks.txt: one payload per line, framed as `data:` events, then [DONE]. */
const frameChatChunks = (text: string) => frameChunks(text, { done: true });

const replay = (text: string, profile: ProviderProfile = openai) =>
  replayStream(text, {
    adapter: openaiChat,
    context: { ...context, profile, baseURL: profile.baseURL ?? context.baseURL },
    provider: profile.id,
    model: 'recorded',
    chunkSize: 37,
    errorsAsParts: false,
  }).result;

test('OpenAI SSE with the include_usage chunk (openai-node snapshot)', { skip }, async () => {
  const raw = read('openai-chat-text-usage.sse.txt');
  const expected = [...raw.matchAll(/"delta":\{(?:"role":"assistant",)?"content":("(?:[^"\\]|\\.)*")/g)]
    .map((m) => JSON.parse(m[1] as string) as string)
    .join('');
  const result = await replay(raw);
  assert.equal(result.text, expected);
  assert.deepEqual(result.finishReason, { unified: 'stop', raw: 'stop' });
  assert.equal(result.usage?.inputTokens, 17);
  assert.equal(result.usage?.outputTokens, 10);
});

test('OpenAI chunks with cached and reasoning usage details (vercel/ai recording)', { skip }, async () => {
  const lines = read('openai-chat-text-usage.chunks.txt')
    .split('\n')
    .filter((l) => l.trim());
  const payloads = lines.map((l) => JSON.parse(l));
  const expected = payloads.map((p) => p.choices?.[0]?.delta?.content ?? '').join('');
  const usage = payloads.find((p) => p.usage)?.usage;
  const result = await replay(frameChatChunks(lines.join('\n')));
  assert.equal(result.text, expected);
  assert.equal(result.usage?.inputTokens, usage.prompt_tokens);
  assert.equal(result.usage?.outputTokens, usage.completion_tokens);
  assert.equal(result.usage?.cachedInputTokens, usage.prompt_tokens_details?.cached_tokens ?? 0);
  assert.equal(result.usage?.reasoningTokens, usage.completion_tokens_details?.reasoning_tokens ?? 0);
});

test('OpenAI tool-call deltas assemble into one complete call', { skip }, async () => {
  const raw = read('openai-chat-tool-call.sse.txt');
  const result = await replay(raw);
  assert.equal(result.finishReason.unified, 'tool-calls');
  assert.equal(result.toolCalls.length, 1);
  const [call] = result.toolCalls;
  assert.equal(call?.name, 'test-tool');
  assert.doesNotThrow(() => JSON.parse(call?.args ?? ''), `args must be complete JSON: ${call?.args}`);
});

const errorCases: [file: string, status: number, code: TesseraError['code']][] = [
  ['openai-401-invalid-api-key.json', 401, 'auth'],
  ['openai-429-insufficient-quota.json', 429, 'quota'],
  ['openai-429-rate-limit-tokens.json', 429, 'rate_limit'],
  ['openai-400-unsupported-parameter.json', 400, 'bad_request'],
];
for (const [file, status, code] of errorCases) {
  test(`OpenAI error body ${file} maps to ${code}`, { skip }, () => {
    const error = openaiChat.mapError(
      { status, headers: new Headers({ 'retry-after': '2' }), bodyText: read(file) },
      context,
    );
    assert.ok(error instanceof TesseraError);
    assert.equal(error.code, code);
    assert.equal(error.status, status);
    assert.equal(error.retryAfterMs, 2000);
    assert.ok(!/sk-[A-Za-z0-9]{6,}/.test(error.message), error.message);
  });
}

// --- Other providers through their profiles: *.chunks.txt recordings (vercel/ai) -------------

/** The wire shapes the expectations below read from a recording; everything else is ignored. */
interface RecordedChunk {
  choices?: {
    delta?: {
      content?: string | null;
      reasoning_content?: string | null;
      tool_calls?: { index?: number; id?: string; function?: { name?: string; arguments?: string } }[] | null;
    } | null;
    finish_reason?: string | null;
  }[];
  usage?: RecordedUsage | null;
  x_groq?: { usage?: RecordedUsage };
  citations?: string[];
}
interface RecordedUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens?: number };
  completion_tokens_details?: { reasoning_tokens?: number };
  prompt_cache_hit_tokens?: number;
}

/** What a recording says, read straight from its payloads: the yardstick for the adapter. */
function recorded(name: string) {
  const text = read(name);
  const payloads = text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as RecordedChunk);
  const deltas = payloads.flatMap((p) => (p.choices?.[0]?.delta ? [p.choices[0].delta] : []));
  const calls = new Map<string, { id: string; name: string; args: string }>();
  let lastKey = '';
  for (const call of deltas.flatMap((d) => d.tool_calls ?? [])) {
    const key = call.index !== undefined ? `#${call.index}` : (call.id ?? lastKey);
    const open = calls.get(key) ?? { id: call.id ?? '', name: call.function?.name ?? '', args: '' };
    open.args += call.function?.arguments ?? '';
    calls.set(key, open);
    lastKey = key;
  }
  const usages = payloads.flatMap((p) => (p.usage ? [p.usage] : p.x_groq?.usage ? [p.x_groq.usage] : []));
  return {
    framed: frameChatChunks(text),
    text: deltas.map((d) => d.content ?? '').join(''),
    reasoning: deltas.map((d) => d.reasoning_content ?? '').join(''),
    toolCalls: [...calls.values()],
    finishRaw: payloads.flatMap((p) => (p.choices?.[0]?.finish_reason ? [p.choices[0].finish_reason] : [])).at(-1),
    usage: usages.at(-1),
    usageChunks: usages.length,
    citations: payloads.flatMap((p) => (p.citations ? [p.citations] : [])).at(-1),
  };
}

const unified: Record<string, string> = { stop: 'stop', tool_calls: 'tool-calls', length: 'length' };

test('Mistral text: usage only on the finish_reason chunk, no stream_options needed', { skip }, async () => {
  const want = recorded('mistral-text.chunks.txt');
  const result = await replay(want.framed, mistral);
  assert.equal(result.text, want.text);
  assert.equal(result.text, 'Hello, world! This is a test response.');
  assert.deepEqual(result.finishReason, { unified: unified[want.finishRaw ?? ''], raw: want.finishRaw });
  const usage = want.usage ?? assert.fail('the recording has usage');
  assert.equal(result.usage?.inputTokens, usage.prompt_tokens);
  assert.equal(result.usage?.outputTokens, usage.completion_tokens);
  assert.equal((result.usage?.inputTokens ?? 0) + (result.usage?.outputTokens ?? 0), usage.total_tokens);
});

test('Mistral tool call: one whole call in one delta, without index', { skip }, async () => {
  const want = recorded('mistral-tool-call.chunks.txt');
  const result = await replay(want.framed, mistral);
  assert.deepEqual(result.toolCalls, want.toolCalls);
  assert.equal(result.toolCalls.length, 1);
  assert.deepEqual(JSON.parse(result.toolCalls[0]?.args ?? ''), { location: 'San Francisco' });
  assert.equal(result.text, '');
  assert.deepEqual(result.finishReason, { unified: 'tool-calls', raw: want.finishRaw });
  const usage = want.usage ?? assert.fail('the recording has usage');
  assert.equal(result.usage?.inputTokens, usage.prompt_tokens);
  assert.equal(result.usage?.outputTokens, usage.completion_tokens);
  assert.equal((result.usage?.inputTokens ?? 0) + (result.usage?.outputTokens ?? 0), usage.total_tokens);
});

test('Groq tool call: usage in x_groq.usage and usage on the last chunk', { skip }, async () => {
  const want = recorded('groq-tool-call.chunks.txt');
  const result = await replay(want.framed, groq);
  assert.deepEqual(result.toolCalls, want.toolCalls);
  assert.deepEqual(result.toolCalls, [{ id: 'tk85n1k4m', name: 'weather', args: '{}' }]);
  assert.deepEqual(result.finishReason, { unified: 'tool-calls', raw: 'tool_calls' });
  const usage = want.usage ?? assert.fail('the recording has usage');
  assert.equal(result.usage?.inputTokens, usage.prompt_tokens);
  assert.equal(result.usage?.outputTokens, usage.completion_tokens);
  assert.equal((result.usage?.inputTokens ?? 0) + (result.usage?.outputTokens ?? 0), usage.total_tokens);
  // The same recording with `usage` removed still yields usage, from x_groq alone.
  const xGroqOnly = frameChatChunks(
    read('groq-tool-call.chunks.txt')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => {
        const { usage: _dropped, ...rest } = JSON.parse(l) as RecordedChunk;
        return JSON.stringify(rest);
      })
      .join('\n'),
  );
  assert.equal((await replay(xGroqOnly, groq)).usage?.inputTokens, usage.prompt_tokens);
});

test('DeepSeek reasoner: reasoning_content, indexed tool-call deltas, prompt cache hits', { skip }, async () => {
  const want = recorded('deepseek-tool-call.chunks.txt');
  const result = await replay(want.framed, deepseek);
  assert.ok(want.reasoning.length > 0);
  assert.equal(result.reasoning, want.reasoning);
  assert.equal(result.text, want.text);
  assert.deepEqual(result.toolCalls, want.toolCalls);
  assert.equal(result.toolCalls[0]?.name, 'weather');
  assert.deepEqual(JSON.parse(result.toolCalls[0]?.args ?? ''), { location: 'San Francisco' });
  assert.deepEqual(result.finishReason, { unified: 'tool-calls', raw: want.finishRaw });
  const usage = want.usage ?? assert.fail('the recording has usage');
  assert.equal(result.usage?.inputTokens, usage.prompt_tokens);
  assert.equal(result.usage?.cachedInputTokens, usage.prompt_cache_hit_tokens);
  // DeepSeek counts reasoning inside completion_tokens, as OpenAI does.
  assert.equal(result.usage?.outputTokens, usage.completion_tokens);
  assert.equal(result.usage?.reasoningTokens, usage.completion_tokens_details?.reasoning_tokens);
  assert.equal((result.usage?.inputTokens ?? 0) + (result.usage?.outputTokens ?? 0), usage.total_tokens);
});

test('xAI grok-3-mini: reasoning tokens reported outside completion_tokens are added to output', { skip }, async () => {
  const want = recorded('xai-text.chunks.txt');
  const result = await replay(want.framed, xai);
  assert.equal(result.reasoning, want.reasoning);
  assert.equal(result.reasoning, 'First, the user said');
  assert.equal(result.text, want.text);
  assert.deepEqual(result.finishReason, { unified: 'stop', raw: want.finishRaw });
  const usage = want.usage ?? assert.fail('the recording has usage');
  const reasoning = usage.completion_tokens_details?.reasoning_tokens ?? 0;
  assert.ok(reasoning > 0);
  assert.equal(result.usage?.inputTokens, usage.prompt_tokens);
  assert.equal(result.usage?.cachedInputTokens, usage.prompt_tokens_details?.cached_tokens);
  assert.equal(result.usage?.reasoningTokens, reasoning);
  assert.equal(result.usage?.outputTokens, usage.completion_tokens + reasoning);
  assert.equal((result.usage?.inputTokens ?? 0) + (result.usage?.outputTokens ?? 0), usage.total_tokens);
});

test('Perplexity sonar: cumulative usage on every chunk keeps the last; citations in metadata', { skip }, async () => {
  const want = recorded('perplexity-text.chunks.txt');
  assert.ok(want.usageChunks > 1, 'the recording repeats usage');
  const { stream, parts } = await replayDialect(want.framed, {
    adapter: openaiChat,
    context: { ...context, profile: perplexity, baseURL: 'https://api.perplexity.ai' },
    provider: 'perplexity',
    model: 'recorded',
    chunkSize: 37,
    errorsAsParts: false,
  });
  const result = await stream.result;
  assert.equal(result.text, want.text);
  assert.deepEqual(result.finishReason, { unified: 'stop', raw: want.finishRaw });
  const usage = want.usage ?? assert.fail('the recording has usage');
  assert.equal(parts.filter((p) => p.type === 'usage').length, 1);
  assert.equal(result.usage?.inputTokens, usage.prompt_tokens);
  assert.equal(result.usage?.outputTokens, usage.completion_tokens);
  assert.equal((result.usage?.inputTokens ?? 0) + (result.usage?.outputTokens ?? 0), usage.total_tokens);
  const finish = parts.find((p) => p.type === 'finish');
  assert.deepEqual(finish?.type === 'finish' ? finish.providerMetadata?.perplexity : undefined, {
    citations: want.citations,
  });
});
