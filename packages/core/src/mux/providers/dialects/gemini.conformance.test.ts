/**
 * Conformance of the gemini dialect against real recorded Gemini streams and error bodies from
 * ../shared/fixtures/wire (see its SOURCES.md). Skips, saying so, where they are absent.
 * Expected values are derived from the recorded payloads themselves.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { frameChunks, replayDialect, sharedWire } from '../../../../test-support/dialect-replay.js';
import { TesseraError } from '../../../errors/tessera-error.js';
import { google } from '../profiles/google.js';
import type { AdapterCallContext } from '../provider.js';
import { gemini } from './gemini.js';

const { skip, read } = sharedWire('gemini conformance');

const context: AdapterCallContext = {
  profile: google,
  baseURL: 'https://generativelanguage.googleapis.com/v1beta',
  apiKey: 'AIzaSyConformanceTestKey000000000000000',
};

/** vercel/ai's Google convention for *.chunks.txt: one payload per line as a `data:` event, no [DONE]. */
const frameGeminiChunks = (text: string, eol: '\n' | '\r\n') => frameChunks(text, { eol });

/** The result, and the adapter's parts (without the `start` part). */
async function replay(text: string) {
  const { stream, parts } = await replayDialect(text, {
    adapter: gemini,
    context,
    provider: 'google',
    model: 'recorded',
    chunkSize: 37,
    errorsAsParts: false,
  });
  return { result: await stream.result, parts: parts.slice(1) };
}

interface GeminiPayload {
  candidates?: {
    content?: { parts?: { text?: string; thought?: boolean; functionCall?: { name: string; args?: unknown } }[] };
    finishReason?: string;
  }[];
  usageMetadata?: {
    promptTokenCount?: number;
    cachedContentTokenCount?: number;
    candidatesTokenCount?: number;
    thoughtsTokenCount?: number;
    toolUsePromptTokenCount?: number;
    totalTokenCount?: number;
  };
}

/** What a recording says the answer is, read straight from its payloads. */
function expectedFrom(payloads: GeminiPayload[]) {
  const parts = payloads.flatMap((p) => p.candidates?.[0]?.content?.parts ?? []);
  const calls = parts.flatMap((p) => (p.functionCall ? [p.functionCall] : []));
  const finishRaw = payloads.flatMap((p) => p.candidates?.[0]?.finishReason ?? []).at(-1);
  const usage = payloads.flatMap((p) => (p.usageMetadata ? [p.usageMetadata] : [])).at(-1);
  return {
    text: parts
      .filter((p) => !p.thought)
      .map((p) => p.text ?? '')
      .join(''),
    reasoning: parts
      .filter((p) => p.thought)
      .map((p) => p.text ?? '')
      .join(''),
    calls,
    finishRaw,
    usage,
  };
}

function assertUsage(
  actual: Awaited<ReturnType<typeof replay>>['result']['usage'],
  expected: GeminiPayload['usageMetadata'],
) {
  assert.ok(actual, 'usage is never dropped');
  assert.ok(expected, 'the recording has usage');
  const thoughts = expected.thoughtsTokenCount ?? 0;
  assert.equal(actual.inputTokens, (expected.promptTokenCount ?? 0) + (expected.toolUsePromptTokenCount ?? 0));
  assert.equal(actual.cachedInputTokens, expected.cachedContentTokenCount ?? 0);
  assert.equal(actual.outputTokens, (expected.candidatesTokenCount ?? 0) + thoughts);
  assert.equal(actual.reasoningTokens, thoughts);
  assert.deepEqual(actual.raw, expected);
  if (expected.totalTokenCount !== undefined) {
    assert.equal(actual.inputTokens + actual.outputTokens, expected.totalTokenCount, 'input + output = total');
  }
}

const dataLines = (raw: string) =>
  raw
    .split(/\r?\n/)
    .filter((l) => l.startsWith('data:'))
    .map((l) => JSON.parse(l.slice('data:'.length)) as GeminiPayload);

for (const eol of ['\n', '\r\n'] as const) {
  test(`raw Gemini SSE body (llm-gemini issue, ${eol === '\n' ? 'LF' : 'CRLF'} framing)`, { skip }, async () => {
    const raw = read('gemini-sse-text.raw.txt');
    const expected = expectedFrom(dataLines(raw));
    const { result } = await replay(eol === '\n' ? raw : raw.replace(/\r?\n/g, '\r\n'));
    assert.ok(expected.text.length > 0);
    assert.equal(result.text, expected.text);
    assert.equal(result.reasoning, expected.reasoning);
    assert.deepEqual(result.toolCalls, []);
    assert.equal(expected.finishRaw, 'STOP');
    assert.deepEqual(result.finishReason, { unified: 'stop', raw: expected.finishRaw });
    assertUsage(result.usage, expected.usage);
  });
}

test('Gemini 3 text chunks with a final empty part carrying a thoughtSignature (vercel/ai)', { skip }, async () => {
  const lines = read('gemini-text.chunks.txt');
  const expected = expectedFrom(
    lines
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l)),
  );
  const { result, parts } = await replay(frameGeminiChunks(lines, '\r\n'));
  assert.equal(result.text, expected.text);
  assert.ok(!parts.some((p) => p.type === 'text-delta' && p.delta === ''), 'the empty signature part yields no delta');
  assert.deepEqual(result.finishReason, { unified: 'stop', raw: expected.finishRaw });
  assertUsage(result.usage, expected.usage);
});

test('Gemini 3 complete functionCall part becomes one tool call (vercel/ai)', { skip }, async () => {
  const lines = read('gemini-tool-call.chunks.txt');
  const expected = expectedFrom(
    lines
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l)),
  );
  const { result, parts } = await replay(frameGeminiChunks(lines, '\n'));
  assert.equal(expected.calls.length, 1);
  assert.deepEqual(
    result.toolCalls.map((c) => ({ name: c.name, args: JSON.parse(c.args) })),
    expected.calls.map((c) => ({ name: c.name, args: c.args })),
  );
  const [call] = result.toolCalls;
  assert.ok(call?.id, 'a generated id when Gemini gives none');
  assert.deepEqual(
    parts.filter((p) => 'id' in p && p.id === call.id).map((p) => p.type),
    ['tool-input-start', 'tool-input-delta', 'tool-input-end'],
  );
  assert.equal(result.text, expected.text);
  assert.deepEqual(result.finishReason, { unified: 'tool-calls', raw: expected.finishRaw });
  assertUsage(result.usage, expected.usage);
  const finish = parts.at(-1) as { providerMetadata?: { google?: { thoughtSignatures?: Record<string, string> } } };
  assert.ok(finish.providerMetadata?.google?.thoughtSignatures?.[call.id], 'the signature travels with the call');
});

/**
 * The recorded 429 says "You exceeded your current quota, please check your plan." — wording
 * Google uses for every 429, per-minute limits included. Its QuotaFailure names a per-minute
 * quota (`...PerMinute...-FreeTier`) and RetryInfo says to come back in seconds, so it is a rate
 * limit to wait out and retry, not an exhausted plan.
 */
test('Gemini 429 RESOURCE_EXHAUSTED with a per-minute QuotaFailure and RetryInfo', { skip }, () => {
  const bodyText = read('gemini-429-resource-exhausted.json');
  const wireError = JSON.parse(bodyText).error as {
    code: number;
    details: { '@type': string; retryDelay?: string; violations?: { quotaId: string }[] }[];
  };
  const delay = wireError.details.find((d) => d['@type'].endsWith('RetryInfo'))?.retryDelay ?? '';
  const quotaIds = wireError.details.flatMap((d) => d.violations ?? []).map((v) => v.quotaId);
  assert.ok(
    quotaIds.every((id) => /PerMinute/.test(id)),
    `per-minute quotas only: ${quotaIds.join(', ')}`,
  );

  const error = gemini.mapError(
    { status: wireError.code, headers: new Headers({ 'retry-after': '1' }), bodyText },
    context,
  );
  assert.ok(error instanceof TesseraError);
  assert.equal(error.code, 'rate_limit');
  assert.equal(error.retryable, true);
  assert.equal(error.status, 429);
  assert.equal(
    error.retryAfterMs,
    Math.round(Number.parseFloat(delay) * 1000),
    `RetryInfo ${delay} wins over the header`,
  );
  assert.ok(!error.message.includes(context.apiKey ?? '-'), error.message);
});
