import { expect } from '@open-wc/testing';
import { HttpResponse, http } from 'msw';
import { setupWorker } from 'msw/browser';
import { createTessera } from '../../../tessera.js';

// Each native dialect, and the OpenAI dialect under another profile, streaming in Chromium: the
// project's own wire fixtures (served by the test server) are replayed through msw at each
// provider's real address, and the results match what the Node tests establish for them.
const fixture = async (name: string) => (await fetch(new URL(`./fixtures/${name}`, import.meta.url))).arrayBuffer();

const cases = [
  {
    provider: 'anthropic',
    model: 'claude-sonnet-4-5',
    url: 'https://api.anthropic.com/v1/messages',
    file: 'anthropic-thinking.sse.txt',
    text: '27 * 453 = **12,231**.',
    reasoning: 'The user asks 27 * 453. 27 * 453 = 12231.',
    usage: { inputTokens: 150, cachedInputTokens: 100, outputTokens: 55, reasoningTokens: 0 },
  },
  {
    provider: 'google',
    model: 'gemini-2.5-flash',
    url: 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent',
    file: 'gemini-reasoning-text.sse.txt',
    text: "There are **3** r's in strawberry.",
    reasoning: '**Counting letters**\n\nI need to count the r\'s in "strawberry". s-t-r-a-w-b-e-r-r-y: three of them.',
    usage: { inputTokens: 11, cachedInputTokens: 4, outputTokens: 163, reasoningTokens: 151 },
  },
  {
    provider: 'ollama',
    model: 'qwen3',
    url: 'http://localhost:11434/api/chat',
    file: 'ollama-chat-thinking-text.ndjson',
    text: 'Hello, world!',
    reasoning: 'The user wants a greeting.',
    usage: { inputTokens: 18, cachedInputTokens: 0, outputTokens: 9, reasoningTokens: 0 },
  },
  {
    provider: 'deepseek',
    model: 'deepseek-reasoner',
    url: 'https://api.deepseek.com/v1/chat/completions',
    file: 'openai-chat-deepseek-reasoning-cache.sse.txt',
    text: '你好！',
    reasoning: 'The user greets me in Chinese.',
    usage: { inputTokens: 100, cachedInputTokens: 64, outputTokens: 50, reasoningTokens: 20 },
  },
  {
    provider: 'openai',
    model: 'gpt-5',
    url: 'https://api.openai.com/v1/responses',
    file: 'openai-responses-reasoning-text.sse.txt',
    text: 'Hello, café ☕!',
    reasoning: '**Greeting the user**\n\nA short hello is enough.',
    usage: { inputTokens: 120, cachedInputTokens: 64, outputTokens: 90, reasoningTokens: 64 },
    providerOptions: { openai: { api: 'responses' } },
  },
];

const bodies = new Map<string, ArrayBuffer>();
const worker = setupWorker(
  ...cases.map((c) =>
    http.post(c.url, () => {
      const bytes = new Uint8Array(bodies.get(c.file) ?? new ArrayBuffer(0));
      // Delivered in small pieces, as a network would, splitting events and UTF-8 sequences.
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 29) controller.enqueue(bytes.slice(i, i + 29));
          controller.close();
        },
      });
      return new HttpResponse(stream, { headers: { 'content-type': 'text/event-stream' } });
    }),
  ),
);
before(async () => {
  for (const c of cases) bodies.set(c.file, await fixture(c.file));
  await worker.start({ quiet: true, onUnhandledRequest: 'bypass' });
});
after(() => worker.stop());

describe('every dialect streams in the browser', () => {
  for (const c of cases) {
    it(`${c.provider} (${c.file})`, async () => {
      const tessera = createTessera({ store: 'memory' });
      const result = await tessera.mux.stream({
        provider: c.provider,
        model: c.model,
        apiKey: 'sk-browser-test-000001',
        messages: [{ role: 'user', content: 'hello' }],
        ...(c.providerOptions ? { providerOptions: c.providerOptions } : {}),
      }).result;
      expect(result.text).to.equal(c.text);
      expect(result.reasoning).to.equal(c.reasoning);
      expect({ ...result.usage, raw: undefined }).to.deep.equal({ ...c.usage, raw: undefined });
      expect(result.finishReason.unified).to.equal('stop');
      expect(result.provider).to.equal(c.provider);
    });
  }
});
