/**
 * Conformance of the anthropic dialect against real recorded Anthropic streams and error bodies
 * from ../shared/fixtures/wire (see its SOURCES.md). Skips, saying so, where they are absent.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { frameChunks, replayStream, sharedWire } from '../../../../test-support/dialect-replay.js';
import { TesseraError } from '../../../errors/tessera-error.js';
import { muxRequestSchema } from '../../schema.js';
import { anthropic } from '../profiles/anthropic.js';
import type { AdapterCallContext } from '../provider.js';
import { anthropicMessages } from './anthropic.js';

const { skip, read } = sharedWire('anthropic conformance');

const context: AdapterCallContext = {
  profile: anthropic,
  baseURL: 'https://api.anthropic.com/v1',
  apiKey: 'sk-ant-api03-conformance-0123456789',
};

/** *.chunks.txt keeps only the payloads; Anthropic's real stream names each event after its `type`. */
const frameAnthropicChunks = (text: string) =>
  frameChunks(text, { event: (line) => (JSON.parse(line) as { type: string }).type });

const replay = (text: string) =>
  replayStream(text, {
    adapter: anthropicMessages,
    context,
    provider: 'anthropic',
    model: 'recorded',
    chunkSize: 37,
    errorsAsParts: false,
  }).result;

interface Payload {
  type?: string;
  index?: number;
  message?: { usage?: Record<string, unknown> };
  content_block?: { type?: string; id?: string; name?: string };
  delta?: { type?: string; text?: string; partial_json?: string; stop_reason?: string };
  usage?: Record<string, unknown>;
}

/**
 * What a recorded SSE body says, read independently of the adapter: the text, the tool calls,
 * the usage of message_start overlaid with message_delta's, and the stop reason.
 */
function expectations(sse: string) {
  const payloads = sse
    .split(/\r?\n/)
    .filter((line) => line.startsWith('data:'))
    .map((line) => JSON.parse(line.slice(5)) as Payload);
  let text = '';
  const tools = new Map<number, { id: string; name: string; args: string }>();
  let usage: Record<string, unknown> = {};
  let stopReason: string | undefined;
  for (const p of payloads) {
    if (p.type === 'message_start') usage = { ...usage, ...p.message?.usage };
    if (p.type === 'content_block_start' && p.content_block?.type === 'tool_use') {
      tools.set(p.index ?? -1, { id: p.content_block.id ?? '', name: p.content_block.name ?? '', args: '' });
    }
    if (p.type === 'content_block_delta' && p.delta?.type === 'text_delta') text += p.delta.text ?? '';
    if (p.type === 'content_block_delta' && p.delta?.type === 'input_json_delta') {
      const tool = tools.get(p.index ?? -1);
      if (tool) tool.args += p.delta.partial_json ?? '';
    }
    if (p.type === 'message_delta') {
      usage = { ...usage, ...p.usage };
      stopReason = p.delta?.stop_reason ?? stopReason;
    }
  }
  const n = (key: string) => (typeof usage[key] === 'number' ? (usage[key] as number) : 0);
  return {
    text,
    toolCalls: [...tools.values()].map((t) => ({ id: t.id, name: t.name, args: t.args || '{}' })),
    inputTokens: n('input_tokens') + n('cache_read_input_tokens') + n('cache_creation_input_tokens'),
    cachedInputTokens: n('cache_read_input_tokens'),
    outputTokens: n('output_tokens'),
    stopReason,
  };
}

const recordedStreams: [name: string, sse: () => string, unified: string][] = [
  ['anthropic-text.sse.txt (anthropic-sdk-typescript)', () => read('anthropic-text.sse.txt'), 'stop'],
  ['anthropic-tool-use.sse.txt (anthropic-sdk-typescript)', () => read('anthropic-tool-use.sse.txt'), 'tool-calls'],
  [
    'anthropic-text.chunks.txt (vercel/ai, framed)',
    () => frameAnthropicChunks(read('anthropic-text.chunks.txt')),
    'stop',
  ],
];
for (const [name, sse, unified] of recordedStreams) {
  test(`Anthropic recorded stream ${name}: text, tool calls, usage, finish`, { skip }, async () => {
    const raw = sse();
    const expected = expectations(raw);
    assert.ok(expected.text.length > 0, 'the recording has text');
    const result = await replay(raw);
    assert.equal(result.text, expected.text);
    assert.deepEqual(result.toolCalls, expected.toolCalls);
    for (const call of result.toolCalls) {
      assert.doesNotThrow(() => JSON.parse(call.args), `args must be complete JSON: ${call.args}`);
    }
    assert.deepEqual(result.finishReason, { unified, raw: expected.stopReason });
    assert.equal(result.usage?.inputTokens, expected.inputTokens);
    assert.equal(result.usage?.cachedInputTokens, expected.cachedInputTokens);
    assert.equal(result.usage?.outputTokens, expected.outputTokens);
    assert.equal(result.usage?.reasoningTokens, 0);
    assert.equal(result.reasoning, '');
  });
}

test('the recorded tool call is get_weather for Paris', { skip }, async () => {
  const result = await replay(read('anthropic-tool-use.sse.txt'));
  assert.equal(result.toolCalls.length, 1);
  assert.equal(result.toolCalls[0]?.name, 'get_weather');
  assert.deepEqual(JSON.parse(result.toolCalls[0]?.args ?? ''), { location: 'Paris' });
});

test('the recorded in-stream overloaded_error (after HTTP 200) is provider_unavailable', { skip }, async () => {
  const error = await replay(read('anthropic-error-overloaded.sse.txt')).then(
    () => assert.fail('the stream should have failed'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof TesseraError, String(error));
  assert.equal(error.code, 'provider_unavailable');
  assert.equal(error.retryable, true);
  assert.equal(error.provider, 'anthropic');
});

const errorCases: [file: string, status: number, code: TesseraError['code']][] = [
  ['anthropic-401-invalid-api-key.json', 401, 'auth'],
  ['anthropic-401-cors-header-missing.json', 401, 'auth'],
  ['anthropic-429-rate-limit.json', 429, 'rate_limit'],
];
for (const [file, status, code] of errorCases) {
  test(`Anthropic error body ${file} maps to ${code}`, { skip }, () => {
    const bodyText = read(file);
    const detail = (JSON.parse(bodyText) as { error: { message: string } }).error.message;
    const error = anthropicMessages.mapError(
      { status, headers: new Headers({ 'retry-after': '2' }), bodyText },
      context,
    );
    assert.ok(error instanceof TesseraError);
    assert.equal(error.code, code);
    assert.equal(error.status, status);
    assert.equal(error.retryAfterMs, 2000);
    assert.ok(error.message.includes(detail.slice(0, 60)), error.message);
    assert.ok(!error.message.includes(context.apiKey ?? ''), error.message);
  });
}

test('requests carry the header whose absence produced the recorded CORS 401', { skip }, () => {
  const missing = /'([a-z-]+)' header/.exec(read('anthropic-401-cors-header-missing.json'))?.[1];
  assert.equal(missing, 'anthropic-dangerous-direct-browser-access');
  const request = muxRequestSchema.parse({
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    messages: [{ role: 'user', content: 'Hi' }],
  });
  assert.equal(anthropicMessages.buildRequest(request, context).init.headers[missing], 'true');
  assert.equal(anthropicMessages.buildKeyCheck(context).init.headers[missing], 'true');
});
