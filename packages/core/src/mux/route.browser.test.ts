import { expect } from '@open-wc/testing';
import { HttpResponse, http } from 'msw';
import { setupWorker } from 'msw/browser';
import { echoWords, openAiAnswerEvents } from '../../test-support/openai-sse.js';
import { createTessera } from '../tessera.js';

// In a browser, a provider that refuses CORS (Perplexity) is reached through the hosted relay,
// for calls and for key checks, with the publishable key and the instance's user token; the stored
// key is still the provider's, in Tessera-Upstream-Authorization.
const API = 'https://api.tessera.test/';
const seen: { url: string; pk: string | null; auth: string | null; upstream: string | null }[] = [];
const record = (request: Request) =>
  seen.push({
    url: request.url,
    pk: request.headers.get('Tessera-Publishable-Key'),
    auth: request.headers.get('Authorization'),
    upstream: request.headers.get('Tessera-Upstream-Authorization'),
  });
const worker = setupWorker(
  http.post(`${API}v1/relay/perplexity/chat/completions`, async ({ request }) => {
    record(request);
    const body = await request.json();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const event of openAiAnswerEvents('sonar', echoWords(body)))
          controller.enqueue(new TextEncoder().encode(event));
        controller.close();
      },
    });
    return new HttpResponse(stream, { headers: { 'content-type': 'text/event-stream' } });
  }),
  http.get(`${API}v1/relay/perplexity/async/chat/completions`, ({ request }) => {
    record(request);
    return HttpResponse.json({ requests: [] });
  }),
);
before(() => worker.start({ quiet: true, onUnhandledRequest: 'bypass' }));
after(() => worker.stop());

describe('providers that refuse browser CORS go through the relay', () => {
  it('streams and checks keys through the relay with the publishable key and the user token', async () => {
    const tessera = createTessera({
      store: 'memory',
      apiUrl: API,
      publishableKey: 'pk_test_relay',
      userToken: async () => 'user.jwt.token',
    });
    tessera.events.on('warning', () => {});
    await tessera.keys.set('perplexity', 'pplx-test-000000000001');
    const result = await tessera.mux.stream({
      provider: 'perplexity',
      model: 'sonar',
      messages: [{ role: 'user', content: 'relayed' }],
    }).result;
    expect(result.text).to.equal('You said: relayed');
    expect((await tessera.keys.validate('perplexity')).status).to.equal('valid');
    expect(seen.map((s) => [new URL(s.url).pathname, s.pk, s.auth, s.upstream])).to.deep.equal([
      [
        '/v1/relay/perplexity/chat/completions',
        'pk_test_relay',
        'Bearer user.jwt.token',
        'Bearer pplx-test-000000000001',
      ],
      [
        '/v1/relay/perplexity/async/chat/completions',
        'pk_test_relay',
        'Bearer user.jwt.token',
        'Bearer pplx-test-000000000001',
      ],
    ]);
  });
});
