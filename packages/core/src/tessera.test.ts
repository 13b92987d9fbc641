import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TesseraError } from './errors/tessera-error.js';
import { createTessera } from './tessera.js';

test('createTessera() with no options works in Node, with an in-memory store', async () => {
  const tessera = createTessera();
  const store = await tessera.store();
  assert.equal(store.kind, 'memory');
  assert.deepEqual(await tessera.chat.conversations(), []);
  assert.deepEqual(
    tessera.mux
      .providers()
      .map((p) => p.id)
      .sort(),
    [
      'anthropic',
      'deepseek',
      'google',
      'groq',
      'mistral',
      'ollama',
      'openai',
      'openai-compatible',
      'openrouter',
      'perplexity',
      'together',
      'xai',
    ],
  );
  await tessera.close();
});

test('an unknown option is refused with a message naming it', () => {
  assert.throws(
    () => createTessera({ apiURL: 'https://api.example.com' } as never),
    (error: unknown) =>
      error instanceof TesseraError && error.code === 'validation' && error.message.includes('`apiURL`'),
  );
});

test('a malformed option value is refused with a message saying what is expected', () => {
  assert.throws(
    () => createTessera({ publishableKey: 'sk_live_secret' }),
    (error: unknown) =>
      error instanceof TesseraError &&
      error.code === 'validation' &&
      error.message.includes('`publishableKey`') &&
      error.message.includes('pk_live_'),
  );
  assert.throws(
    () => createTessera({ store: 'sqlite' as never }),
    (error: unknown) => error instanceof TesseraError && error.message.includes('`store`'),
  );
});

test('keys are listed masked and the in-process vault says it is one', async () => {
  const tessera = createTessera();
  const warnings: string[] = [];
  tessera.events.on('warning', (w) => warnings.push(w.code));
  await tessera.keys.set('openai', 'sk-proj-abcdefghijklmnop1234');
  const [listed] = await tessera.keys.list();
  assert.equal(listed?.provider, 'openai');
  assert.equal(listed?.masked, 'sk-…1234');
  assert.ok(!JSON.stringify(await tessera.keys.list()).includes('abcdefghijklmnop'));
  assert.deepEqual(warnings, ['in-process-vault']);
  await assert.rejects(
    tessera.keys.set('openai', '   '),
    (e: unknown) => e instanceof TesseraError && e.code === 'validation',
  );
});

test('the hosted API client says what to set when it has no apiUrl', async () => {
  const tessera = createTessera();
  await assert.rejects(
    tessera.api.config(),
    (e: unknown) => e instanceof TesseraError && e.code === 'validation' && e.message.includes('apiUrl'),
  );
});

test('tessera.io exports a conversation as an archive that another instance imports and verifies', async () => {
  const { startOpenAiCompatibleServer } = await import('../test-support/openai-compatible-server.js');
  const server = await startOpenAiCompatibleServer();
  try {
    const mine = createTessera({ ownerId: 'ada' });
    const turn = await mine.chat.send({
      text: 'take me with you',
      provider: 'openai-compatible',
      model: 'm',
      baseURL: server.baseURL,
    });
    await turn.done;
    const archive = await mine.io.export({ format: 'json' });
    const theirs = createTessera({ ownerId: 'grace' });
    const report = await theirs.io.import(archive);
    assert.equal(report.acus, 2);
    assert.deepEqual(report.skipped, []);
    const original = await mine.acu.list({ conversationId: turn.conversationId });
    const copied = await theirs.acu.list({ conversationId: turn.conversationId });
    assert.deepEqual(
      copied.map((a) => a.provenance.hash),
      original.map((a) => a.provenance.hash),
    );
    assert.equal((await theirs.acu.verifyChain(turn.conversationId)).ok, true);
  } finally {
    await server.close();
  }
});
