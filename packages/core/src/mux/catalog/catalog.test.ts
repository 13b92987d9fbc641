import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { closedPort } from '../../../test-support/closed-port.js';
import {
  type OpenAiCompatibleServer,
  startOpenAiCompatibleServer,
} from '../../../test-support/openai-compatible-server.js';
import { createTessera } from '../../tessera.js';
import { ModelCatalog } from './catalog.js';
import { costOf } from './cost.js';

test('cost prices uncached input, cached input, output and reasoning apart', () => {
  const usage = { inputTokens: 1_000_000, cachedInputTokens: 400_000, outputTokens: 500_000, reasoningTokens: 200_000 };
  const cost = costOf(usage, { input: 2, cachedInput: 0.5, output: 8, reasoning: 10 });
  // 600k × $2 + 400k × $0.50 + 300k × $8 + 200k × $10, per million
  assert.equal(cost, 1.2 + 0.2 + 2.4 + 2);
});

test('cached and reasoning tokens fall back to input and output prices when a model has no separate ones', () => {
  const usage = { inputTokens: 1000, cachedInputTokens: 1000, outputTokens: 1000, reasoningTokens: 1000 };
  assert.equal(costOf(usage, { input: 3, output: 15 }), (1000 * 3 + 1000 * 15) / 1_000_000);
});

test('a dated snapshot is priced as its model, partner overrides win, unknown models have no price', () => {
  const catalog = new ModelCatalog({ 'openai/gpt-4o': { input: 1, output: 2 } });
  assert.deepEqual(catalog.prices('openai', 'gpt-4o-2024-08-06'), { input: 1, output: 2 });
  assert.equal(catalog.prices('anthropic', 'claude-sonnet-4-5-20250929')?.output, 15);
  assert.equal(catalog.prices('openai', 'gpt-4o-mini')?.input, 0.15);
  assert.equal(catalog.prices('openai', 'gpt-5-codex'), undefined);
  assert.equal(catalog.prices('openai-compatible', 'anything'), undefined);
});

test('every catalog entry has a context window, capabilities, and a check date beside its prices', () => {
  for (const entry of new ModelCatalog().entries()) {
    assert.ok(entry.contextWindow > 0, entry.model);
    if (entry.prices) assert.match(entry.pricesCheckedAt ?? '', /^\d{4}-\d{2}-\d{2}$/, entry.model);
  }
});

let server: OpenAiCompatibleServer;
before(async () => {
  server = await startOpenAiCompatibleServer();
});
after(() => server.close());

test('the result carries the cost of the usage the provider reported', async () => {
  const tessera = createTessera({ prices: { 'openai-compatible/priced-model': { input: 1, output: 2 } } });
  const result = await tessera.mux.stream({
    provider: 'openai-compatible',
    model: 'priced-model',
    baseURL: server.baseURL,
    messages: [{ role: 'user', content: 'three words here' }],
  }).result;
  // The local server bills 12 input tokens and one output token per word of "You said: three words here".
  assert.equal(result.cost, (12 * 1 + 5 * 2) / 1_000_000);
  const unpriced = await tessera.mux.stream({
    provider: 'openai-compatible',
    model: 'unpriced',
    baseURL: server.baseURL,
    messages: [{ role: 'user', content: 'hi' }],
  }).result;
  assert.equal(unpriced.cost, undefined);
});

test('models() marks a provider’s models available once the user has its key', async () => {
  const tessera = createTessera();
  tessera.events.on('warning', () => {});
  const before = await tessera.mux.models();
  assert.equal(before.find((m) => m.provider === 'openai')?.available, false);
  await tessera.keys.set('openai', 'sk-test-key-123456');
  const afterKey = await tessera.mux.models();
  assert.ok(afterKey.filter((m) => m.provider === 'openai').every((m) => m.available));
  assert.ok(afterKey.every((m) => tessera.mux.providers().some((p) => p.id === m.provider)));
});

test('checkKey tells a valid key from an invalid one, and an unreachable server', async () => {
  const tessera = createTessera();
  const check = (apiKey: string, baseURL = server.baseURL) =>
    tessera.mux.checkKey({ provider: 'openai-compatible', apiKey, baseURL });
  assert.equal((await check('sk-good')).status, 'valid');
  const invalid = await check('sk-invalid');
  assert.equal(invalid.status, 'invalid');
  assert.ok(!invalid.message.includes('sk-invalid'));
  assert.equal((await check('sk-good', `http://127.0.0.1:${await closedPort()}/v1`)).status, 'unreachable');
});

test('keys.rotate keeps the old key unless the new one checks valid; keys.validate checks the stored one', async () => {
  const tessera = createTessera();
  tessera.events.on('warning', () => {});
  const options = { baseURL: server.baseURL };
  await tessera.keys.set('openai-compatible', 'sk-old-key-000001', options);
  const refused = await tessera.keys.rotate('openai-compatible', 'sk-invalid', options);
  assert.equal(refused.status, 'invalid');
  assert.equal((await tessera.keys.list())[0]?.masked, 'sk-…0001');
  assert.equal((await tessera.keys.rotate('openai-compatible', 'sk-new-key-000002', options)).status, 'valid');
  assert.equal((await tessera.keys.list())[0]?.masked, 'sk-…0002');
  assert.equal((await tessera.keys.validate('openai-compatible', options)).status, 'valid');
  assert.equal((await tessera.keys.validate('openai', options)).status, 'invalid');
});
