import * as z from 'zod/mini';
import { TesseraError } from '../../../errors/tessera-error.js';
import type { FinishReason, ParsedMuxRequest, StreamPart, Usage } from '../../schema.js';
import { codeForStatus, retryAfterMs } from '../../wire/http-status.js';
import { readServerSentEvents } from '../../wire/sse.js';
import { redactSecrets, userMessage } from '../../wire/user-messages.js';
import { authHeaders } from '../auth-headers.js';
import type { AdapterCallContext, DialectAdapter, ErrorResponse } from '../provider.js';

// Loose schemas: providers add fields all the time and a parser must ignore what it does not know.
const numberish = z.optional(z.nullable(z.number()));
const usageWire = z.looseObject({
  prompt_tokens: numberish,
  completion_tokens: numberish,
  prompt_tokens_details: z.optional(z.nullable(z.looseObject({ cached_tokens: numberish }))),
  completion_tokens_details: z.optional(z.nullable(z.looseObject({ reasoning_tokens: numberish }))),
});
const toolCallDelta = z.looseObject({
  index: z.optional(z.number()),
  id: z.optional(z.nullable(z.string())),
  function: z.optional(
    z.looseObject({ name: z.optional(z.nullable(z.string())), arguments: z.optional(z.nullable(z.string())) }),
  ),
});
const errorWire = z.looseObject({
  message: z.optional(z.string()),
  type: z.optional(z.nullable(z.string())),
  code: z.optional(z.nullable(z.union([z.string(), z.number()]))),
});
const chunkWire = z.looseObject({
  choices: z.optional(
    z.array(
      z.looseObject({
        delta: z.optional(
          z.nullable(
            z.looseObject({
              content: z.optional(z.nullable(z.string())),
              reasoning_content: z.optional(z.nullable(z.string())),
              reasoning: z.optional(z.nullable(z.string())),
              tool_calls: z.optional(z.nullable(z.array(toolCallDelta))),
            }),
          ),
        ),
        finish_reason: z.optional(z.nullable(z.string())),
      }),
    ),
  ),
  usage: z.optional(z.nullable(usageWire)),
  error: z.optional(errorWire),
});

function normalizeUsage(raw: z.infer<typeof usageWire>): Usage {
  return {
    inputTokens: raw.prompt_tokens ?? 0,
    cachedInputTokens: raw.prompt_tokens_details?.cached_tokens ?? 0,
    outputTokens: raw.completion_tokens ?? 0,
    reasoningTokens: raw.completion_tokens_details?.reasoning_tokens ?? 0,
    raw,
  };
}

function unifiedFinish(raw: string): FinishReason['unified'] {
  switch (raw) {
    case 'stop':
      return 'stop';
    case 'length':
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

/** Maps an OpenAI-style error object (`{ message, type, code }`) to a code. */
function codeForError(error: z.infer<typeof errorWire>, status: number): ReturnType<typeof codeForStatus> {
  const code = String(error.code ?? error.type ?? '');
  if (code === 'insufficient_quota') return 'quota';
  if (code === 'context_length_exceeded' || code === 'string_above_max_length') return 'context_length';
  if (code === 'invalid_api_key' || code === 'authentication_error') return 'auth';
  if (code === 'rate_limit_exceeded') return 'rate_limit';
  if (code === 'server_error' || code === 'overloaded_error') return 'provider_unavailable';
  return codeForStatus(status);
}

function errorFrom(
  error: z.infer<typeof errorWire>,
  status: number,
  context: AdapterCallContext,
  headers?: Headers,
): TesseraError {
  const code = codeForError(error, status);
  const detail = error.message ? redactSecrets(error.message, [context.apiKey]) : undefined;
  return new TesseraError(code, userMessage(code, context.profile.label, detail), {
    provider: context.profile.id,
    status: status || undefined,
    retryAfterMs: headers ? retryAfterMs(headers) : undefined,
    details: { providerCode: error.code ?? error.type ?? undefined },
  });
}

interface OpenToolCall {
  id: string;
  name: string;
  args: string;
}

/**
 * The OpenAI Chat Completions dialect, spoken by OpenAI and most other providers. Streams with
 * `stream_options.include_usage`, so usage arrives in a chunk after the one with `finish_reason`.
 */
export const openaiChat: DialectAdapter = {
  id: 'openai-chat',

  buildRequest(request: ParsedMuxRequest, context: AdapterCallContext) {
    const messages = [
      ...(request.system ? [{ role: 'system', content: request.system }] : []),
      ...request.messages.map((m) => ({
        role: m.role,
        content: typeof m.content === 'string' ? m.content : m.content.map((p) => p.text).join(''),
      })),
    ];
    const headers = { 'Content-Type': 'application/json', Accept: 'text/event-stream', ...authHeaders(context) };
    const body = {
      ...request.providerOptions?.[context.profile.id],
      model: request.model,
      messages,
      stream: true,
      stream_options: { include_usage: true },
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      ...(request.maxTokens === undefined ? {} : { max_tokens: request.maxTokens }),
    };
    return {
      url: `${context.baseURL.replace(/\/+$/, '')}/chat/completions`,
      init: { method: 'POST', headers, body: JSON.stringify(body) },
    };
  },

  async *parseStream(body, context): AsyncGenerator<StreamPart> {
    let textOpen = false;
    let reasoningOpen = false;
    let usage: Usage | undefined;
    let finishRaw: string | undefined;
    let sawDone = false;
    const tools = new Map<number, OpenToolCall>();

    for await (const event of readServerSentEvents(body)) {
      if (event.data === '[DONE]') {
        sawDone = true;
        break;
      }
      let json: unknown;
      try {
        json = JSON.parse(event.data);
      } catch (cause) {
        throw new TesseraError('invalid_response', userMessage('invalid_response', context.profile.label), {
          provider: context.profile.id,
          cause,
        });
      }
      const parsed = chunkWire.safeParse(json);
      if (!parsed.success) {
        throw new TesseraError('invalid_response', userMessage('invalid_response', context.profile.label), {
          provider: context.profile.id,
          cause: parsed.error,
        });
      }
      const chunk = parsed.data;
      // Some servers (OpenRouter, proxies) report failures inside a 200 stream.
      if (chunk.error) throw errorFrom(chunk.error, 0, context);
      if (chunk.usage) usage = normalizeUsage(chunk.usage);
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      const delta = choice.delta;
      const reasoning = delta?.reasoning_content ?? delta?.reasoning;
      if (reasoning) {
        if (!reasoningOpen) {
          reasoningOpen = true;
          yield { type: 'reasoning-start', id: 'reasoning-0' };
        }
        yield { type: 'reasoning-delta', id: 'reasoning-0', delta: reasoning };
      }
      if (delta?.content) {
        if (reasoningOpen) {
          reasoningOpen = false;
          yield { type: 'reasoning-end', id: 'reasoning-0' };
        }
        if (!textOpen) {
          textOpen = true;
          yield { type: 'text-start', id: 'text-0' };
        }
        yield { type: 'text-delta', id: 'text-0', delta: delta.content };
      }
      for (const call of delta?.tool_calls ?? []) {
        const index = call.index ?? 0;
        let open = tools.get(index);
        if (!open) {
          open = { id: call.id ?? `call-${index}`, name: call.function?.name ?? '', args: '' };
          tools.set(index, open);
          yield { type: 'tool-input-start', id: open.id, toolName: open.name };
        }
        const args = call.function?.arguments;
        if (args) {
          open.args += args;
          yield { type: 'tool-input-delta', id: open.id, delta: args };
        }
      }
      if (choice.finish_reason) finishRaw = choice.finish_reason;
    }

    if (!sawDone && finishRaw === undefined) {
      throw new TesseraError(
        'network',
        `The connection to ${context.profile.label} closed before the answer was finished. What arrived is kept; try again to get the rest.`,
        { provider: context.profile.id },
      );
    }
    if (reasoningOpen) yield { type: 'reasoning-end', id: 'reasoning-0' };
    if (textOpen) yield { type: 'text-end', id: 'text-0' };
    for (const call of tools.values()) {
      yield { type: 'tool-input-end', id: call.id };
      yield { type: 'tool-call', toolCallId: call.id, toolName: call.name, args: call.args };
    }
    if (usage) yield { type: 'usage', usage };
    yield {
      type: 'finish',
      finishReason: { unified: finishRaw === undefined ? 'other' : unifiedFinish(finishRaw), raw: finishRaw },
    };
  },

  buildKeyCheck(context: AdapterCallContext) {
    return {
      url: `${context.baseURL.replace(/\/+$/, '')}/models`,
      init: { method: 'GET', headers: authHeaders(context) },
    };
  },

  mapError(response: ErrorResponse, context: AdapterCallContext): TesseraError {
    let error: z.infer<typeof errorWire> = {};
    try {
      const body = JSON.parse(response.bodyText) as { error?: unknown; message?: unknown };
      const parsed = errorWire.safeParse(
        typeof body.error === 'string' ? { message: body.error } : (body.error ?? body),
      );
      if (parsed.success) error = parsed.data;
    } catch {
      // A non-JSON body (an HTML error page from a proxy) says nothing we can show.
    }
    return errorFrom(error, response.status, context, response.headers);
  },
};
