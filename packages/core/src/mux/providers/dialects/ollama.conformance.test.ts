/**
 * Conformance of the ollama dialect against real recorded Ollama NDJSON streams from
 * ../shared/fixtures/wire (see its SOURCES.md). Skips, saying so, where they are absent.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { replayStream, sharedWire } from '../../../../test-support/dialect-replay.js';
import { TesseraError } from '../../../errors/tessera-error.js';
import { ollama } from '../profiles/ollama.js';
import type { AdapterCallContext } from '../provider.js';
import { ollamaDialect } from './ollama.js';

const { skip, read } = sharedWire('ollama conformance');

const context: AdapterCallContext = { profile: ollama, baseURL: 'http://localhost:11434', apiKey: undefined };
const payloads = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const replay = (text: string) =>
  replayStream(text, { adapter: ollamaDialect, context, provider: 'ollama', model: 'recorded', chunkSize: 37 });

test('Ollama /api/chat stream (promptfoo recording, orca-mini, no trailing newline)', { skip }, async () => {
  const raw = read('ollama-chat-stream.ndjson');
  const lines = payloads(raw);
  const expected = lines.map((l) => (l.message as { content?: string } | undefined)?.content ?? '').join('');
  const final = lines.find((l) => l.done === true);
  assert.ok(final, 'the recording ends with a done line');
  const result = await replay(raw).result;
  assert.equal(result.text, expected);
  assert.equal(result.usage?.inputTokens, final.prompt_eval_count);
  assert.equal(result.usage?.outputTokens, final.eval_count);
  assert.equal(result.usage?.cachedInputTokens, 0);
  assert.equal(result.usage?.reasoningTokens, 0);
  assert.deepEqual(result.toolCalls, []);
  // Recorded before `done_reason` existed: `done: true` alone meant the model stopped.
  assert.equal(final.done_reason, undefined);
  assert.deepEqual(result.finishReason, { unified: 'stop', raw: undefined });
});

test('Ollama mid-stream {"error"} line after HTTP 200 (official docs example, /api/generate)', { skip }, async () => {
  const raw = read('ollama-generate-midstream-error.ndjson');
  const lines = payloads(raw);
  const errorLine = lines.find((l) => typeof l.error === 'string');
  assert.ok(errorLine, 'the recording carries an error line');
  const expected = lines
    .slice(0, lines.indexOf(errorLine))
    .map((l) => (typeof l.response === 'string' ? l.response : ''))
    .join('');
  const stream = replay(raw);
  await assert.rejects(stream.result, (error: unknown) => {
    assert.ok(error instanceof TesseraError);
    assert.equal(error.code, 'provider_unavailable');
    assert.equal(error.provider, 'ollama');
    assert.ok(error.message.includes(String(errorLine.error)), error.message);
    return true;
  });
  assert.equal(stream.partial.text, expected, 'text before the error is kept');
});
