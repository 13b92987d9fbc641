import * as z from 'zod/mini';
import { type ErrorCode, TesseraError } from '../../../errors/tessera-error.js';
import {
  type FinishReason,
  imagesOfContent,
  type ParsedMuxRequest,
  type StreamPart,
  textOfContent,
  type Usage,
} from '../../schema.js';
import { codeForStatus, retryAfterMs } from '../../wire/http-status.js';
import { readNdjsonLines } from '../../wire/ndjson.js';
import { redactSecrets, userMessage } from '../../wire/user-messages.js';
import { authHeaders } from '../auth-headers.js';
import type { AdapterCallContext, DialectAdapter, ErrorResponse } from '../provider.js';

// Loose schemas: Ollama adds fields with most releases and a parser must ignore what it does not know.
const optionalText = z.optional(z.nullable(z.string()));
const toolCallWire = z.looseObject({
  id: optionalText,
  function: z.looseObject({
    name: z.string(),
    // Ollama sends the arguments as an object; a string is taken as already-serialized JSON.
    arguments: z.optional(z.nullable(z.union([z.string(), z.record(z.string(), z.unknown())]))),
  }),
});
const errorWire = z.union([z.string(), z.looseObject({ message: z.optional(z.string()) })]);
const lineWire = z.looseObject({
  message: z.optional(
    z.nullable(
      z.looseObject({
        content: optionalText,
        thinking: optionalText,
        tool_calls: z.optional(z.nullable(z.array(toolCallWire))),
      }),
    ),
  ),
  // `/api/generate` streams the same lines with the text in `response` and `thinking` at the top
  // level instead of in `message`. Accepting both costs nothing, lets a generate-based profile
  // reuse this adapter, and keeps the parser proven against Ollama's own documented example of a
  // mid-stream error, which is a generate stream.
  response: optionalText,
  thinking: optionalText,
  done: z.optional(z.nullable(z.boolean())),
  done_reason: optionalText,
  prompt_eval_count: z.optional(z.nullable(z.number())),
  eval_count: z.optional(z.nullable(z.number())),
  error: z.optional(errorWire),
});
type Line = z.infer<typeof lineWire>;

/** `model "llama3.2" not found, try pulling it first` (older servers quote with `'`, some not at all). */
const MODEL_NOT_FOUND = /model\s+(?:["']([^"']+)["']\s+)?not found/i;

function errorText(error: z.infer<typeof errorWire>): string | undefined {
  return typeof error === 'string' ? error : error.message;
}

/**
 * Maps Ollama's `{ "error": "..." }` message to a TesseraError. `status` is absent for an error
 * line inside a 200 stream: that is the model failing while it runs, so the server is to blame.
 */
function ollamaError(
  message: string | undefined,
  context: AdapterCallContext,
  http?: { status: number; headers: Headers },
): TesseraError {
  const options = {
    provider: context.profile.id,
    status: http?.status,
    retryAfterMs: http ? retryAfterMs(http.headers) : undefined,
  };
  const missing = message === undefined ? null : MODEL_NOT_FOUND.exec(message);
  if (missing) {
    const model = missing[1] === undefined ? undefined : redactSecrets(missing[1], [context.apiKey]);
    const pull = `ollama pull ${model ?? '<model>'}`;
    return new TesseraError(
      'bad_request',
      `${context.profile.label} does not have the model${model ? ` "${model}"` : ''}. Run \`${pull}\` on the machine where Ollama runs, then try again.`,
      options,
    );
  }
  if (http?.status === 404) {
    // Without a model named, a 404 means the path is wrong: usually a base URL ending in /v1.
    return new TesseraError(
      'bad_request',
      `${context.profile.label} has no chat API at this address. Use the server's root as the base URL, like http://localhost:11434 (without /v1).`,
      options,
    );
  }
  const code: ErrorCode = http ? codeForStatus(http.status) : 'provider_unavailable';
  const detail = message ? redactSecrets(message, [context.apiKey]) : undefined;
  return new TesseraError(code, userMessage(code, context.profile.label, detail), options);
}

function invalidResponse(context: AdapterCallContext, cause: unknown): TesseraError {
  return new TesseraError('invalid_response', userMessage('invalid_response', context.profile.label), {
    provider: context.profile.id,
    cause,
  });
}

function finishReason(doneReason: string | undefined, calledTools: boolean): FinishReason {
  // Servers before `done_reason` existed (2024) only said `done: true`; stopping is what it meant.
  if (doneReason === undefined || doneReason === 'stop') {
    return { unified: calledTools ? 'tool-calls' : 'stop', raw: doneReason };
  }
  if (doneReason === 'length') return { unified: 'length', raw: doneReason };
  // `load` and `unload` answer requests that only load or unload a model.
  return { unified: 'other', raw: doneReason };
}

/** Counts from the final line; Ollama omits a count that is zero. Durations are kept in `raw`. */
function usageFrom(line: Line): Usage {
  const raw = Object.fromEntries(Object.entries(line).filter(([, value]) => typeof value === 'number'));
  return {
    inputTokens: line.prompt_eval_count ?? 0,
    cachedInputTokens: 0,
    outputTokens: line.eval_count ?? 0,
    reasoningTokens: 0,
    raw,
  };
}

function toolArgs(args: string | Record<string, unknown> | null | undefined): string {
  return typeof args === 'string' ? args : JSON.stringify(args ?? {});
}

/**
 * Ollama's native chat API: `POST /api/chat`, streamed as newline-delimited JSON. Every line
 * carries a piece of the message (text, `thinking`, whole tool calls); the last says `done: true`
 * with the token counts. A failure after the stream began arrives as an `{ "error": "..." }` line
 * under HTTP 200.
 */
export const ollamaDialect: DialectAdapter = {
  id: 'ollama',

  buildRequest(request: ParsedMuxRequest, context: AdapterCallContext) {
    const { options: extraOptions, ...extra } = request.providerOptions?.[context.profile.id] ?? {};
    const options = {
      ...(typeof extraOptions === 'object' && extraOptions !== null ? extraOptions : {}),
      ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
      ...(request.maxTokens === undefined ? {} : { num_predict: request.maxTokens }),
    };
    const messages = [
      ...(request.system ? [{ role: 'system', content: request.system }] : []),
      // Ollama takes a message's images apart from its text, as base64 strings in `images`.
      ...request.messages.map((m) => {
        const images = imagesOfContent(m.content).map((image) => image.data);
        return { role: m.role, content: textOfContent(m.content), ...(images.length > 0 ? { images } : {}) };
      }),
    ];
    // `extra` carries `think`, `keep_alive`, `format` and whatever else the caller passes through.
    const body = {
      ...extra,
      model: request.model,
      messages,
      stream: true,
      ...(Object.keys(options).length > 0 ? { options } : {}),
    };
    const headers = { 'Content-Type': 'application/json', Accept: 'application/x-ndjson', ...authHeaders(context) };
    return {
      url: `${context.baseURL.replace(/\/+$/, '')}/api/chat`,
      init: { method: 'POST', headers, body: JSON.stringify(body) },
    };
  },

  async *parseStream(body, context): AsyncGenerator<StreamPart> {
    let textOpen = false;
    let reasoningOpen = false;
    let toolCalls = 0;
    let last: Line | undefined;
    // A line that does not parse is fatal, unless it is the last one: then the connection cut it off.
    let unreadable: { cause: unknown } | undefined;

    for await (const text of readNdjsonLines(body, context.onRead)) {
      if (unreadable) throw invalidResponse(context, unreadable.cause);
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (cause) {
        unreadable = { cause };
        continue;
      }
      const parsed = lineWire.safeParse(json);
      if (!parsed.success) throw invalidResponse(context, parsed.error);
      const line = parsed.data;
      if (line.error !== undefined) throw ollamaError(errorText(line.error), context);

      const thinking = line.message?.thinking ?? line.thinking;
      if (thinking) {
        if (!reasoningOpen) {
          reasoningOpen = true;
          yield { type: 'reasoning-start', id: 'reasoning-0' };
        }
        yield { type: 'reasoning-delta', id: 'reasoning-0', delta: thinking };
      }
      const content = line.message?.content ?? line.response;
      if (content) {
        if (reasoningOpen) {
          reasoningOpen = false;
          yield { type: 'reasoning-end', id: 'reasoning-0' };
        }
        if (!textOpen) {
          textOpen = true;
          yield { type: 'text-start', id: 'text-0' };
        }
        yield { type: 'text-delta', id: 'text-0', delta: content };
      }
      // Tool calls arrive whole, so each one is started, filled and completed at once.
      for (const call of line.message?.tool_calls ?? []) {
        const id = call.id || `call-${toolCalls}`;
        toolCalls++;
        const args = toolArgs(call.function.arguments);
        yield { type: 'tool-input-start', id, toolName: call.function.name };
        yield { type: 'tool-input-delta', id, delta: args };
        yield { type: 'tool-input-end', id };
        yield { type: 'tool-call', toolCallId: id, toolName: call.function.name, args };
      }
      if (line.done) {
        last = line;
        break;
      }
    }

    if (!last) {
      throw new TesseraError(
        'network',
        `The connection to ${context.profile.label} closed before the answer was finished. What arrived is kept; try again to get the rest.`,
        { provider: context.profile.id, cause: unreadable?.cause },
      );
    }
    if (reasoningOpen) yield { type: 'reasoning-end', id: 'reasoning-0' };
    if (textOpen) yield { type: 'text-end', id: 'text-0' };
    yield { type: 'usage', usage: usageFrom(last) };
    yield { type: 'finish', finishReason: finishReason(last.done_reason ?? undefined, toolCalls > 0) };
  },

  buildKeyCheck(context: AdapterCallContext) {
    return {
      url: `${context.baseURL.replace(/\/+$/, '')}/api/tags`,
      init: { method: 'GET', headers: authHeaders(context) },
    };
  },

  mapError(response: ErrorResponse, context: AdapterCallContext): TesseraError {
    let message: string | undefined;
    try {
      const parsed = z.looseObject({ error: errorWire }).safeParse(JSON.parse(response.bodyText));
      if (parsed.success) message = errorText(parsed.data.error);
    } catch {
      // A non-JSON body ("404 page not found", a proxy's HTML page) says nothing we can show.
    }
    return ollamaError(message, context, { status: response.status, headers: response.headers });
  },
};
