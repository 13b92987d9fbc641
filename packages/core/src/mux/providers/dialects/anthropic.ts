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
import { readServerSentEvents } from '../../wire/sse.js';
import { redactSecrets, userMessage } from '../../wire/user-messages.js';
import { authHeaders } from '../auth-headers.js';
import type { AdapterCallContext, DialectAdapter, ErrorResponse } from '../provider.js';

/** The Messages API version this adapter speaks; Anthropic requires it on every call. */
export const ANTHROPIC_VERSION = '2023-06-01';

/** Anthropic requires `max_tokens`; this is what a request gets when it names none. */
export const DEFAULT_MAX_TOKENS = 4096;

// Loose schemas: Anthropic adds fields (service_tier, inference_geo, cache_creation, ...) and a
// parser must ignore what it does not know. Only the events the adapter acts on are validated.
const count = z.optional(z.nullable(z.number()));
const optionalText = z.optional(z.nullable(z.string()));
const usageWire = z.looseObject({
  input_tokens: count,
  output_tokens: count,
  cache_read_input_tokens: count,
  cache_creation_input_tokens: count,
});
const errorWire = z.looseObject({ type: z.optional(z.string()), message: z.optional(z.string()) });
const messageStartWire = z.looseObject({
  message: z.looseObject({
    id: z.optional(z.string()),
    model: z.optional(z.string()),
    usage: z.optional(z.nullable(usageWire)),
  }),
});
const blockStartWire = z.looseObject({
  index: z.number(),
  content_block: z.looseObject({
    type: z.string(),
    id: z.optional(z.string()),
    name: z.optional(z.string()),
    input: z.optional(z.unknown()),
    text: optionalText,
    thinking: optionalText,
    signature: optionalText,
    data: optionalText,
  }),
});
const blockDeltaWire = z.looseObject({
  index: z.number(),
  delta: z.looseObject({
    type: z.string(),
    text: optionalText,
    thinking: optionalText,
    signature: optionalText,
    partial_json: optionalText,
  }),
});
const blockStopWire = z.looseObject({ index: z.number() });
const messageDeltaWire = z.looseObject({
  delta: z.optional(z.nullable(z.looseObject({ stop_reason: optionalText, stop_sequence: optionalText }))),
  usage: z.optional(z.nullable(usageWire)),
});
const errorEventWire = z.looseObject({ error: z.optional(errorWire) });
const errorBodyWire = z.looseObject({ error: z.optional(errorWire), request_id: z.optional(z.string()) });

type ErrorWire = z.infer<typeof errorWire>;
type RawUsage = Record<string, unknown>;

/** What Anthropic needs back to continue a conversation that used extended thinking. */
type ThinkingBlock =
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string };

type AnthropicInputBlock =
  | { type: 'text'; text: string }
  | { type: 'image'; source: { type: 'base64'; media_type: string; data: string } };
type AnthropicMessage = { role: 'user' | 'assistant'; content: AnthropicInputBlock[] };

type OpenBlock =
  | { kind: 'text'; id: string }
  | { kind: 'reasoning'; id: string; thinking: string; signature: string }
  | { kind: 'tool'; id: string; name: string; args: string; input: unknown };

function headersFor(context: AdapterCallContext): Record<string, string> {
  return {
    'anthropic-version': ANTHROPIC_VERSION,
    // Anthropic refuses a call from a browser origin without this opt-in (401 "CORS requests must
    // set 'anthropic-dangerous-direct-browser-access' header"), and the vault frame is a browser.
    'anthropic-dangerous-direct-browser-access': 'true',
    ...authHeaders(context),
  };
}

const endpoint = (context: AdapterCallContext, path: string) => `${context.baseURL.replace(/\/+$/, '')}/${path}`;

/**
 * A message's blocks: its text as one block, or, when it carries images, its parts in order with
 * each image as a base64 `image` block. Blank text blocks are left out (Anthropic rejects them).
 */
function blocksOf(content: ChatMessage['content']): AnthropicInputBlock[] {
  if (imagesOfContent(content).length === 0) {
    const text = textOfContent(content);
    return text.trim() ? [{ type: 'text', text }] : [];
  }
  return (content as ContentPart[]).flatMap((part): AnthropicInputBlock[] => {
    if (part.type === 'image') {
      return [{ type: 'image', source: { type: 'base64', media_type: part.mediaType, data: part.data } }];
    }
    return part.text.trim() ? [{ type: 'text', text: part.text }] : [];
  });
}

/**
 * Anthropic takes the system prompt apart from the turns, wants turns that alternate between user
 * and assistant, and rejects empty text blocks. Each original message stays its own text block.
 */
function toAnthropicMessages(request: Pick<ParsedMuxRequest, 'system' | 'messages'>): {
  system: string | undefined;
  messages: AnthropicMessage[];
} {
  const system = request.system?.trim() ? [request.system] : [];
  const messages: AnthropicMessage[] = [];
  for (const message of request.messages) {
    if (message.role === 'system') {
      const text = textOfContent(message.content);
      if (text.trim()) system.push(text);
      continue;
    }
    const blocks = blocksOf(message.content);
    if (blocks.length === 0) continue;
    const last = messages.at(-1);
    if (last?.role === message.role) last.content.push(...blocks);
    else messages.push({ role: message.role, content: blocks });
  }
  return { system: system.length > 0 ? system.join('\n\n') : undefined, messages };
}

/**
 * With extended thinking, `max_tokens` must exceed `thinking.budget_tokens`, so a request that
 * names no limit gets the default on top of the thinking budget rather than a certain 400.
 */
function defaultMaxTokens(thinking: unknown): number {
  const budget = (thinking as { budget_tokens?: unknown } | undefined)?.budget_tokens;
  return typeof budget === 'number' && budget > 0 ? budget + DEFAULT_MAX_TOKENS : DEFAULT_MAX_TOKENS;
}

const tokens = (value: unknown) => (typeof value === 'number' ? value : 0);

/** Combines usage reported in `message_start` with the cumulative counts of `message_delta`. */
function mergeUsage(into: RawUsage | undefined, next: RawUsage | null | undefined): RawUsage | undefined {
  if (!next) return into;
  const merged: RawUsage = { ...into };
  for (const [key, value] of Object.entries(next)) if (value !== null && value !== undefined) merged[key] = value;
  return merged;
}

function normalizeUsage(raw: RawUsage): Usage {
  const cacheRead = tokens(raw.cache_read_input_tokens);
  return {
    // Anthropic's input_tokens counts only the uncached part of the prompt; cache reads and cache
    // writes are input the model read too.
    inputTokens: tokens(raw.input_tokens) + cacheRead + tokens(raw.cache_creation_input_tokens),
    cachedInputTokens: cacheRead,
    // output_tokens already includes extended-thinking tokens; Anthropic does not report that share.
    outputTokens: tokens(raw.output_tokens),
    reasoningTokens: 0,
    raw,
  };
}

function unifiedFinish(raw: string): FinishReason['unified'] {
  switch (raw) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool-calls';
    case 'refusal':
      return 'content-filter';
    default:
      // pause_turn (a server tool paused a long turn) and reasons added later.
      return 'other';
  }
}

const PROMPT_TOO_LONG = /prompt is too long|exceeds? (?:the )?context (?:limit|window)/i;
const NO_CREDIT = /credit balance is too low/i;

/** Maps Anthropic's error `type` (and, for invalid requests, its message) to a code. */
function codeForError(error: ErrorWire, status: number | undefined): ErrorCode {
  switch (error.type) {
    case 'authentication_error':
    case 'permission_error':
      return 'auth';
    case 'rate_limit_error':
      return 'rate_limit';
    case 'overloaded_error':
    case 'api_error':
      return 'provider_unavailable';
    case 'billing_error':
      return 'quota';
    case 'timeout_error':
      return 'timeout';
    case 'request_too_large':
      return 'context_length';
    case 'not_found_error':
      return 'bad_request';
    case 'invalid_request_error': {
      const message = error.message ?? '';
      if (PROMPT_TOO_LONG.test(message)) return 'context_length';
      // Anthropic reports an empty prepaid balance as an invalid request (HTTP 400).
      if (NO_CREDIT.test(message)) return 'quota';
      return 'bad_request';
    }
  }
  // An unknown error inside a 200 stream is the server failing mid-answer.
  return status ? codeForStatus(status) : 'provider_unavailable';
}

function errorFrom(
  error: ErrorWire,
  context: AdapterCallContext,
  response?: { status: number; headers: Headers; requestId?: string | undefined },
): TesseraError {
  const code = codeForError(error, response?.status);
  const detail = error.message ? redactSecrets(error.message, [context.apiKey]) : undefined;
  return new TesseraError(code, userMessage(code, context.profile.label, detail), {
    provider: context.profile.id,
    status: response?.status || undefined,
    retryAfterMs: response ? retryAfterMs(response.headers) : undefined,
    details: { providerCode: error.type, requestId: response?.requestId },
  });
}

function invalidResponse(context: AdapterCallContext, cause: unknown): TesseraError {
  // userMessage's sentence points at OpenAI-compatible APIs; this one names the right API.
  return new TesseraError(
    'invalid_response',
    `${context.profile.label} sent an answer Tessera could not read. Try again, or check that the base URL points at the Anthropic Messages API.`,
    { provider: context.profile.id, cause },
  );
}

function read<T>(schema: z.ZodMiniType<T>, payload: unknown, context: AdapterCallContext): T {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw invalidResponse(context, parsed.error);
  return parsed.data;
}

function* closeBlock(block: OpenBlock, thinkingBlocks: ThinkingBlock[]): Generator<StreamPart> {
  switch (block.kind) {
    case 'text':
      yield { type: 'text-end', id: block.id };
      return;
    case 'reasoning':
      thinkingBlocks.push({ type: 'thinking', thinking: block.thinking, signature: block.signature });
      yield { type: 'reasoning-end', id: block.id };
      return;
    case 'tool': {
      yield { type: 'tool-input-end', id: block.id };
      // A tool without parameters streams no input deltas; its input is then the empty object.
      const args = block.args || (isNonEmptyObject(block.input) ? JSON.stringify(block.input) : '{}');
      yield { type: 'tool-call', toolCallId: block.id, toolName: block.name, args };
    }
  }
}

const isNonEmptyObject = (value: unknown) =>
  typeof value === 'object' && value !== null && Object.keys(value as object).length > 0;

/**
 * Anthropic's Messages API (`POST /messages`, `stream: true`). The stream is typed SSE events:
 * content arrives in indexed blocks (text, thinking, tool_use) that start, take deltas and stop;
 * usage is split between `message_start` (input and cache) and `message_delta` (output).
 */
export const anthropicMessages: DialectAdapter = {
  id: 'anthropic',

  buildRequest(request: ParsedMuxRequest, context: AdapterCallContext) {
    const options = request.providerOptions?.[context.profile.id] ?? {};
    const { system, messages } = toAnthropicMessages(request);
    const optionMaxTokens = typeof options.max_tokens === 'number' ? options.max_tokens : undefined;
    const body = {
      ...options,
      model: request.model,
      max_tokens: request.maxTokens ?? optionMaxTokens ?? defaultMaxTokens(options.thinking),
      ...(system === undefined ? {} : { system }),
      messages,
      stream: true,
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    };
    return {
      url: endpoint(context, 'messages'),
      init: {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream', ...headersFor(context) },
        body: JSON.stringify(body),
      },
    };
  },

  async *parseStream(body, context): AsyncGenerator<StreamPart> {
    const blocks = new Map<number, OpenBlock>();
    const thinkingBlocks: ThinkingBlock[] = [];
    let usage: RawUsage | undefined;
    let messageId: string | undefined;
    let model: string | undefined;
    let stopReason: string | undefined;
    let stopSequence: string | undefined;
    let sawMessageStop = false;
    let streamedContent = false;

    const openText = (index: number): OpenBlock & { kind: 'text' } => {
      const block = { kind: 'text' as const, id: `text-${index}` };
      blocks.set(index, block);
      return block;
    };
    const openReasoning = (index: number): OpenBlock & { kind: 'reasoning' } => {
      const block = { kind: 'reasoning' as const, id: `reasoning-${index}`, thinking: '', signature: '' };
      blocks.set(index, block);
      return block;
    };

    // An unreadable event is only fatal once another follows it: the last event of a stream cut
    // mid-way is flushed half-written, and that is a broken connection, not a garbled answer.
    let unreadable: TesseraError | undefined;
    let readAnyEvent = false;

    events: for await (const event of readServerSentEvents(body, context.onRead)) {
      if (unreadable) throw unreadable;
      if (!event.data.trim()) continue;
      let payload: unknown;
      try {
        payload = JSON.parse(event.data);
      } catch (cause) {
        unreadable = invalidResponse(context, cause);
        continue;
      }
      readAnyEvent = true;
      // The payload names its own type; the `event:` line is the fallback for payloads that do not.
      const declared = (payload as { type?: unknown } | null)?.type;
      const type = typeof declared === 'string' ? declared : event.event;

      switch (type) {
        case 'message_start': {
          const { message } = read(messageStartWire, payload, context);
          messageId = message.id;
          model = message.model;
          usage = mergeUsage(usage, message.usage);
          break;
        }
        case 'content_block_start': {
          const { index, content_block: block } = read(blockStartWire, payload, context);
          if (block.type === 'text') {
            const open = openText(index);
            yield { type: 'text-start', id: open.id };
            if (block.text) {
              streamedContent = true;
              yield { type: 'text-delta', id: open.id, delta: block.text };
            }
          } else if (block.type === 'thinking') {
            const open = openReasoning(index);
            open.signature = block.signature ?? '';
            yield { type: 'reasoning-start', id: open.id };
            if (block.thinking) {
              streamedContent = true;
              open.thinking += block.thinking;
              yield { type: 'reasoning-delta', id: open.id, delta: block.thinking };
            }
          } else if (block.type === 'redacted_thinking') {
            // Encrypted reasoning: nothing to show, but Anthropic needs it back on the next turn.
            thinkingBlocks.push({ type: 'redacted_thinking', data: block.data ?? '' });
          } else if (block.type === 'tool_use') {
            const open: OpenBlock = {
              kind: 'tool',
              id: block.id ?? `tool-${index}`,
              name: block.name ?? '',
              args: '',
              input: block.input,
            };
            blocks.set(index, open);
            streamedContent = true;
            yield { type: 'tool-input-start', id: open.id, toolName: open.name };
          }
          // Server tools (web search, code execution) run at Anthropic; their blocks are not ours.
          break;
        }
        case 'content_block_delta': {
          const { index, delta } = read(blockDeltaWire, payload, context);
          const block = blocks.get(index);
          if (delta.type === 'text_delta' && delta.text) {
            // A delta without its block start still carries text worth keeping.
            const open = block ?? openText(index);
            if (!block) yield { type: 'text-start', id: open.id };
            if (open.kind === 'text') {
              streamedContent = true;
              yield { type: 'text-delta', id: open.id, delta: delta.text };
            }
          } else if (delta.type === 'thinking_delta' && delta.thinking) {
            const open = block ?? openReasoning(index);
            if (!block) yield { type: 'reasoning-start', id: open.id };
            if (open.kind === 'reasoning') {
              streamedContent = true;
              open.thinking += delta.thinking;
              yield { type: 'reasoning-delta', id: open.id, delta: delta.thinking };
            }
          } else if (delta.type === 'signature_delta' && delta.signature && block?.kind === 'reasoning') {
            block.signature += delta.signature;
          } else if (delta.type === 'input_json_delta' && delta.partial_json && block?.kind === 'tool') {
            block.args += delta.partial_json;
            yield { type: 'tool-input-delta', id: block.id, delta: delta.partial_json };
          }
          // citations_delta and deltas of server-tool blocks carry nothing the parts describe.
          break;
        }
        case 'content_block_stop': {
          const { index } = read(blockStopWire, payload, context);
          const block = blocks.get(index);
          if (block) {
            blocks.delete(index);
            yield* closeBlock(block, thinkingBlocks);
          }
          break;
        }
        case 'message_delta': {
          const parsed = read(messageDeltaWire, payload, context);
          stopReason = parsed.delta?.stop_reason ?? stopReason;
          stopSequence = parsed.delta?.stop_sequence ?? stopSequence;
          usage = mergeUsage(usage, parsed.usage);
          break;
        }
        case 'message_stop':
          sawMessageStop = true;
          break events;
        case 'error': {
          // A 200 stream can still fail (overloaded_error is the usual one).
          const { error } = read(errorEventWire, payload, context);
          // Once content has streamed, the counts so far are kept with the partial answer.
          if (streamedContent && usage) yield { type: 'usage', usage: normalizeUsage(usage) };
          throw errorFrom(error ?? {}, context);
        }
        default:
        // ping, and event types Anthropic adds later.
      }
    }

    // Nothing readable at all is not a cut stream: the server is not speaking this API.
    if (unreadable && !readAnyEvent) throw unreadable;
    // A stop_reason means the answer was complete even if the closing message_stop went missing.
    if (!sawMessageStop && stopReason === undefined) {
      if (streamedContent && usage) yield { type: 'usage', usage: normalizeUsage(usage) };
      throw new TesseraError(
        'network',
        `The connection to ${context.profile.label} closed before the answer was finished. What arrived is kept; try again to get the rest.`,
        { provider: context.profile.id },
      );
    }
    for (const block of blocks.values()) yield* closeBlock(block, thinkingBlocks);
    if (usage) yield { type: 'usage', usage: normalizeUsage(usage) };

    const metadata = {
      ...(messageId === undefined ? {} : { messageId }),
      ...(model === undefined ? {} : { model }),
      ...(stopSequence === undefined ? {} : { stopSequence }),
      ...(thinkingBlocks.length === 0 ? {} : { thinkingBlocks }),
    };
    yield {
      type: 'finish',
      finishReason: { unified: stopReason === undefined ? 'other' : unifiedFinish(stopReason), raw: stopReason },
      ...(Object.keys(metadata).length === 0 ? {} : { providerMetadata: { [context.profile.id]: metadata } }),
    };
  },

  buildKeyCheck(context: AdapterCallContext) {
    return { url: endpoint(context, 'models'), init: { method: 'GET', headers: headersFor(context) } };
  },

  mapError(response: ErrorResponse, context: AdapterCallContext): TesseraError {
    let error: ErrorWire = {};
    let requestId = response.headers.get('request-id') ?? undefined;
    try {
      const parsed = errorBodyWire.safeParse(JSON.parse(response.bodyText));
      if (parsed.success) {
        error = parsed.data.error ?? {};
        requestId = parsed.data.request_id ?? requestId;
      }
    } catch {
      // A non-JSON body (an HTML page from a proxy or load balancer) says nothing we can show.
    }
    return errorFrom(error, context, { status: response.status, headers: response.headers, requestId });
  },
};
