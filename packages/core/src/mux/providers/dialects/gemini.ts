import * as z from 'zod/mini';
import { type ErrorCode, TesseraError } from '../../../errors/tessera-error.js';
import { uuidv7 } from '../../../ids/uuid-v7.js';
import type { FinishReason, ParsedMuxRequest, StreamPart, Usage } from '../../schema.js';
import { codeForStatus, retryAfterMs } from '../../wire/http-status.js';
import { readServerSentEvents } from '../../wire/sse.js';
import { redactSecrets, userMessage } from '../../wire/user-messages.js';
import { authHeaders } from '../auth-headers.js';
import type { AdapterCallContext, DialectAdapter, ErrorResponse } from '../provider.js';

// Loose schemas: Google adds fields (thoughtSignature, modelVersion, grounding...) all the time.
const count = z.optional(z.nullable(z.number()));
const usageWire = z.looseObject({
  promptTokenCount: count,
  cachedContentTokenCount: count,
  candidatesTokenCount: count,
  thoughtsTokenCount: count,
  toolUsePromptTokenCount: count,
  totalTokenCount: count,
});
const partWire = z.looseObject({
  text: z.optional(z.nullable(z.string())),
  thought: z.optional(z.nullable(z.boolean())),
  thoughtSignature: z.optional(z.nullable(z.string())),
  functionCall: z.optional(
    z.nullable(
      z.looseObject({ id: z.optional(z.nullable(z.string())), name: z.string(), args: z.optional(z.unknown()) }),
    ),
  ),
});
const candidateWire = z.looseObject({
  content: z.optional(z.nullable(z.looseObject({ parts: z.optional(z.nullable(z.array(partWire))) }))),
  finishReason: z.optional(z.nullable(z.string())),
  safetyRatings: z.optional(z.unknown()),
  groundingMetadata: z.optional(z.unknown()),
});
const errorDetailWire = z.looseObject({
  '@type': z.optional(z.string()),
  reason: z.optional(z.string()),
  retryDelay: z.optional(z.unknown()),
  violations: z.optional(
    z.array(z.looseObject({ quotaId: z.optional(z.string()), quotaMetric: z.optional(z.string()) })),
  ),
});
const errorWire = z.looseObject({
  code: z.optional(z.nullable(z.number())),
  message: z.optional(z.nullable(z.string())),
  status: z.optional(z.nullable(z.string())),
  details: z.optional(z.nullable(z.array(errorDetailWire))),
});
const chunkWire = z.looseObject({
  candidates: z.optional(z.nullable(z.array(candidateWire))),
  usageMetadata: z.optional(z.nullable(usageWire)),
  promptFeedback: z.optional(z.nullable(z.looseObject({ blockReason: z.optional(z.nullable(z.string())) }))),
  modelVersion: z.optional(z.nullable(z.string())),
  responseId: z.optional(z.nullable(z.string())),
  error: z.optional(z.nullable(errorWire)),
});
type GeminiError = z.infer<typeof errorWire>;

/**
 * Gemini reports thoughts apart from candidates (`totalTokenCount = prompt + toolUsePrompt +
 * candidates + thoughts`), so both count as output, and tool-use prompt tokens as input.
 */
function normalizeUsage(raw: z.infer<typeof usageWire>): Usage {
  const thoughts = raw.thoughtsTokenCount ?? 0;
  return {
    inputTokens: (raw.promptTokenCount ?? 0) + (raw.toolUsePromptTokenCount ?? 0),
    cachedInputTokens: raw.cachedContentTokenCount ?? 0,
    outputTokens: (raw.candidatesTokenCount ?? 0) + thoughts,
    reasoningTokens: thoughts,
    raw,
  };
}

const CONTENT_FILTERS = new Set(['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY']);

function unifiedFinish(raw: string, sawToolCalls: boolean): FinishReason['unified'] {
  // Gemini says STOP after function calls too; callers need to know they must run the tools.
  if (raw === 'STOP') return sawToolCalls ? 'tool-calls' : 'stop';
  if (raw === 'MAX_TOKENS') return 'length';
  return CONTENT_FILTERS.has(raw) ? 'content-filter' : 'other';
}

// "The input token count (1216587) exceeds the maximum number of tokens allowed (1048576)."
const CONTEXT_TOO_LONG = /input token count.*exceeds|exceeds the maximum number of tokens/i;
// Google's AI Studio keys; `redactSecrets` only knows the `sk-`-style shapes.
const GOOGLE_KEY = /AIza[0-9A-Za-z_-]{20,}/g;

/**
 * Every Gemini 429 says "You exceeded your current quota, please check your plan and billing
 * details", per-minute limits included, so the wording cannot tell a short rate limit from an
 * exhausted plan. What can: a per-day quota (waiting seconds will not help), `limit: 0` (the plan
 * does not include this model at all), or depleted prepaid credits.
 */
function isQuotaExhausted(error: GeminiError): boolean {
  const message = error.message ?? '';
  const perDay = (error.details ?? []).some((d) =>
    (d.violations ?? []).some((v) => /PerDay/i.test(`${v.quotaId ?? ''} ${v.quotaMetric ?? ''}`)),
  );
  return (
    perDay || /\blimit: 0\b/.test(message) || /credits? (?:are |is |have been )?(?:depleted|exhausted)/i.test(message)
  );
}

function detailsOfType(error: GeminiError, type: string) {
  return (error.details ?? []).filter((d) => d['@type']?.endsWith(`google.rpc.${type}`));
}

function codeForError(error: GeminiError, httpStatus: number): ErrorCode {
  const message = error.message ?? '';
  const reasons = detailsOfType(error, 'ErrorInfo').map((d) => d.reason ?? '');
  // API_KEY_INVALID arrives as a 400 INVALID_ARGUMENT; API_KEY_SERVICE_BLOCKED and friends as 403.
  if (reasons.some((r) => r.startsWith('API_KEY_'))) return 'auth';
  switch (error.status) {
    case 'UNAUTHENTICATED':
    case 'PERMISSION_DENIED':
      return 'auth';
    case 'RESOURCE_EXHAUSTED':
      return isQuotaExhausted(error) ? 'quota' : 'rate_limit';
    case 'INVALID_ARGUMENT':
      return CONTEXT_TOO_LONG.test(message) ? 'context_length' : 'bad_request';
    case 'FAILED_PRECONDITION':
      // "Gemini API free tier is not available in your country. Please enable billing..."
      return /enable billing/i.test(message) ? 'quota' : 'bad_request';
    case 'UNAVAILABLE':
    case 'INTERNAL':
      return 'provider_unavailable';
    case 'DEADLINE_EXCEEDED':
      return 'timeout';
  }
  if (CONTEXT_TOO_LONG.test(message)) return 'context_length';
  if (httpStatus === 429 && isQuotaExhausted(error)) return 'quota';
  return codeForStatus(httpStatus);
}

/** `RetryInfo.retryDelay` is a protobuf Duration in JSON: seconds with an `s` suffix ("34.4s"). */
function retryDelayMs(error: GeminiError): number | undefined {
  for (const detail of detailsOfType(error, 'RetryInfo')) {
    const match = typeof detail.retryDelay === 'string' ? /^\s*(\d+(?:\.\d+)?)s\s*$/.exec(detail.retryDelay) : null;
    if (match) return Math.round(Number(match[1]) * 1000);
  }
  return undefined;
}

function errorFrom(error: GeminiError, status: number, context: AdapterCallContext, headers?: Headers): TesseraError {
  const httpStatus = status || error.code || 0;
  const code = codeForError(error, httpStatus);
  const detail = error.message
    ? redactSecrets(error.message.replace(GOOGLE_KEY, '[redacted]'), [context.apiKey])
    : undefined;
  const reason = detailsOfType(error, 'ErrorInfo')[0]?.reason;
  return new TesseraError(code, userMessage(code, context.profile.label, detail), {
    provider: context.profile.id,
    status: httpStatus || undefined,
    retryAfterMs: retryDelayMs(error) ?? (headers ? retryAfterMs(headers) : undefined),
    details: { providerCode: error.status ?? undefined, ...(reason ? { reason } : {}) },
  });
}

/** Reads `{ error }`, or `[{ error }]` as the non-SSE endpoint wraps it, or a proxy's `{ error: "text" }`. */
function parseErrorBody(bodyText: string): GeminiError {
  try {
    let body = JSON.parse(bodyText) as unknown;
    if (Array.isArray(body)) body = body[0];
    const inner = typeof body === 'object' && body !== null && 'error' in body ? body.error : body;
    const parsed = errorWire.safeParse(typeof inner === 'string' ? { message: inner } : inner);
    if (parsed.success) return parsed.data;
  } catch {
    // A non-JSON body (an HTML page from a proxy) says nothing we can show.
  }
  return {};
}

function invalidResponse(context: AdapterCallContext, cause: unknown): TesseraError {
  return new TesseraError(
    'invalid_response',
    `${context.profile.label} sent an answer Tessera could not read. Try again, or check that the base URL points at the Gemini API.`,
    { provider: context.profile.id, cause },
  );
}

/** `gemini-2.5-flash`, `models/gemini-2.5-flash` or `tunedModels/x` as a path that cannot escape `/models`. */
function modelPath(model: string): string {
  const match = /^(models|tunedModels)\/(.+)$/.exec(model);
  return match ? `${match[1]}/${encodeURIComponent(match[2] as string)}` : `models/${encodeURIComponent(model)}`;
}

interface GeminiContent {
  role: 'user' | 'model';
  parts: ({ text: string } | { inlineData: { mimeType: string; data: string } })[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

type Block = { kind: 'text' | 'reasoning'; id: string };

const endOf = (block: Block): StreamPart =>
  block.kind === 'text' ? { type: 'text-end', id: block.id } : { type: 'reasoning-end', id: block.id };

/**
 * Google's native Gemini API (`streamGenerateContent?alt=sse`). Every chunk carries cumulative
 * usage; function calls arrive whole; the stream simply ends after the chunk with `finishReason`.
 */
export const gemini: DialectAdapter = {
  id: 'gemini',

  buildRequest(request: ParsedMuxRequest, context: AdapterCallContext) {
    const system: { text: string }[] = request.system ? [{ text: request.system }] : [];
    const contents: GeminiContent[] = [];
    for (const message of request.messages) {
      if (message.role === 'system') {
        system.push(
          ...(typeof message.content === 'string'
            ? [{ text: message.content }]
            : message.content.flatMap((part) => (part.type === 'text' ? [{ text: part.text }] : []))),
        );
        continue;
      }
      // Images travel inline as base64 `inlineData` parts, in their place among the text.
      const parts: GeminiContent['parts'] =
        typeof message.content === 'string'
          ? [{ text: message.content }]
          : message.content.map((part) =>
              part.type === 'text'
                ? { text: part.text }
                : { inlineData: { mimeType: part.mediaType, data: part.data } },
            );
      // Gemini wants turns to alternate, so consecutive turns of one role become one.
      const role = message.role === 'assistant' ? 'model' : 'user';
      const last = contents.at(-1);
      if (last?.role === role) last.parts.push(...parts);
      else contents.push({ role, parts });
    }
    const options = request.providerOptions?.[context.profile.id] ?? {};
    const generationConfig = {
      ...(isRecord(options.generationConfig) ? options.generationConfig : {}),
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      ...(request.maxTokens === undefined ? {} : { maxOutputTokens: request.maxTokens }),
    };
    const body = {
      ...options,
      contents,
      ...(system.length > 0 ? { systemInstruction: { parts: system } } : {}),
      ...(Object.keys(generationConfig).length > 0 ? { generationConfig } : {}),
    };
    const headers = { 'Content-Type': 'application/json', Accept: 'text/event-stream', ...authHeaders(context) };
    return {
      url: `${context.baseURL.replace(/\/+$/, '')}/${modelPath(request.model)}:streamGenerateContent?alt=sse`,
      init: { method: 'POST', headers, body: JSON.stringify(body) },
    };
  },

  async *parseStream(body, context): AsyncGenerator<StreamPart> {
    let block: Block | undefined;
    let blocks = 0;
    let toolCalls = 0;
    let usage: Usage | undefined;
    let finishRaw: string | undefined;
    let blockReason: string | undefined;
    const metadata: Record<string, unknown> = {};
    const signatures: Record<string, string> = {};

    for await (const event of readServerSentEvents(body, context.onRead)) {
      let json: unknown;
      try {
        json = JSON.parse(event.data);
      } catch (cause) {
        throw invalidResponse(context, cause);
      }
      for (const payload of Array.isArray(json) ? json : [json]) {
        const parsed = chunkWire.safeParse(payload);
        if (!parsed.success) throw invalidResponse(context, parsed.error);
        const chunk = parsed.data;
        if (chunk.error) throw errorFrom(chunk.error, 0, context);
        // Cumulative on every chunk: the last one is the total.
        if (chunk.usageMetadata) usage = normalizeUsage(chunk.usageMetadata);
        if (chunk.responseId) metadata.responseId = chunk.responseId;
        if (chunk.modelVersion) metadata.modelVersion = chunk.modelVersion;
        const candidate = chunk.candidates?.[0];
        if (!candidate) {
          if (chunk.promptFeedback?.blockReason) {
            blockReason = chunk.promptFeedback.blockReason;
            metadata.promptFeedback = chunk.promptFeedback;
          }
          continue;
        }
        for (const part of candidate.content?.parts ?? []) {
          if (part.functionCall) {
            if (block) yield endOf(block);
            block = undefined;
            const id = part.functionCall.id || uuidv7();
            const toolName = part.functionCall.name;
            const args = JSON.stringify(part.functionCall.args ?? {});
            toolCalls++;
            // Gemini 3 needs the signature sent back with the call in the next turn.
            if (part.thoughtSignature) signatures[id] = part.thoughtSignature;
            yield { type: 'tool-input-start', id, toolName };
            yield { type: 'tool-input-delta', id, delta: args };
            yield { type: 'tool-input-end', id };
            yield { type: 'tool-call', toolCallId: id, toolName, args };
            continue;
          }
          if (!part.text) continue;
          const kind = part.thought ? 'reasoning' : 'text';
          if (block?.kind !== kind) {
            if (block) yield endOf(block);
            block = { kind, id: `${kind}-${blocks++}` };
            yield { type: `${kind}-start`, id: block.id };
          }
          yield { type: `${kind}-delta`, id: block.id, delta: part.text };
        }
        if (candidate.safetyRatings !== undefined) metadata.safetyRatings = candidate.safetyRatings;
        if (candidate.groundingMetadata !== undefined) metadata.groundingMetadata = candidate.groundingMetadata;
        if (candidate.finishReason) finishRaw = candidate.finishReason;
      }
    }

    if (finishRaw === undefined && blockReason === undefined) {
      throw new TesseraError(
        'network',
        `The connection to ${context.profile.label} closed before the answer was finished. What arrived is kept; try again to get the rest.`,
        { provider: context.profile.id },
      );
    }
    if (block) yield endOf(block);
    if (usage) yield { type: 'usage', usage };
    if (Object.keys(signatures).length > 0) metadata.thoughtSignatures = signatures;
    const finishReason: FinishReason =
      finishRaw === undefined
        ? { unified: 'content-filter', raw: blockReason }
        : { unified: unifiedFinish(finishRaw, toolCalls > 0), raw: finishRaw };
    yield { type: 'finish', finishReason, providerMetadata: { [context.profile.id]: metadata } };
  },

  buildKeyCheck(context: AdapterCallContext) {
    return {
      url: `${context.baseURL.replace(/\/+$/, '')}/models`,
      init: { method: 'GET', headers: authHeaders(context) },
    };
  },

  mapError(response: ErrorResponse, context: AdapterCallContext): TesseraError {
    return errorFrom(parseErrorBody(response.bodyText), response.status, context, response.headers);
  },
};
