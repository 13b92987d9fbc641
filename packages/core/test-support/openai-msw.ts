/**
 * msw handlers that answer like the local OpenAI-compatible server, for tests in the browser:
 * the same scenarios (by model name) and the same bytes, streamed through a ReadableStream.
 */
import { HttpResponse, http } from 'msw';
import {
  carriesWord,
  echoWords,
  invalidApiKeyBody,
  openAiAnswerEvents,
  overloadedBody,
  rateLimitBody,
  scenarioFor,
} from './openai-sse.js';

export const MSW_PROVIDER_BASE_URL = 'https://provider.test/v1';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function openAiHandlers(baseURL = MSW_PROVIDER_BASE_URL, options: { wordDelayMs?: number } = {}) {
  const wordDelayMs = options.wordDelayMs ?? 5;
  const seen = new Map<string, number>();
  return [
    http.post(`${baseURL}/chat/completions`, async ({ request }) => {
      const body = (await request.json()) as { model?: string };
      const model = String(body.model ?? '');
      const scenario = scenarioFor(model);
      const count = (seen.get(model) ?? 0) + 1;
      seen.set(model, count);
      if (scenario.kind === 'rate-limited' && (scenario.refusals === undefined || count <= scenario.refusals)) {
        return HttpResponse.json(rateLimitBody, { status: 429, headers: scenario.retryHeaders });
      }
      if (scenario.kind === 'overloaded') return HttpResponse.json(overloadedBody, { status: 503 });
      if (scenario.kind === 'invalid-key') return HttpResponse.json(invalidApiKeyBody, { status: 401 });
      const events = openAiAnswerEvents(model, echoWords(body), scenario);
      const encoder = new TextEncoder();
      const stream = new ReadableStream<Uint8Array>({
        async start(controller) {
          let words = 0;
          for (const event of events) {
            if (carriesWord(event)) {
              if (words === scenario.dropAfterWords) {
                controller.error(new TypeError('network error'));
                return;
              }
              if (words === scenario.stallAfterWords) return;
              words++;
            }
            controller.enqueue(encoder.encode(event));
            await delay(wordDelayMs);
          }
          controller.close();
        },
      });
      return new HttpResponse(stream, { headers: { 'content-type': 'text/event-stream; charset=utf-8' } });
    }),
  ];
}
