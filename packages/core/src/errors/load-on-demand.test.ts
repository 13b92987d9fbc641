import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTessera } from '../tessera.js';
import { onDemand } from './load-on-demand.js';
import { TesseraError } from './tessera-error.js';

/** What a browser throws when a chunk cannot be downloaded. */
const chunkFailure = () =>
  new TypeError('Failed to fetch dynamically imported module: https://cdn.example/chunks/x.js');

const saysWhatToDo = (what: string) => (error: unknown) => {
  assert.ok(error instanceof TesseraError, `a TesseraError, got ${String(error)}`);
  assert.equal(error.code, 'network');
  assert.equal(
    error.message,
    `Tessera could not load the code for ${what}. Check the connection and try again; if it keeps failing, reload the page.`,
  );
  assert.ok(error.cause instanceof TypeError, 'the browser’s error is kept as the cause');
  return true;
};

test('a chunk that fails to load is a network error saying what to do; the next call loads it, once', async () => {
  let attempts = 0;
  const load = onDemand('import and export', async () => {
    attempts += 1;
    if (attempts === 1) throw chunkFailure();
    return { loaded: attempts };
  });
  await assert.rejects(load(), saysWhatToDo('import and export'));
  assert.deepEqual(await load(), { loaded: 2 });
  assert.deepEqual(await load(), { loaded: 2 }, 'kept once loaded');
  assert.equal(attempts, 2);
});

test('a provider format whose code cannot load fails the call with that sentence, and the next call retries', async () => {
  const tessera = createTessera();
  let attempts = 0;
  tessera.providers.registerDialectLoader('openai-chat', async () => {
    attempts += 1;
    throw chunkFailure();
  });
  const ask = () =>
    tessera.mux.stream({
      provider: 'openai',
      model: 'gpt-4o-mini',
      apiKey: 'sk-test-never-sent',
      messages: [{ role: 'user', content: 'hello' }],
      retry: { maxRetries: 0 },
    }).result;
  await assert.rejects(ask(), saysWhatToDo('the openai-chat provider format'));
  assert.equal(attempts, 1);
  await assert.rejects(ask(), saysWhatToDo('the openai-chat provider format'));
  assert.equal(attempts, 2, 'a failed load is not kept');
});
