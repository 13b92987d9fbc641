import { expect } from '@open-wc/testing';
import { setupWorker } from 'msw/browser';
import { MSW_PROVIDER_BASE_URL, openAiHandlers } from '../../test-support/openai-msw.js';
import { TesseraError } from '../errors/tessera-error.js';
import { createTessera } from '../tessera.js';

const worker = setupWorker(...openAiHandlers());
before(() => worker.start({ quiet: true, onUnhandledRequest: 'bypass' }));
after(() => worker.stop());

const ask = (model: string, text = 'hello from the browser') => ({
  provider: 'openai-compatible',
  model,
  baseURL: MSW_PROVIDER_BASE_URL,
  messages: [{ role: 'user' as const, content: text }],
});

describe('mux in the browser (OpenAI SSE through msw)', () => {
  it('streams the answer and reads usage from the chunk after finish_reason', async () => {
    const tessera = createTessera({ store: 'memory' });
    const stream = tessera.mux.stream(ask('browser-model'));
    const deltas: string[] = [];
    for await (const part of stream) if (part.type === 'text-delta') deltas.push(part.delta);
    const result = await stream.result;
    expect(deltas.join('')).to.equal('You said: hello from the browser');
    expect(deltas.length).to.equal(6);
    expect(result.usage?.inputTokens).to.equal(12);
    expect(result.usage?.outputTokens).to.equal(6);
    expect(result.finishReason.unified).to.equal('stop');
  });

  it('maps a 401 to an auth error', async () => {
    const stream = createTessera({ store: 'memory' }).mux.stream(ask('fail-401'));
    let caught: unknown;
    await stream.result.catch((error: unknown) => {
      caught = error;
    });
    expect(caught).to.be.instanceOf(TesseraError);
    expect((caught as TesseraError).code).to.equal('auth');
  });

  it('keeps the partial answer when the stream breaks', async () => {
    const stream = createTessera({ store: 'memory' }).mux.stream(ask('drop-mid-stream', 'a b c d e'));
    let caught: unknown;
    await stream.result.catch((error: unknown) => {
      caught = error;
    });
    expect((caught as TesseraError).code).to.equal('network');
    expect(stream.partial.text).to.equal('You said: a');
  });

  it('stops on abort and keeps what arrived', async () => {
    const controller = new AbortController();
    const stream = createTessera({ store: 'memory' }).mux.stream(ask('stall'), { signal: controller.signal });
    for await (const part of stream) if (part.type === 'text-delta') controller.abort();
    let caught: unknown;
    await stream.result.catch((error: unknown) => {
      caught = error;
    });
    expect((caught as TesseraError).code).to.equal('aborted');
    expect(stream.partial.text).to.equal('You');
  });
});
