/**
 * Conformance of the openai-chat dialect against real recorded OpenAI streams and error bodies
 * from ../shared/fixtures/wire (see its SOURCES.md). Skips, saying so, where they are absent.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { TesseraError } from '../../../errors/tessera-error.js';
import { MuxStream } from '../../mux-stream.js';
import { openai } from '../profiles/openai.js';
import type { AdapterCallContext } from '../provider.js';
import { openaiChat } from './openai-chat.js';

const wire = fileURLToPath(new URL('../../../../../../../shared/fixtures/wire/', import.meta.url));
const present = existsSync(join(wire, 'SOURCES.md'));
const skip = present ? false : `../shared/fixtures/wire is absent (looked in ${wire})`;
if (!present) console.log(`# SKIP openai-chat conformance: ${skip}`);

const context: AdapterCallContext = { profile: openai, baseURL: 'https://api.openai.com/v1', apiKey: 'sk-test' };
const read = (name: string) => readFileSync(join(wire, name), 'utf8');

/** Splits bytes at arbitrary points, as a network does. */
function body(text: string, chunkSize = 37): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}

/** vercel/ai convention for *.chunks.txt: one payload per line, framed as `data:` events, then [DONE]. */
const frameChunks = (text: string) =>
  `${text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => `data: ${l}\n\n`)
    .join('')}data: [DONE]\n\n`;

async function replay(text: string) {
  const stream = new MuxStream(
    (async function* () {
      yield { type: 'start' as const, provider: 'openai', model: 'recorded' };
      yield* openaiChat.parseStream(body(text), context);
    })(),
  );
  return stream.result;
}

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
  const result = await replay(frameChunks(lines.join('\n')));
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
