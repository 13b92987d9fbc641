import { expect } from '@open-wc/testing';
import { HttpResponse, http } from 'msw';
import { setupWorker } from 'msw/browser';
import { echoWords, openAiAnswerEvents } from '../../test-support/openai-sse.js';
import { TesseraError } from '../errors/tessera-error.js';
import { createMux } from './mux.js';
import { relayedAuthHeaders } from './providers/auth-headers.js';
import { ProviderRegistry } from './providers/registry.js';
import type { RelaySettings } from './route.js';

// Calls through the hosted relay (in a browser, for providers that refuse CORS) carry the user
// token as Authorization and the provider's own Authorization as Tessera-Upstream-Authorization.
// msw plays the relay: it answers as the server does, from the headers it receives.
const API = 'https://relay.tessera.test/';
const PK = 'pk_test_relay';
const PROVIDER_KEY = 'pplx-relay-test-000000000001';
const GOOD = 'jwt.good.token';
const EXPIRED = 'jwt.expired.token';

interface Seen {
  path: string;
  headers: Record<string, string>;
}
const seen: Seen[] = [];
let providerRefuses = false;
let relayRefuses: { code: string; message: string } | undefined;

const relayError = (code: string, message: string) => HttpResponse.json({ error: { code, message } }, { status: 401 });

/** What the relay does before forwarding: check the user token; then the provider answers. */
function relay(request: Request, answer: () => Response | Promise<Response>) {
  seen.push({ path: new URL(request.url).pathname, headers: Object.fromEntries(request.headers) });
  const token = request.headers.get('Authorization');
  if (token === `Bearer ${EXPIRED}`)
    return relayError('expired_user_token', 'The user token has expired: get a new one from your backend.');
  if (relayRefuses) return relayError(relayRefuses.code, relayRefuses.message);
  if (token !== `Bearer ${GOOD}`) return relayError('invalid_user_token', 'The user token could not be verified.');
  if (providerRefuses || request.headers.get('Tessera-Upstream-Authorization') !== `Bearer ${PROVIDER_KEY}`) {
    // Exactly what OpenAI-style providers answer: a body of the same shape as the relay's.
    return HttpResponse.json(
      { error: { message: 'Invalid API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } },
      { status: 401 },
    );
  }
  return answer();
}

const worker = setupWorker(
  http.post(`${API}v1/relay/perplexity/chat/completions`, ({ request }) =>
    relay(request, async () => {
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
  ),
  http.get(`${API}v1/relay/perplexity/async/chat/completions`, ({ request }) =>
    relay(request, () => HttpResponse.json({ requests: [] })),
  ),
);
before(() => worker.start({ quiet: true, onUnhandledRequest: 'bypass' }));
after(() => worker.stop());
beforeEach(() => {
  seen.length = 0;
  providerRefuses = false;
  relayRefuses = undefined;
});

/** A mux whose relay takes its user tokens from `tokens`, in turn (the last one repeats). */
function relayedMux(tokens: (string | undefined)[]) {
  const calls = { token: 0, fetch: 0 };
  const userToken = async () => tokens[Math.min(calls.token++, tokens.length - 1)];
  const relaySettings: RelaySettings = { apiUrl: API, publishableKey: PK, userToken };
  const mux = createMux({
    registry: new ProviderRegistry(),
    fetch: (...args) => {
      calls.fetch++;
      return fetch(...args);
    },
    idleTimeoutMs: 10_000,
    resolveKey: async (provider) => (provider === 'perplexity' ? { apiKey: PROVIDER_KEY } : undefined),
    relay: relaySettings,
  });
  return { mux, calls };
}

const ask = { provider: 'perplexity', model: 'sonar', messages: [{ role: 'user' as const, content: 'relayed' }] };

async function failure(promise: Promise<unknown>): Promise<TesseraError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(TesseraError);
    return error as TesseraError;
  }
  throw new Error('expected a failure');
}

describe('calls through the relay carry the user token', () => {
  it('sends the publishable key, the user token as Authorization, and the key as Tessera-Upstream-Authorization', async () => {
    const { mux } = relayedMux([GOOD]);
    const result = await mux.stream(ask).result;
    expect(result.text).to.equal('You said: relayed');
    expect((await mux.checkKey({ provider: 'perplexity' })).status).to.equal('valid');
    expect(seen.map((s) => s.path)).to.deep.equal([
      '/v1/relay/perplexity/chat/completions',
      '/v1/relay/perplexity/async/chat/completions',
    ]);
    for (const { headers } of seen) {
      expect(headers['tessera-publishable-key']).to.equal(PK);
      expect(headers.authorization).to.equal(`Bearer ${GOOD}`);
      expect(headers['tessera-upstream-authorization']).to.equal(`Bearer ${PROVIDER_KEY}`);
    }
  });

  it('fails with an auth error that asks the site to sign the user in, before any request, without a token', async () => {
    for (const tokens of [[undefined], ['']]) {
      const { mux, calls } = relayedMux(tokens);
      const error = await failure(mux.stream(ask).result);
      expect(error.code).to.equal('auth');
      expect(error.message).to.contain('sign you in');
      expect(error.message).to.contain('your key is not the problem');
      expect(error.message).not.to.contain('refused the API key');
      const checked = await failure(mux.checkKey({ provider: 'perplexity' }));
      expect(checked.code).to.equal('auth');
      expect(calls.fetch).to.equal(0);
    }
    expect(seen).to.deep.equal([]);
  });

  it('fails the same way when the token getter throws, with nothing sent', async () => {
    const { calls } = relayedMux([GOOD]);
    const mux = createMux({
      registry: new ProviderRegistry(),
      fetch: (...args) => {
        calls.fetch++;
        return fetch(...args);
      },
      idleTimeoutMs: 10_000,
      resolveKey: async () => ({ apiKey: PROVIDER_KEY }),
      relay: {
        apiUrl: API,
        publishableKey: PK,
        userToken: async () => {
          throw new Error('the backend is down');
        },
      },
    });
    const error = await failure(mux.stream(ask).result);
    expect(error.code).to.equal('auth');
    expect(error.message).to.contain('sign-in');
    expect(calls.fetch).to.equal(0);
  });

  it('asks for a token once more and retries once when the relay says it expired', async () => {
    const { mux, calls } = relayedMux([EXPIRED, GOOD]);
    const result = await mux.stream(ask).result;
    expect(result.text).to.equal('You said: relayed');
    expect(calls.token).to.equal(2);
    expect(seen.map((s) => s.headers.authorization)).to.deep.equal([`Bearer ${EXPIRED}`, `Bearer ${GOOD}`]);

    const check = relayedMux([EXPIRED, GOOD]);
    expect((await check.mux.checkKey({ provider: 'perplexity' })).status).to.equal('valid');
    expect(check.calls.token).to.equal(2);
  });

  it('gives up after one retry when the fresh token is expired too', async () => {
    const { mux, calls } = relayedMux([EXPIRED]);
    const error = await failure(mux.stream(ask).result);
    expect(error.code).to.equal('auth');
    expect(error.message).to.contain('The user token has expired');
    expect(calls.token).to.equal(2);
    expect(calls.fetch).to.equal(2);
  });

  it("tells the relay's own 401 (the site's sign-in) from the provider's 401 (the key)", async () => {
    relayRefuses = {
      code: 'invalid_user_token',
      message: "The user token's signature does not match any of the partner's secret keys in force.",
    };
    const relayed = await failure(relayedMux([GOOD]).mux.stream(ask).result);
    expect(relayed.code).to.equal('auth');
    expect(relayed.status).to.equal(401);
    expect(relayed.message).to.contain("Tessera's relay refused this site's sign-in");
    expect(relayed.message).to.contain("does not match any of the partner's secret keys");
    expect(relayed.message).not.to.contain('refused the API key');
    expect(relayed.details).to.deep.equal({ apiCode: 'invalid_user_token' });
    const relayedCheck = await failure(relayedMux([GOOD]).mux.checkKey({ provider: 'perplexity' }));
    expect(relayedCheck.message).to.contain("Tessera's relay refused this site's sign-in");

    relayRefuses = undefined;
    providerRefuses = true;
    const provider = await failure(relayedMux([GOOD]).mux.stream(ask).result);
    expect(provider.code).to.equal('auth');
    expect(provider.message).to.contain('Perplexity refused the API key');
    expect(provider.message).not.to.contain("Tessera's relay");
    const providerCheck = await relayedMux([GOOD]).mux.checkKey({ provider: 'perplexity' });
    expect(providerCheck.status).to.equal('invalid');
    expect(providerCheck.message).to.contain('refused the API key');
  });
});

describe('relay headers', () => {
  it('moves only an Authorization key to Tessera-Upstream-Authorization; other key headers stay as they are', () => {
    expect(
      relayedAuthHeaders({ authorization: 'Bearer sk-1', 'Content-Type': 'application/json' }, PK, GOOD),
    ).to.deep.equal({
      'Tessera-Upstream-Authorization': 'Bearer sk-1',
      'Content-Type': 'application/json',
      'Tessera-Publishable-Key': PK,
      Authorization: `Bearer ${GOOD}`,
    });
    expect(relayedAuthHeaders({ 'x-api-key': 'sk-ant-1', 'anthropic-version': '2023-06-01' }, PK, GOOD)).to.deep.equal({
      'x-api-key': 'sk-ant-1',
      'anthropic-version': '2023-06-01',
      'Tessera-Publishable-Key': PK,
      Authorization: `Bearer ${GOOD}`,
    });
  });
});
