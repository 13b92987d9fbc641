/**
 * Conformance of the openai-responses dialect against real recorded Responses API streams and
 * OpenAI error bodies from ../shared/fixtures/wire (see its SOURCES.md). Skips, saying so, where
 * they are absent.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { frameChunks, replayStream, sharedWire } from '../../../../test-support/dialect-replay.js';
import { TesseraError } from '../../../errors/tessera-error.js';
import { openai } from '../profiles/openai.js';
import type { AdapterCallContext } from '../provider.js';
import { openaiResponses } from './openai-responses.js';

const { skip, read } = sharedWire('openai-responses conformance');

const context: AdapterCallContext = { profile: openai, baseURL: 'https://api.openai.com/v1', apiKey: 'sk-test' };
const lines = (text: string) => text.split('\n').filter((l) => l.trim());

const replay = (text: string) =>
  replayStream(text, { adapter: openaiResponses, context, provider: 'openai', model: 'recorded', chunkSize: 37 });

test('Responses API text stream with usage in response.completed (vercel/ai recording)', { skip }, async () => {
  const raw = read('openai-responses-text.chunks.txt');
  const payloads = lines(raw).map((l) => JSON.parse(l));
  const expected = payloads
    .filter((p) => p.type === 'response.output_text.delta')
    .map((p) => p.delta as string)
    .join('');
  const completed = payloads.find((p) => p.type === 'response.completed')?.response;
  assert.ok(completed?.usage, 'the recording ends with response.completed carrying usage');
  const result = await replay(frameChunks(raw)).result;
  assert.equal(result.text, expected);
  assert.equal(result.usage?.inputTokens, completed.usage.input_tokens);
  assert.equal(result.usage?.cachedInputTokens, completed.usage.input_tokens_details?.cached_tokens ?? 0);
  assert.equal(result.usage?.outputTokens, completed.usage.output_tokens);
  assert.equal(result.usage?.reasoningTokens, completed.usage.output_tokens_details?.reasoning_tokens ?? 0);
  assert.equal((result.usage?.inputTokens ?? 0) + (result.usage?.outputTokens ?? 0), completed.usage.total_tokens);
  assert.deepEqual(result.toolCalls, []);
  assert.equal(completed.status, 'completed');
  assert.deepEqual(result.finishReason, { unified: 'stop', raw: completed.status });
});

test('Responses API 200 stream that fails with insufficient_quota (vercel/ai recording)', { skip }, async () => {
  const raw = read('openai-responses-stream-error-insufficient-quota.chunks.txt');
  const errorEvent = lines(raw)
    .map((l) => JSON.parse(l))
    .find((p) => p.type === 'error');
  assert.equal(errorEvent?.error?.code, 'insufficient_quota');
  const stream = replay(frameChunks(raw));
  await assert.rejects(stream.result, (error: unknown) => {
    assert.ok(error instanceof TesseraError);
    assert.equal(error.code, 'quota');
    assert.equal(error.retryable, false);
    assert.equal(error.provider, 'openai');
    assert.ok(error.message.includes('You exceeded your current quota'), error.message);
    return true;
  });
  assert.equal(stream.partial.text, '');
});

// The Responses API answers with the same error bodies as every other OpenAI endpoint.
const errorCases: [file: string, status: number, code: TesseraError['code']][] = [
  ['openai-401-invalid-api-key.json', 401, 'auth'],
  ['openai-429-insufficient-quota.json', 429, 'quota'],
  ['openai-429-rate-limit-tokens.json', 429, 'rate_limit'],
  ['openai-400-unsupported-parameter.json', 400, 'bad_request'],
];
for (const [file, status, code] of errorCases) {
  test(`OpenAI error body ${file} maps to ${code}`, { skip }, () => {
    const error = openaiResponses.mapError(
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
