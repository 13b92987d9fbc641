import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TesseraError } from './errors/tessera-error.js';
import { createTessera } from './tessera.js';

test('createTessera() with no options works in Node, with an in-memory store', async () => {
  const tessera = createTessera();
  const store = await tessera.store.open();
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

/** A Claude export of one conversation, with content that must never reach the audit log. */
function claudeExport(title: string, question: string, answer: string): string {
  const at = '2025-03-01T09:01:00.000000Z';
  const message = (uuid: string, parent: string, sender: string, text: string) => ({
    uuid,
    parent_message_uuid: parent,
    sender,
    created_at: at,
    updated_at: at,
    text,
    content: [{ type: 'text', text }],
    attachments: [],
    files: [],
  });
  return JSON.stringify([
    {
      uuid: 'cl-audit',
      name: title,
      summary: '',
      created_at: at,
      updated_at: at,
      account: { uuid: 'acct-audit' },
      chat_messages: [
        message('h1', '00000000-0000-4000-8000-000000000000', 'human', question),
        message('a1', 'h1', 'assistant', answer),
      ],
    },
  ]);
}

test('the audit log records chat, import, export, verify and delete, and never their content', async () => {
  const { startOpenAiCompatibleServer } = await import('../test-support/openai-compatible-server.js');
  const server = await startOpenAiCompatibleServer();
  const secrets = {
    asked: 'Quokka-Zanzibar-7731',
    key: 'sk-proj-Umbrella9981secretkey',
    importedTitle: 'Marmalade-Heist-4410',
    importedQuestion: 'Pelican-Orbit-5520',
    importedAnswer: 'Aubergine-Lantern-0409',
  };
  const tessera = createTessera({ ownerId: 'ada' });
  tessera.events.on('warning', () => {});
  try {
    await tessera.keys.set('openai', secrets.key);
    const turn = await tessera.chat.send({
      text: `Tell me about ${secrets.asked}`,
      provider: 'openai-compatible',
      model: 'm',
      baseURL: server.baseURL,
    });
    await turn.done;
    const report = await tessera.io.import(
      claudeExport(secrets.importedTitle, secrets.importedQuestion, secrets.importedAnswer),
    );
    assert.equal(report.conversations, 1);
    for (const format of ['json', 'markdown', 'zip'] as const) {
      const bytes = await tessera.io.export({ format });
      if (format !== 'zip') assert.ok(new TextDecoder().decode(bytes).includes(secrets.importedAnswer));
    }
    assert.equal((await tessera.acu.verifyChain(turn.conversationId)).ok, true);
    const importedReceipt = await tessera.store.deleteConversation(report.conversationIds[0]!);
    const chatReceipt = await tessera.chat.deleteConversation(turn.conversationId);
    assert.deepEqual(await tessera.store.verifyReceipt(chatReceipt), { ok: true });

    const entries = await tessera.store.audit();
    for (const entry of entries) {
      const written = JSON.stringify(entry);
      for (const [what, secret] of Object.entries(secrets)) {
        assert.ok(!written.includes(secret), `the ${what} text leaked into an audit entry: ${entry.action}`);
      }
    }
    const of = (action: string) => entries.filter((e) => e.action === action);
    assert.equal(of('store.open').length, 1);
    assert.equal(of('signing-key.create').length, 1);
    assert.deepEqual(
      of('import').map((e) => [e.via, e.format, e.count]),
      [['io', 'claude', 1]],
    );
    assert.deepEqual(
      of('export')
        .map((e) => [e.via, e.format, e.count])
        .reverse(),
      [
        ['io', 'json', 2],
        ['io', 'markdown', 2],
        ['io', 'zip', 2],
      ],
    );
    assert.deepEqual(
      of('verify').map((e) => [e.via, e.conversationId, e.count]),
      [['acu', turn.conversationId, 2]],
    );
    assert.deepEqual(
      of('conversation.delete').map((e) => [e.via, e.conversationId, e.receiptHash]),
      [
        ['chat', turn.conversationId, chatReceipt.hash],
        ['store', importedReceipt.conversationId, importedReceipt.hash],
      ],
    );
  } finally {
    await tessera.close();
    await server.close();
  }
});
