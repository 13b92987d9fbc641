import * as z from 'zod/mini';
import { type ErrorCode, TesseraError } from '../../../errors/tessera-error.js';
import {
  type ChatMessage,
  type ContentPart,
  type FinishReason,
  imagesOfContent,
  type ParsedMuxRequest,
  type StreamPart,
  textOfContent,
  type Usage,
} from '../../schema.js';
import { codeForStatus, retryAfterMs } from '../../wire/http-status.js';
import { readServerSentEventBatches } from '../../wire/sse.js';
import { redactSecrets, userMessage } from '../../wire/user-messages.js';
import { authHeaders } from '../auth-headers.js';
import type { AdapterCallContext, DialectAdapter, ErrorResponse, OpenAIChatQuirks } from '../provider.js';
import { providerOptionsFor } from '../provider-options.js';

// Loose schemas: providers add fields all the time and a parser must ignore what it does not know.
const numberish = z.optional(z.nullable(z.number()));
const usageWire = z.looseObject({
  prompt_tokens: numberish,
  completion_tokens: numberish,
  prompt_tokens_details: z.optional(z.nullable(z.looseObject({ cached_tokens: numberish }))),
  completion_tokens_details: z.optional(z.nullable(z.looseObject({ reasoning_tokens: numberish }))),
});
type UsageWire = z.infer<typeof usageWire>;
const toolCallDelta = z.looseObject({
  index: z.optional(z.nullable(z.number())),
  id: z.optional(z.nullable(z.string())),
  function: z.optional(
    z.nullable(
      z.looseObject({ name: z.optional(z.nullable(z.string())), arguments: z.optional(z.nullable(z.string())) }),
    ),
  ),
});
const errorWire = z.looseObject({
  // Mistral sends a validation error's `message` as an object of pydantic details.
  message: z.optional(z.unknown()),
  detail: z.optional(z.unknown()),
  type: z.optional(z.nullable(z.string())),
  code: z.optional(z.nullable(z.union([z.string(), z.number()]))),
});
const chunkWire = z.looseObject({
  choices: z.optional(
    z.nullable(
      z.array(
        z.looseObject({
          delta: z.optional(
            z.nullable(
              z.looseObject({
                content: z.optional(z.nullable(z.string())),
                tool_calls: z.optional(z.nullable(z.array(toolCallDelta))),
              }),
            ),
          ),
          finish_reason: z.optional(z.nullable(z.string())),
        }),
      ),
    ),
  ),
  error: z.optional(z.nullable(z.union([z.string(), errorWire]))),
});

const DEFAULT_REASONING_FIELDS = ['reasoning_content', 'reasoning'] as const;
const DEFAULT_USAGE_PATHS = ['usage'] as const;

/** The value at a dotted path (`x_groq.usage`) of a parsed chunk, if any. */
function valueAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The first usage object found at the profile's usage paths; a malformed one is skipped, not fatal. */
function readUsage(chunk: unknown, paths: readonly (readonly string[])[]): UsageWire | undefined {
  for (const path of paths) {
    const value = valueAt(chunk, path);
    if (typeof value !== 'object' || value === null) continue;
    const parsed = usageWire.safeParse(value);
    if (parsed.success && (parsed.data.prompt_tokens != null || parsed.data.completion_tokens != null)) {
      return parsed.data;
    }
  }
  return undefined;
}

function normalizeUsage(raw: UsageWire, quirks: OpenAIChatQuirks): Usage {
  const cachedByField = quirks.cachedTokensField ? raw[quirks.cachedTokensField] : undefined;
  const reasoningTokens = raw.completion_tokens_details?.reasoning_tokens ?? 0;
  const completionTokens = raw.completion_tokens ?? 0;
  return {
    inputTokens: raw.prompt_tokens ?? 0,
    cachedInputTokens:
      typeof cachedByField === 'number' ? cachedByField : (raw.prompt_tokens_details?.cached_tokens ?? 0),
    // The contract counts every billed output token; xAI bills reasoning on top of completion_tokens.
    outputTokens: quirks.reasoningTokensOutsideCompletion ? completionTokens + reasoningTokens : completionTokens,
    reasoningTokens,
    raw,
  };
}

/** Finish reasons that mean the provider failed mid-answer (OpenRouter, Mistral: `error`; DeepSeek overload). */
const ERROR_FINISH_REASONS: ReadonlySet<string> = new Set(['error', 'insufficient_system_resource']);

function unifiedFinish(raw: string): FinishReason['unified'] {
  switch (raw) {
    case 'stop':
    case 'eos':
      return 'stop';
    case 'length':
    case 'model_length':
      return 'length';
    case 'content_filter':
      return 'content-filter';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    default:
      return 'other';
  }
}

/** An error as providers describe it, whatever the envelope. */
interface WireError {
  message?: string;
  type?: string;
  code?: string | number;
}

/** Turns pydantic-style validation details (`[{ loc, msg }]`) into one line, leaving out the echoed inputs. */
function describeDetail(detail: unknown): string | undefined {
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    const lines = detail.flatMap((item) => {
      if (typeof item !== 'object' || item === null) return [];
      const { loc, msg } = item as { loc?: unknown; msg?: unknown };
      if (typeof msg !== 'string') return [];
      return [Array.isArray(loc) ? `${loc.join('.')}: ${msg}` : msg];
    });
    return lines.length > 0 ? lines.join('; ') : undefined;
  }
  if (typeof detail === 'object' && detail !== null && 'detail' in detail) {
    return describeDetail((detail as { detail: unknown }).detail);
  }
  return undefined;
}

function wireErrorFrom(value: z.infer<typeof errorWire>): WireError {
  return {
    message: describeDetail(value.message) ?? describeDetail(value.detail),
    type: value.type ?? undefined,
    code: value.code ?? undefined,
  };
}

/**
 * A message's content on the wire: a plain string unless it carries images, then the array form
 * with each image as an `image_url` part holding a base64 `data:` URL (text parts stay in order).
 */
function openAiChatContent(content: ChatMessage['content']) {
  if (imagesOfContent(content).length === 0) return textOfContent(content);
  return (content as ContentPart[]).map((part) =>
    part.type === 'text'
      ? { type: 'text', text: part.text }
      : { type: 'image_url', image_url: { url: `data:${part.mediaType};base64,${part.data}` } },
  );
}

/**
 * Reads the error out of a body or chunk: `{ error: { message, type, code } }` (OpenAI and most),
 * `{ error: "text", code }` (xAI), or the fields at the top level (Mistral, FastAPI servers).
 */
function readWireError(body: unknown): WireError {
  if (typeof body !== 'object' || body === null) return {};
  const envelope = body as { error?: unknown };
  if (typeof envelope.error === 'string') {
    const outer = errorWire.safeParse(body);
    return { ...(outer.success ? wireErrorFrom(outer.data) : {}), message: envelope.error };
  }
  const parsed = errorWire.safeParse(
    typeof envelope.error === 'object' && envelope.error !== null ? envelope.error : body,
  );
  return parsed.success ? wireErrorFrom(parsed.data) : {};
}

/** Provider error codes and types that say exactly what happened, whatever the status. */
const CODE_BY_PROVIDER_ID: ReadonlyMap<string, ErrorCode> = new Map([
  ['insufficient_quota', 'quota'],
  ['context_length_exceeded', 'context_length'],
  ['string_above_max_length', 'context_length'],
  ['invalid_api_key', 'auth'],
  ['authentication_error', 'auth'],
  ['rate_limit_exceeded', 'rate_limit'],
  ['rate_limit_error', 'rate_limit'],
  ['server_error', 'provider_unavailable'],
  ['overloaded_error', 'provider_unavailable'],
  ['service_unavailable', 'provider_unavailable'],
]);

// Statuses that several different failures share; the provider's message tells them apart
// (xAI answers a wrong key with 400, a team without credits with 403).
const AMBIGUOUS_STATUSES: ReadonlySet<number> = new Set([400, 403, 422]);
const QUOTA_TEXT =
  /insufficient[ _](?:balance|credits?|funds|quota)|out of credits|(?:no|any) credits|exceeded your current quota/i;
const CONTEXT_TEXT =
  /context[ _-]?(?:length|window)|maximum context|too many tokens|prompt is too long|reduce the length of the messages/i;
const KEY_TEXT =
  /\b(?:invalid|incorrect|missing)\s+api[\s_-]?key|\bapi[\s_-]?key\b[^.]*\b(?:invalid|incorrect|not valid|expired|revoked)\b|no auth credentials/i;

/** OpenRouter puts the HTTP status it would have sent in `error.code`, also inside a 200 stream. */
function httpStatusIn(code: string | number | undefined): number {
  const status = typeof code === 'number' ? code : Number(code);
  return Number.isInteger(status) && status >= 400 && status <= 599 ? status : 0;
}

/** The code for an error body; `status` is 0 for an error found inside a 200 stream. */
function codeForError(error: WireError, status: number): ErrorCode {
  for (const id of [error.code, error.type]) {
    const known = typeof id === 'string' ? CODE_BY_PROVIDER_ID.get(id.toLowerCase()) : undefined;
    if (known) return known;
  }
  const hint = status || httpStatusIn(error.code);
  if (!hint || AMBIGUOUS_STATUSES.has(hint)) {
    const text = error.message ?? '';
    if (QUOTA_TEXT.test(text)) return 'quota';
    if (CONTEXT_TEXT.test(text)) return 'context_length';
    if (KEY_TEXT.test(text)) return 'auth';
  }
  if (hint) return codeForStatus(hint);
  if (error.type === 'invalid_request_error') return 'bad_request';
  // Failed in the middle of an answer with nothing more specific: the provider's side broke.
  return 'provider_unavailable';
}

function errorFrom(error: WireError, status: number, context: AdapterCallContext, headers?: Headers): TesseraError {
  const code = codeForError(error, status);
  const detail = error.message ? redactSecrets(error.message, [context.apiKey]) : undefined;
  return new TesseraError(code, userMessage(code, context.profile.label, detail), {
    provider: context.profile.id,
    status: status || undefined,
    retryAfterMs: headers ? retryAfterMs(headers) : undefined,
    details: { providerCode: error.code ?? error.type },
  });
}

function invalidResponse(context: AdapterCallContext, cause: unknown): TesseraError {
  return new TesseraError('invalid_response', userMessage('invalid_response', context.profile.label), {
    provider: context.profile.id,
    cause,
  });
}

const TEXT_ONLY_DELTA_KEYS = new Set(['content', 'role', 'refusal']);

/**
 * The text of a chunk that carries nothing but answer text (the vast majority of a stream), or
 * undefined for any other chunk. Checks every field it relies on, so it is as strict as the schema.
 */
function plainTextDelta(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const chunk = json as Record<string, unknown>;
  if (chunk.usage != null || chunk.error != null || chunk.x_groq != null) return undefined;
  const choices = chunk.choices;
  if (!Array.isArray(choices) || choices.length !== 1) return undefined;
  const choice = choices[0] as Record<string, unknown> | null;
  if (typeof choice !== 'object' || choice === null || choice.finish_reason != null) return undefined;
  const delta = choice.delta as Record<string, unknown> | null;
  if (typeof delta !== 'object' || delta === null) return undefined;
  const content = delta.content;
  if (typeof content !== 'string' || content === '') return undefined;
  for (const key in delta) if (!TEXT_ONLY_DELTA_KEYS.has(key) && delta[key] != null) return undefined;
  return content;
}

interface OpenToolCall {
  id: string;
  name: string;
  args: string;
}

const baseUrl = (context: AdapterCallContext) => context.baseURL.replace(/\/+$/, '');

/**
 * The OpenAI Chat Completions dialect, spoken by OpenAI and most other providers. What differs
 * between them (usage placement, reasoning fields, request fields) comes from the profile's
 * `openaiChat` quirks, so every provider is data over this one adapter.
 */
export const openaiChat: DialectAdapter = {
  id: 'openai-chat',

  buildRequest(request: ParsedMuxRequest, context: AdapterCallContext) {
    const quirks = context.profile.openaiChat ?? {};
    const messages = [
      ...(request.system ? [{ role: 'system', content: request.system }] : []),
      ...request.messages.map((m) => ({ role: m.role, content: openAiChatContent(m.content) })),
    ];
    const headers = { 'Content-Type': 'application/json', Accept: 'text/event-stream', ...authHeaders(context) };
    const body = {
      ...providerOptionsFor(request, context.profile.id),
      model: request.model,
      messages,
      stream: true,
      ...(quirks.streamUsageOption === false ? {} : { stream_options: { include_usage: true } }),
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      ...(request.maxTokens === undefined ? {} : { [quirks.maxTokensField ?? 'max_tokens']: request.maxTokens }),
    };
    return {
      url: `${baseUrl(context)}/chat/completions`,
      init: { method: 'POST', headers, body: JSON.stringify(body) },
    };
  },

  async *parseStreamBatches(body, context): AsyncGenerator<StreamPart[]> {
    // Parts are handed on per network read: one async step per read, not per part.
    let out: StreamPart[] = [];
    const quirks = context.profile.openaiChat ?? {};
    const usagePaths = (quirks.usagePaths ?? DEFAULT_USAGE_PATHS).map((path) => path.split('.'));
    const reasoningFields = quirks.reasoningFields ?? DEFAULT_REASONING_FIELDS;
    const metadataFields = quirks.metadataFields ?? [];
    const fastText = metadataFields.length === 0;
    const metadata: Record<string, unknown> = {};
    let textOpen = false;
    let reasoningId: string | undefined;
    let reasoningBlocks = 0;
    let usage: Usage | undefined;
    let finishRaw: string | undefined;
    let sawDone = false;
    const calls: OpenToolCall[] = [];
    const callsByIndex = new Map<number, OpenToolCall>();
    const callsById = new Map<string, OpenToolCall>();

    function endReasoning(): void {
      if (reasoningId === undefined) return;
      out.push({ type: 'reasoning-end', id: reasoningId });
      reasoningId = undefined;
    }

    try {
      stream: for await (const batch of readServerSentEventBatches(body, context.onRead)) {
        for (const event of batch) {
          if (event.data === '[DONE]') {
            sawDone = true;
            break stream;
          }
          let json: unknown;
          try {
            json = JSON.parse(event.data);
          } catch (cause) {
            throw invalidResponse(context, cause);
          }
          // The hot path: a chunk carrying only answer text, checked field by field, skips the
          // general schema. Anything else (usage, tools, reasoning, errors, metadata) takes it.
          const text = fastText && event.event !== 'error' ? plainTextDelta(json) : undefined;
          if (text !== undefined) {
            if (reasoningId !== undefined) endReasoning();
            if (!textOpen) {
              textOpen = true;
              out.push({ type: 'text-start', id: 'text-0' });
            }
            out.push({ type: 'text-delta', id: 'text-0', delta: text });
            continue;
          }
          // A few servers name the event instead of (or besides) putting an `error` field in it.
          if (event.event === 'error') throw errorFrom(readWireError(json), 0, context);
          const parsed = chunkWire.safeParse(json);
          if (!parsed.success) throw invalidResponse(context, parsed.error);
          const chunk = parsed.data;
          // OpenRouter, OpenAI and proxies report failures inside a 200 stream.
          if (chunk.error) throw errorFrom(readWireError(json), 0, context);

          const rawUsage = readUsage(json, usagePaths);
          // Last one wins: a final usage chunk, or cumulative usage repeated on every chunk (Perplexity).
          if (rawUsage) usage = normalizeUsage(rawUsage, quirks);
          for (const field of metadataFields) {
            const value = (json as Record<string, unknown>)[field];
            if (value !== undefined && value !== null) metadata[field] = value;
          }

          const choice = chunk.choices?.[0];
          if (!choice) continue;
          const delta = choice.delta;
          if (delta) {
            const reasoning = reasoningFields
              .map((field) => delta[field])
              .find((value): value is string => typeof value === 'string' && value !== '');
            if (reasoning) {
              if (reasoningId === undefined) {
                reasoningId = `reasoning-${reasoningBlocks++}`;
                out.push({ type: 'reasoning-start', id: reasoningId });
              }
              out.push({ type: 'reasoning-delta', id: reasoningId, delta: reasoning });
            }
            if (delta.content) {
              endReasoning();
              if (!textOpen) {
                textOpen = true;
                out.push({ type: 'text-start', id: 'text-0' });
              }
              out.push({ type: 'text-delta', id: 'text-0', delta: delta.content });
            }
            for (const call of delta.tool_calls ?? []) {
              const index = call.index ?? undefined;
              const id = call.id || undefined;
              // OpenAI streams a call as fragments keyed by `index`, its id only on the first one.
              // Mistral sends whole calls with an id and no index; a new id at a known index is a new call.
              let open =
                index !== undefined ? callsByIndex.get(index) : id !== undefined ? callsById.get(id) : calls.at(-1);
              if (open && id !== undefined && id !== open.id) open = callsById.get(id);
              if (!open) {
                endReasoning();
                open = { id: id ?? `call-${calls.length}`, name: call.function?.name ?? '', args: '' };
                calls.push(open);
                callsById.set(open.id, open);
                if (index !== undefined) callsByIndex.set(index, open);
                out.push({ type: 'tool-input-start', id: open.id, toolName: open.name });
              } else if (!open.name && call.function?.name) {
                open.name = call.function.name;
              }
              const args = call.function?.arguments;
              if (args) {
                open.args += args;
                out.push({ type: 'tool-input-delta', id: open.id, delta: args });
              }
            }
          }
          if (choice.finish_reason) {
            if (ERROR_FINISH_REASONS.has(choice.finish_reason)) {
              throw new TesseraError(
                'provider_unavailable',
                userMessage('provider_unavailable', context.profile.label),
                {
                  provider: context.profile.id,
                  details: { finishReason: choice.finish_reason },
                },
              );
            }
            finishRaw = choice.finish_reason;
          }
        }
        if (out.length > 0) {
          yield out;
          out = [];
        }
      }
    } catch (error) {
      // What arrived before the failure is kept.
      if (out.length > 0) yield out;
      throw error;
    }

    if (!sawDone && finishRaw === undefined) {
      throw new TesseraError(
        'network',
        `The connection to ${context.profile.label} closed before the answer was finished. What arrived is kept; try again to get the rest.`,
        { provider: context.profile.id },
      );
    }
    endReasoning();
    if (textOpen) out.push({ type: 'text-end', id: 'text-0' });
    for (const call of calls) {
      out.push({ type: 'tool-input-end', id: call.id });
      out.push({ type: 'tool-call', toolCallId: call.id, toolName: call.name, args: call.args });
    }
    if (usage) out.push({ type: 'usage', usage });
    out.push({
      type: 'finish',
      finishReason: { unified: finishRaw === undefined ? 'other' : unifiedFinish(finishRaw), raw: finishRaw },
      ...(Object.keys(metadata).length > 0 ? { providerMetadata: { [context.profile.id]: metadata } } : {}),
    });
    yield out;
  },

  async *parseStream(body, context): AsyncGenerator<StreamPart> {
    for await (const batch of openaiChat.parseStreamBatches?.(body, context) ?? []) yield* batch;
  },

  buildKeyCheck(context: AdapterCallContext) {
    const path = context.profile.openaiChat?.keyCheckPath ?? '/models';
    return {
      url: `${baseUrl(context)}${path.startsWith('/') ? path : `/${path}`}`,
      init: { method: 'GET', headers: authHeaders(context) },
    };
  },

  mapError(response: ErrorResponse, context: AdapterCallContext): TesseraError {
    let body: unknown;
    try {
      body = JSON.parse(response.bodyText);
    } catch {
      // A non-JSON body (an HTML error page from a proxy) says nothing beyond the status.
    }
    return errorFrom(readWireError(body), response.status, context, response.headers);
  },
};
