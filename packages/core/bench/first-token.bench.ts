/**
 * Added latency to the first token: tessera.mux.stream() against a raw fetch reading the same
 * local server, alternating, in the same run. The server answers at once, so the difference is
 * the SDK's own overhead (validation, key lookup, request building, parsing, MuxStream).
 */
import { createTessera } from '../src/tessera.js';
import { startOpenAiCompatibleServer } from '../test-support/openai-compatible-server.js';
import { compare, report } from './bench-kit.js';

const server = await startOpenAiCompatibleServer();
const tessera = createTessera();
const request = {
  provider: 'openai-compatible',
  model: 'bench-model',
  baseURL: server.baseURL,
  messages: [{ role: 'user' as const, content: 'first token please' }],
};

async function sdk(): Promise<number> {
  const start = performance.now();
  const stream = tessera.mux.stream(request);
  for await (const part of stream) {
    if (part.type === 'text-delta') break;
  }
  const elapsed = performance.now() - start;
  await stream.result.catch(() => {});
  return elapsed;
}

async function raw(): Promise<number> {
  const start = performance.now();
  const response = await fetch(`${server.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'bench-model', stream: true, messages: request.messages }),
  });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
    if (/"content":"[^"]/.test(text)) break;
  }
  const elapsed = performance.now() - start;
  await reader.cancel();
  return elapsed;
}

await compare(10, { sdk, raw });
const median = await compare(100, { sdk, raw });
const sdkMs = median.sdk ?? Number.NaN;
const rawMs = median.raw ?? Number.NaN;
report('Time to first token against a local server (median of 100)', [
  ['raw fetch + string scan (baseline)', `${rawMs.toFixed(2)} ms`],
  ['tessera.mux.stream()', `${sdkMs.toFixed(2)} ms`],
  ['median overhead (goal < 1 ms)', `${(sdkMs - rawMs).toFixed(2)} ms`],
  ['ratio', (sdkMs / rawMs).toFixed(2)],
]);
await tessera.close();
await server.close();
