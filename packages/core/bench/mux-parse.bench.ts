/**
 * Parsing throughput: the SDK's parts per second on a long OpenAI stream replayed from memory
 * (the whole path: request validation, router, retry policy, adapter, MuxStream; `fetch` answers
 * from memory), against a bare eventsource-parser + JSON.parse loop over the same bytes.
 */
import { createParser } from 'eventsource-parser';
import { createTessera } from '../src/tessera.js';
import { openAiAnswerEvents } from '../test-support/openai-sse.js';
import { compare, report } from './bench-kit.js';

const WORDS = 20_000;
const words = Array.from({ length: WORDS }, (_, i) => `word${i % 97}`);
const bytes = new TextEncoder().encode(openAiAnswerEvents('gpt-4o', words).join(''));
// Network-sized pieces, as a socket delivers them.
const CHUNK = 1400;
const pieces: Uint8Array[] = [];
for (let i = 0; i < bytes.length; i += CHUNK) pieces.push(bytes.subarray(i, i + CHUNK));

const body = () =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece);
      controller.close();
    },
  });

const tessera = createTessera({
  fetch: async () => new Response(body(), { headers: { 'content-type': 'text/event-stream' } }),
});
const request = {
  provider: 'openai',
  model: 'gpt-4o',
  apiKey: 'sk-bench',
  messages: [{ role: 'user' as const, content: 'a long answer, please' }],
};

async function sdk(): Promise<number> {
  const start = performance.now();
  const stream = tessera.mux.stream(request);
  let deltas = 0;
  for await (const part of stream) if (part.type === 'text-delta') deltas++;
  if (deltas !== WORDS) throw new Error(`SDK saw ${deltas} deltas`);
  return performance.now() - start;
}

async function bare(): Promise<number> {
  const start = performance.now();
  let deltas = 0;
  const parser = createParser({
    onEvent(event) {
      if (event.data === '[DONE]') return;
      const chunk = JSON.parse(event.data);
      if (chunk.choices?.[0]?.delta?.content) deltas++;
    },
  });
  const decoder = new TextDecoder();
  const reader = body().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(decoder.decode(value, { stream: true }));
  }
  if (deltas !== WORDS) throw new Error(`bare loop saw ${deltas} deltas`);
  return performance.now() - start;
}

await compare(3, { sdk, bare });
const median = await compare(15, { sdk, bare });
const sdkMs = median.sdk ?? Number.NaN;
const bareMs = median.bare ?? Number.NaN;
await tessera.close();
report(`Parse throughput: ${WORDS} text deltas, ${(bytes.length / 1e6).toFixed(1)} MB of OpenAI SSE (median of 15)`, [
  ['bare eventsource-parser + JSON.parse (baseline)', `${((WORDS / bareMs) * 1000).toFixed(0)} deltas/s`],
  ['tessera.mux.stream() (whole path)', `${((WORDS / sdkMs) * 1000).toFixed(0)} deltas/s`],
  ['ratio (SDK time / baseline time; goal <= 1.5)', (sdkMs / bareMs).toFixed(2)],
]);
