import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type OpenAiCompatibleServer,
  startOpenAiCompatibleServer,
} from '../../test-support/openai-compatible-server.js';
import { TesseraError } from '../errors/tessera-error.js';
import { createTessera } from '../tessera.js';

// A local server connected in the key manager is saved as a key with its address: calls and key
// checks that name no base URL must go there, not to the provider's default (or nowhere).
describe('an address saved with a key', () => {
  let server: OpenAiCompatibleServer;
  before(async () => {
    server = await startOpenAiCompatibleServer();
  });
  after(() => server.close());

  const quiet = () => {
    const tessera = createTessera({ store: 'memory' });
    tessera.events.on('warning', () => {});
    return tessera;
  };
  const ask = { model: 'local-model', messages: [{ role: 'user' as const, content: 'hello there' }] };

  it('is where a call goes when the request names no base URL', async () => {
    const tessera = quiet();
    await tessera.keys.set('openai-compatible', 'sk-local-000123', { baseURL: server.baseURL });
    const before = server.requests.length;
    const result = await tessera.mux.stream({ provider: 'openai-compatible', ...ask }).result;
    assert.ok(result.text.length > 0);
    const sent = server.requests.slice(before).find((r) => r.path.endsWith('/chat/completions'));
    assert.equal(sent?.headers.authorization, 'Bearer sk-local-000123');
  });

  it('is where a saved key is checked', async () => {
    const tessera = quiet();
    await tessera.keys.set('openai-compatible', 'sk-local-000456', { baseURL: server.baseURL });
    const before = server.requests.length;
    const check = await tessera.mux.checkKey({ provider: 'openai-compatible' });
    assert.equal(check.status, 'valid');
    assert.ok(server.requests.slice(before).some((r) => r.headers.authorization === 'Bearer sk-local-000456'));
  });

  it('replaces the provider default: an Ollama saved elsewhere is called there, with no key', async () => {
    const tessera = quiet();
    // Ollama's /v1 speaks OpenAI's dialect: the openai-compatible profile with Ollama's address.
    await tessera.keys.set('openai-compatible', '', { baseURL: server.baseURL });
    const before = server.requests.length;
    await tessera.mux.stream({ provider: 'openai-compatible', ...ask }).result;
    const sent = server.requests.slice(before).find((r) => r.path.endsWith('/chat/completions'));
    assert.ok(sent, 'the call reached the saved address');
    assert.equal(sent.headers.authorization, undefined);
  });

  it('is missing: the call fails with a sentence saying where to connect the server', async () => {
    const tessera = quiet();
    await assert.rejects(tessera.mux.stream({ provider: 'openai-compatible', ...ask }).result, (error: unknown) => {
      assert.ok(error instanceof TesseraError);
      assert.equal(error.code, 'validation');
      assert.match(error.message, /needs a base URL.*key manager/);
      return true;
    });
  });
});
