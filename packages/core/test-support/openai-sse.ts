/**
 * The OpenAI Chat Completions streaming wire format, byte for byte: chunk objects, the
 * `stream_options.include_usage` chunk (`choices: []`) after the one with `finish_reason`, and
 * `data: [DONE]`. Pure, so the Node test server and msw handlers in the browser share it.
 */

function chunk(model: string, choices: unknown[], usage?: unknown): string {
  return JSON.stringify({
    id: 'chatcmpl-test0001',
    object: 'chat.completion.chunk',
    created: 1_723_031_664,
    model,
    system_fingerprint: 'fp_test',
    choices,
    ...(usage === undefined ? {} : { usage }),
  });
}

export interface SseOptions {
  /** Frame lines with CRLF and interleave `: keep-alive` comments, as some proxies do. */
  crlf?: boolean;
}

/** The events of one streamed answer made of `words`, each a complete SSE event string. */
export function openAiAnswerEvents(model: string, words: readonly string[], options: SseOptions = {}): string[] {
  const eol = options.crlf ? '\r\n' : '\n';
  const event = (data: string) => `data: ${data}${eol}${eol}`;
  const comment = options.crlf ? [`: keep-alive${eol}${eol}`] : [];
  return [
    ...comment,
    event(
      chunk(model, [
        { index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null },
      ]),
    ),
    ...words.flatMap((word, i) => [
      event(
        chunk(model, [
          { index: 0, delta: { content: i === 0 ? word : ` ${word}` }, logprobs: null, finish_reason: null },
        ]),
      ),
      ...comment,
    ]),
    event(chunk(model, [{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }])),
    event(
      chunk(model, [], {
        prompt_tokens: 12,
        completion_tokens: words.length,
        total_tokens: 12 + words.length,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: {
          reasoning_tokens: 0,
          audio_tokens: 0,
          accepted_prediction_tokens: 0,
          rejected_prediction_tokens: 0,
        },
      }),
    ),
    event('[DONE]'),
  ];
}

/** The words the scripted provider answers with: an echo of the last user message. */
export function echoWords(body: unknown): string[] {
  const messages = (body as { messages?: { role: string; content: unknown }[] }).messages ?? [];
  const last = [...messages].reverse().find((m) => m.role === 'user');
  return `You said: ${typeof last?.content === 'string' ? last.content : ''}`.split(/\s+/);
}

/** OpenAI's 429 body for a rate limit (shape of its real `rate_limit_exceeded` error). */
export const rateLimitBody = {
  error: {
    message: 'Rate limit reached for gpt-4o in organization org-test on tokens per min (TPM): Limit 30000, Used 30000.',
    type: 'tokens',
    param: null,
    code: 'rate_limit_exceeded',
  },
};

/** OpenAI's 503 body when the engine is overloaded. */
export const overloadedBody = {
  error: {
    message: 'The engine is currently overloaded, please try again later',
    type: 'server_error',
    param: null,
    code: null,
  },
};

/** OpenAI's real 401 body shape for a wrong key (the key itself masked, as OpenAI does). */
export const invalidApiKeyBody = {
  error: {
    message:
      'Incorrect API key provided: sk-test****1234. You can find your API key at https://platform.openai.com/account/api-keys.',
    type: 'invalid_request_error',
    param: null,
    code: 'invalid_api_key',
  },
};

/**
 * What the scripted provider does for a model name, so tests in Node and in the browser (and the
 * demo page driven end to end) choose a scenario through the ordinary model field.
 */
export interface Scenario {
  kind: 'answer' | 'invalid-key' | 'rate-limited' | 'overloaded';
  /** For `rate-limited`: the headers OpenAI sends with its 429. */
  retryHeaders?: Record<string, string>;
  /** For `rate-limited`: answer normally once this many requests were refused. */
  refusals?: number;
  crlf: boolean;
  /** Break the connection after this many words. */
  dropAfterWords?: number;
  /** Go silent, connection open, after this many words. */
  stallAfterWords?: number;
}

export function scenarioFor(model: string): Scenario {
  if (model === 'rate-limited-once')
    return { kind: 'rate-limited', crlf: false, retryHeaders: { 'retry-after-ms': '30' }, refusals: 1 };
  if (model === 'rate-limited-long')
    return { kind: 'rate-limited', crlf: false, retryHeaders: { 'retry-after': '60' } };
  if (model === 'overloaded') return { kind: 'overloaded', crlf: false };
  return {
    kind: model === 'fail-401' ? 'invalid-key' : 'answer',
    crlf: model === 'crlf-comments',
    ...(model === 'drop-mid-stream' ? { dropAfterWords: 3 } : {}),
    ...(model === 'stall' ? { stallAfterWords: 1 } : {}),
  };
}

/** Whether an event carries a word of the answer (not the empty role chunk, usage or [DONE]). */
export function carriesWord(event: string): boolean {
  return event.includes('"content":"') && !event.includes('"content":""');
}
