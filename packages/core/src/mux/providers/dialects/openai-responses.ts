import * as z from 'zod/mini';
import { TesseraError } from '../../../errors/tessera-error.js';
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
import { readServerSentEvents } from '../../wire/sse.js';
import { userMessage } from '../../wire/user-messages.js';
import { authHeaders } from '../auth-headers.js';
import type { AdapterCallContext, DialectAdapter, ErrorResponse } from '../provider.js';
import { providerOptionsFor } from '../provider-options.js';
import { openaiChat } from './openai-chat.js';

// Loose schemas, one per event type we read: OpenAI adds event types and fields often, and an
// event we do not read must never fail validation.
const numberish = z.optional(z.nullable(z.number()));
const optionalText = z.optional(z.nullable(z.string()));
const usageWire = z.looseObject({
  input_tokens: numberish,
  input_tokens_details: z.optional(z.nullable(z.looseObject({ cached_tokens: numberish }))),
  output_tokens: numberish,
  output_tokens_details: z.optional(z.nullable(z.looseObject({ reasoning_tokens: numberish }))),
});
const errorWire = z.looseObject({
  message: optionalText,
  type: optionalText,
  code: z.optional(z.nullable(z.union([z.string(), z.number()]))),
});
type WireError = z.infer<typeof errorWire>;
const responseWire = z.looseObject({
  id: optionalText,
  status: optionalText,
  usage: z.optional(z.nullable(usageWire)),
  incomplete_details: z.optional(z.nullable(z.looseObject({ reason: optionalText }))),
  error: z.optional(z.nullable(errorWire)),
});
type WireResponse = z.infer<typeof responseWire>;

const envelopeWire = z.looseObject({ type: z.optional(z.string()) });
const textDeltaWire = z.looseObject({
  item_id: z.optional(z.string()),
  content_index: z.optional(z.number()),
  delta: z.string(),
});
const summaryDeltaWire = z.looseObject({
  item_id: z.optional(z.string()),
  summary_index: z.optional(z.number()),
  delta: z.string(),
});
const itemEventWire = z.looseObject({
  item: z.looseObject({
    type: z.string(),
    id: z.optional(z.string()),
    call_id: z.optional(z.string()),
    name: z.optional(z.string()),
    arguments: optionalText,
  }),
});
const argumentsDeltaWire = z.looseObject({ item_id: z.string(), delta: z.string() });
const argumentsDoneWire = z.looseObject({ item_id: z.string(), arguments: optionalText });
const responseEventWire = z.looseObject({ response: responseWire });
// The API reference puts `code` and `message` on the event itself; recorded streams nest them in
// `error`. Both are read.
const errorEventWire = z.looseObject({
  error: z.optional(z.nullable(errorWire)),
  code: errorWire.shape.code,
  message: optionalText,
});

function normalizeUsage(raw: z.infer<typeof usageWire>): Usage {
  return {
    inputTokens: raw.input_tokens ?? 0,
    cachedInputTokens: raw.input_tokens_details?.cached_tokens ?? 0,
    // `output_tokens` already includes the reasoning tokens.
    outputTokens: raw.output_tokens ?? 0,
    reasoningTokens: raw.output_tokens_details?.reasoning_tokens ?? 0,
    raw,
  };
}

function finishReason(type: string, response: WireResponse, calledTools: boolean): FinishReason {
  const reason = response.incomplete_details?.reason ?? undefined;
  if (reason === 'content_filter') return { unified: 'content-filter', raw: reason };
  if (reason === 'max_output_tokens' || type === 'response.incomplete' || response.status === 'incomplete') {
    return { unified: 'length', raw: reason ?? response.status ?? 'incomplete' };
  }
  return { unified: calledTools ? 'tool-calls' : 'stop', raw: response.status ?? undefined };
}

function invalidResponse(context: AdapterCallContext, cause: unknown): TesseraError {
  return new TesseraError('invalid_response', userMessage('invalid_response', context.profile.label), {
    provider: context.profile.id,
    cause,
  });
}

/**
 * `response.failed` codes that blame the request, not the server: the prompt, or an image in it.
 * They carry no `type`, so without this hint they would read as the server failing (and be retried).
 */
const REQUEST_FAULT_CODE =
  /^(?:invalid_prompt|invalid_image|invalid_base64_image|image_|unsupported_image|empty_image|failed_to_download_image)/;

/**
 * An error found inside a 200 stream. The Responses API uses the same `{ message, type, code }`
 * objects as OpenAI's error bodies, so openai-chat's mapping is reused through its `mapError` (its
 * per-object mapper is not exported); status 0 tells it there was no HTTP status.
 */
function streamError(error: WireError | null | undefined, context: AdapterCallContext): TesseraError {
  const code = error?.code ?? undefined;
  const blamesRequest = typeof code === 'string' && REQUEST_FAULT_CODE.test(code);
  const normalized = {
    message: error?.message ?? undefined,
    type: error?.type ?? (blamesRequest ? 'invalid_request_error' : undefined),
    code,
  };
  return openaiChat.mapError(
    { status: 0, headers: new Headers(), bodyText: JSON.stringify({ error: normalized }) },
    context,
  );
}

interface OpenBlock {
  kind: 'text' | 'reasoning';
  itemId: string;
}

interface OpenCall {
  callId: string;
  name: string;
  args: string;
}

/**
 * A message's content as a Responses input item's: a plain string unless it carries images, then
 * `input_text` and `input_image` parts (whose `image_url` is the base64 `data:` URL itself).
 */
function responsesContent(content: ChatMessage['content']) {
  if (imagesOfContent(content).length === 0) return textOfContent(content);
  return (content as ContentPart[]).map((part) =>
    part.type === 'text'
      ? { type: 'input_text', text: part.text }
      : { type: 'input_image', image_url: `data:${part.mediaType};base64,${part.data}` },
  );
}

/**
 * The OpenAI Responses API (`POST /responses`). Its stream is typed events rather than chunks:
 * output items (messages, reasoning, function calls) are announced, filled by deltas and closed,
 * and `response.completed` carries the usage. A failure arrives as an `error` event and
 * `response.failed` under HTTP 200; there is no `[DONE]`.
 */
export const openaiResponses: DialectAdapter = {
  id: 'openai-responses',

  buildRequest(request: ParsedMuxRequest, context: AdapterCallContext) {
    // `api` chose this dialect over Chat Completions; it is ours, not OpenAI's.
    const extra = providerOptionsFor(request, context.profile.id);
    const input = request.messages.map((m) => ({ role: m.role, content: responsesContent(m.content) }));
    const body = {
      ...extra,
      model: request.model,
      input,
      stream: true,
      ...(request.system ? { instructions: request.system } : {}),
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      ...(request.maxTokens === undefined ? {} : { max_output_tokens: request.maxTokens }),
    };
    const headers = { 'Content-Type': 'application/json', Accept: 'text/event-stream', ...authHeaders(context) };
    return {
      url: `${context.baseURL.replace(/\/+$/, '')}/responses`,
      init: { method: 'POST', headers, body: JSON.stringify(body) },
    };
  },

  async *parseStream(body, context): AsyncGenerator<StreamPart> {
    const blocks = new Map<string, OpenBlock>();
    const calls = new Map<string, OpenCall>();
    let calledTools = false;
    let end: { type: string; response: WireResponse } | undefined;

    function read<T>(schema: z.ZodMiniType<T>, json: unknown): T {
      const parsed = schema.safeParse(json);
      if (!parsed.success) throw invalidResponse(context, parsed.error);
      return parsed.data;
    }
    function* open(kind: OpenBlock['kind'], id: string, itemId: string): Generator<StreamPart> {
      if (blocks.has(id)) return;
      blocks.set(id, { kind, itemId });
      yield kind === 'text' ? { type: 'text-start', id } : { type: 'reasoning-start', id };
    }
    /** Closes the blocks of one output item, or all of them. */
    function* close(itemId?: string): Generator<StreamPart> {
      for (const [id, block] of blocks) {
        if (itemId !== undefined && block.itemId !== itemId) continue;
        blocks.delete(id);
        yield block.kind === 'text' ? { type: 'text-end', id } : { type: 'reasoning-end', id };
      }
    }
    function* completeCall(itemId: string, finalArgs: string | null | undefined): Generator<StreamPart> {
      const call = calls.get(itemId);
      if (!call) return;
      calls.delete(itemId);
      const args = finalArgs ?? call.args;
      // Keeps the deltas adding up to the final arguments when some were not streamed.
      if (args.length > call.args.length && args.startsWith(call.args)) {
        yield { type: 'tool-input-delta', id: call.callId, delta: args.slice(call.args.length) };
      }
      yield { type: 'tool-input-end', id: call.callId };
      yield { type: 'tool-call', toolCallId: call.callId, toolName: call.name, args };
    }

    for await (const event of readServerSentEvents(body, context.onRead)) {
      // A proxy may append the Chat Completions terminator; the Responses API itself sends none.
      if (event.data === '[DONE]') continue;
      let json: unknown;
      try {
        json = JSON.parse(event.data);
      } catch (cause) {
        throw invalidResponse(context, cause);
      }
      const type = read(envelopeWire, json).type ?? event.event;
      switch (type) {
        case 'response.output_text.delta':
        // A refusal is the model's answer, in place of the text.
        case 'response.refusal.delta': {
          const e = read(textDeltaWire, json);
          if (!e.delta) break;
          const itemId = e.item_id ?? 'message';
          const id = `${itemId}:${e.content_index ?? 0}`;
          yield* open('text', id, itemId);
          yield { type: 'text-delta', id, delta: e.delta };
          break;
        }
        case 'response.reasoning_summary_text.delta': {
          const e = read(summaryDeltaWire, json);
          if (!e.delta) break;
          const itemId = e.item_id ?? 'reasoning';
          const id = `${itemId}:summary:${e.summary_index ?? 0}`;
          yield* open('reasoning', id, itemId);
          yield { type: 'reasoning-delta', id, delta: e.delta };
          break;
        }
        case 'response.reasoning_text.delta': {
          const e = read(textDeltaWire, json);
          if (!e.delta) break;
          const itemId = e.item_id ?? 'reasoning';
          const id = `${itemId}:${e.content_index ?? 0}`;
          yield* open('reasoning', id, itemId);
          yield { type: 'reasoning-delta', id, delta: e.delta };
          break;
        }
        case 'response.output_item.added': {
          const { item } = read(itemEventWire, json);
          if (item.type !== 'function_call') break;
          const callId = item.call_id ?? item.id ?? `call-${calls.size}`;
          const call: OpenCall = { callId, name: item.name ?? '', args: '' };
          calls.set(item.id ?? callId, call);
          calledTools = true;
          yield { type: 'tool-input-start', id: callId, toolName: call.name };
          if (item.arguments) {
            call.args = item.arguments;
            yield { type: 'tool-input-delta', id: callId, delta: item.arguments };
          }
          break;
        }
        case 'response.function_call_arguments.delta': {
          const e = read(argumentsDeltaWire, json);
          const call = calls.get(e.item_id);
          if (!call || !e.delta) break;
          call.args += e.delta;
          yield { type: 'tool-input-delta', id: call.callId, delta: e.delta };
          break;
        }
        case 'response.function_call_arguments.done': {
          const e = read(argumentsDoneWire, json);
          const call = calls.get(e.item_id);
          if (!call || typeof e.arguments !== 'string') break;
          if (e.arguments.length > call.args.length && e.arguments.startsWith(call.args)) {
            yield { type: 'tool-input-delta', id: call.callId, delta: e.arguments.slice(call.args.length) };
          }
          call.args = e.arguments;
          break;
        }
        case 'response.output_item.done': {
          const { item } = read(itemEventWire, json);
          if (item.id !== undefined) yield* close(item.id);
          if (item.type === 'function_call') yield* completeCall(item.id ?? item.call_id ?? '', item.arguments);
          break;
        }
        case 'response.completed':
        case 'response.incomplete':
          end = { type, response: read(responseEventWire, json).response };
          break;
        case 'response.failed':
          throw streamError(read(responseEventWire, json).response.error, context);
        case 'error': {
          const e = read(errorEventWire, json);
          throw streamError(e.error ?? { code: e.code, message: e.message }, context);
        }
      }
      if (end) break;
    }

    if (!end) {
      throw new TesseraError(
        'network',
        `The connection to ${context.profile.label} closed before the answer was finished. What arrived is kept; try again to get the rest.`,
        { provider: context.profile.id },
      );
    }
    yield* close();
    for (const itemId of [...calls.keys()]) yield* completeCall(itemId, undefined);
    if (end.response.usage) yield { type: 'usage', usage: normalizeUsage(end.response.usage) };
    yield {
      type: 'finish',
      finishReason: finishReason(end.type, end.response, calledTools),
      // The id lets a caller continue this response server-side (`previous_response_id`).
      ...(end.response.id ? { providerMetadata: { [context.profile.id]: { responseId: end.response.id } } } : {}),
    };
  },

  buildKeyCheck(context: AdapterCallContext) {
    return {
      url: `${context.baseURL.replace(/\/+$/, '')}/models`,
      init: { method: 'GET', headers: authHeaders(context) },
    };
  },

  // Error bodies are OpenAI's `{ error: { message, type, code } }`, exactly as for Chat Completions.
  mapError: (response: ErrorResponse, context: AdapterCallContext): TesseraError =>
    openaiChat.mapError(response, context),
};
