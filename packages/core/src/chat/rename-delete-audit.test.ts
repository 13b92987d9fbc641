import assert from 'node:assert/strict';
import { test } from 'node:test';
import { suiteServer } from '../../test-support/suite-server.js';
import { TesseraError } from '../errors/tessera-error.js';
import type { AuditInput } from '../store/audit-entry.js';
import type { DeletionReceipt } from '../store/deletion-receipt.js';
import { createTessera } from '../tessera.js';
import { createChat } from './chat.js';

const server = suiteServer();

const target = () => ({ provider: 'openai-compatible', model: 'local-model', baseURL: server.baseURL });

/**
 * A chat over a real instance's mux, store and ACUs, whose audit entries and deletions are
 * captured here, so each test sees exactly what the chat asked for.
 */
function observedChat() {
  const tessera = createTessera();
  const audited: AuditInput[] = [];
  const deleted: string[] = [];
  const receipt = { type: 'tessera.deletion-receipt', hash: 'sha256:feed' } as unknown as DeletionReceipt;
  const chat = createChat({
    mux: tessera.mux,
    store: () => tessera.store.open(),
    events: tessera.events,
    acu: tessera.acu,
    audit: (input) => audited.push(input),
    deleteConversation: async (conversationId) => {
      deleted.push(conversationId);
      return receipt;
    },
  });
  return { tessera, chat, audited, deleted, receipt };
}

const turn = (text: string, conversationId?: string) => ({
  text,
  ...target(),
  ...(conversationId ? { conversationId } : {}),
});

test('rename trims the title, keeps the conversation’s place, and says so through the events', async () => {
  const { chat, tessera } = observedChat();
  const older = await chat.send(turn('older'));
  await older.done;
  const newer = await chat.send(turn('newer'));
  await newer.done;
  const saved: string[] = [];
  tessera.events.on('conversation-saved', (c) => saved.push(c.title));
  const renamed = await chat.renameConversation(older.conversationId, '  Tiles for the table  ');
  assert.equal(renamed.title, 'Tiles for the table');
  assert.deepEqual(saved, ['Tiles for the table']);
  const list = await chat.conversations();
  assert.deepEqual(
    list.map((c) => c.title),
    ['newer', 'Tiles for the table'],
    'renaming is not activity: the order stays',
  );
});

test('rename refuses an empty or over-long title and a missing conversation', async () => {
  const { chat } = observedChat();
  const t = await chat.send(turn('keep my name'));
  await t.done;
  const validation = (pattern: RegExp) => (e: unknown) =>
    e instanceof TesseraError && e.code === 'validation' && pattern.test(e.message);
  await assert.rejects(chat.renameConversation(t.conversationId, '   '), validation(/title/));
  await assert.rejects(chat.renameConversation(t.conversationId, 'x'.repeat(201)), validation(/200/));
  await assert.rejects(chat.renameConversation('missing', 'A title'), validation(/no longer exists/));
  assert.equal((await chat.conversations())[0]?.title, 'keep my name');
  await chat.renameConversation(t.conversationId, 'y'.repeat(200));
});

test('delete hands over to the store’s deletion and returns its receipt as is', async () => {
  const { chat, deleted, receipt, tessera } = observedChat();
  const t = await chat.send(turn('delete me'));
  await t.done;
  let emitted = 0;
  tessera.events.on('conversation-deleted', () => emitted++);
  assert.equal(await chat.deleteConversation(t.conversationId), receipt);
  assert.deepEqual(deleted, [t.conversationId]);
  assert.equal(emitted, 0, 'the store’s deletion emits the event, with the receipt; the chat does not');
});

test('audit entries: create, one write per ended turn with its count, read, rename; via chat, never content', async () => {
  const { chat, audited } = observedChat();
  const first = await chat.send(turn('a secret question'));
  const answer = await first.done;
  const id = first.conversationId;
  const second = await chat.send(turn('another secret', id));
  await second.done;
  await (await chat.regenerate({ messageId: answer.id, conversationId: id, ...target() })).done;
  await (
    await chat.edit({
      messageId: first.userMessage.id,
      conversationId: id,
      text: 'an edited secret',
      ...target(),
    })
  ).done;
  await chat.messages(id);
  await chat.renameConversation(id, 'A secret title');

  assert.deepEqual(audited, [
    { action: 'conversation.create', via: 'chat', conversationId: id },
    { action: 'messages.write', via: 'chat', conversationId: id, count: 2 },
    { action: 'messages.write', via: 'chat', conversationId: id, count: 2 },
    { action: 'messages.write', via: 'chat', conversationId: id, count: 1 },
    { action: 'messages.write', via: 'chat', conversationId: id, count: 2 },
    { action: 'conversation.read', via: 'chat', conversationId: id, count: 7 },
    { action: 'conversation.rename', via: 'chat', conversationId: id },
  ]);
  assert.doesNotMatch(JSON.stringify(audited), /secret|You said/);
});
