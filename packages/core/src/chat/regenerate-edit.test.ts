import assert from 'node:assert/strict';
import { test } from 'node:test';
import { suiteServer } from '../../test-support/suite-server.js';
import { TesseraError } from '../errors/tessera-error.js';
import { createTessera, type Tessera } from '../tessera.js';
import { activeBranch } from './branches.js';

const server = suiteServer();

const target = (model = 'local-model') => ({ provider: 'openai-compatible', model, baseURL: server.baseURL });

/** What the provider was last asked, as [role, content] pairs. */
function lastSent(): [string, string][] {
  const body = server.requests.at(-1)?.body as { messages: { role: string; content: string }[] };
  return body.messages.map((m) => [m.role, m.content]);
}

/** Two complete turns: "first" and "second", each answered. */
async function twoTurns(tessera: Tessera) {
  const first = await tessera.chat.send({ text: 'first', ...target() });
  const firstAnswer = await first.done;
  const second = await tessera.chat.send({ text: 'second', conversationId: first.conversationId, ...target() });
  const secondAnswer = await second.done;
  return { conversationId: first.conversationId, first, firstAnswer, second, secondAnswer };
}

test('regenerate writes a new answer beside the old one, sending only the path down to its question', async () => {
  const tessera = createTessera();
  const { conversationId, first, firstAnswer } = await twoTurns(tessera);
  const turn = await tessera.chat.regenerate({
    messageId: firstAnswer.id,
    conversationId,
    ...target('other-model'),
  });
  assert.equal(turn.userMessage.id, first.userMessage.id, 'the question is the same message');
  const answer = await turn.done;
  assert.equal(answer.status, 'complete');
  assert.equal(answer.parentId, first.userMessage.id);
  assert.equal(answer.model, 'other-model');
  // The second turn sits on the other branch: the model must not see it.
  assert.deepEqual(lastSent(), [['user', 'first']]);

  const messages = await tessera.chat.messages(conversationId);
  assert.equal(messages.length, 5, 'nothing replaced, one answer added');
  const siblings = messages.filter((m) => m.parentId === first.userMessage.id);
  assert.deepEqual(
    siblings.map((m) => m.id),
    [firstAnswer.id, answer.id],
  );
  const path = activeBranch(messages);
  assert.deepEqual(
    path.map((s) => [s.message.id, s.index, s.count]),
    [
      [first.userMessage.id, 0, 1],
      [answer.id, 1, 2],
    ],
  );
});

test('a regenerated answer is sealed once, chained to the question’s ACU, which is not sealed again', async () => {
  const tessera = createTessera();
  const { conversationId, first, firstAnswer } = await twoTurns(tessera);
  const before = await tessera.acu.list({ conversationId });
  const turn = await tessera.chat.regenerate({ messageId: firstAnswer.id, conversationId, ...target() });
  const answer = await turn.done;
  const acus = await tessera.acu.list({ conversationId });
  assert.equal(acus.length, before.length + 1, 'only the new answer was sealed');
  const questionAcuId = (await tessera.chat.messages(conversationId)).find((m) => m.id === first.userMessage.id)?.acuId;
  const question = acus.find((a) => a.id === questionAcuId);
  const sealed = acus.find((a) => a.id === answer.acuId);
  assert.ok(question && sealed);
  assert.equal(sealed.content.role, 'assistant');
  assert.equal(sealed.provenance.parentId, question.id);
  assert.equal(sealed.provenance.parentHash, question.provenance.hash);
  const stored = await tessera.chat.messages(conversationId);
  assert.equal(stored.find((m) => m.id === first.userMessage.id)?.acuId, question.id);
  const chain = await tessera.acu.verifyChain(conversationId);
  assert.equal(chain.ok, true, JSON.stringify(chain));
});

test('edit keeps the original message and answers the new text with the history before it', async () => {
  const tessera = createTessera();
  const { conversationId, firstAnswer, second, secondAnswer } = await twoTurns(tessera);
  const turn = await tessera.chat.edit({ messageId: second.userMessage.id, text: 'second, said better', ...target() });
  assert.notEqual(turn.userMessage.id, second.userMessage.id);
  assert.equal(turn.userMessage.parentId, firstAnswer.id, 'a sibling of the edited message');
  assert.equal(turn.userMessage.text, 'second, said better');
  const answer = await turn.done;
  assert.equal(answer.text, 'You said: second, said better');
  assert.deepEqual(lastSent(), [
    ['user', 'first'],
    ['assistant', 'You said: first'],
    ['user', 'second, said better'],
  ]);

  const messages = await tessera.chat.messages(conversationId);
  assert.deepEqual(
    messages.filter((m) => m.parentId === firstAnswer.id).map((m) => m.text),
    ['second', 'second, said better'],
  );
  assert.ok(
    messages.some((m) => m.id === secondAnswer.id),
    'the old branch is kept with its answer',
  );

  // The edited question chains to the ACU of the message it follows; its answer to it.
  const acus = await tessera.acu.list({ conversationId });
  const byId = new Map(acus.map((a) => [a.id, a]));
  const editedAcu = byId.get(turn.userMessage.id);
  const answerAcu = byId.get(answer.acuId ?? '');
  assert.ok(editedAcu && answerAcu);
  assert.equal(editedAcu.provenance.parentId, firstAnswer.acuId);
  assert.equal(editedAcu.provenance.parentHash, byId.get(firstAnswer.acuId ?? '')?.provenance.hash);
  assert.equal(answerAcu.provenance.parentId, editedAcu.id);
  assert.equal(messages.find((m) => m.id === turn.userMessage.id)?.acuId, editedAcu.id, 'the record names its ACU');
  assert.equal((await tessera.acu.verifyChain(conversationId)).ok, true);
});

test('editing the first message starts a second root, sealed with no parent', async () => {
  const tessera = createTessera();
  const { conversationId, first } = await twoTurns(tessera);
  const turn = await tessera.chat.edit({ messageId: first.userMessage.id, text: 'first, again', ...target() });
  const answer = await turn.done;
  assert.equal(turn.userMessage.parentId, null);
  assert.deepEqual(lastSent(), [['user', 'first, again']]);
  const acu = (await tessera.acu.list({ conversationId })).find((a) => a.id === turn.userMessage.acuId);
  assert.equal(acu?.provenance.parentId ?? null, null);
  const path = activeBranch(await tessera.chat.messages(conversationId));
  assert.deepEqual(
    path.map((s) => `${s.message.text} ${s.index + 1}/${s.count}`),
    ['first, again 2/2', `${answer.text} 1/1`],
  );
});

test('send after a switched branch follows the message on screen and sends only that path', async () => {
  const tessera = createTessera();
  const { conversationId, firstAnswer } = await twoTurns(tessera);
  // Regenerating makes the new answer the newest message; the user then goes back to the first one.
  await (await tessera.chat.regenerate({ messageId: firstAnswer.id, ...target() })).done;
  const turn = await tessera.chat.send({ text: 'third', conversationId, parentId: firstAnswer.id, ...target() });
  await turn.done;
  assert.equal(turn.userMessage.parentId, firstAnswer.id);
  assert.deepEqual(lastSent(), [
    ['user', 'first'],
    ['assistant', 'You said: first'],
    ['user', 'third'],
  ]);
  // Without a parent, a message follows the newest message, as before branches.
  const next = await tessera.chat.send({ text: 'fourth', conversationId, ...target() });
  await next.done;
  assert.equal(next.userMessage.parentId, (await tessera.chat.messages(conversationId)).at(-3)?.id);
  assert.equal((await tessera.acu.verifyChain(conversationId)).ok, true);
});

test('regenerate and edit refuse the wrong kind of message, an unknown one, and write nothing', async () => {
  const tessera = createTessera();
  const { conversationId, first, firstAnswer } = await twoTurns(tessera);
  const isValidation = (pattern: RegExp) => (e: unknown) =>
    e instanceof TesseraError && e.code === 'validation' && pattern.test(e.message);
  await assert.rejects(
    tessera.chat.regenerate({ messageId: first.userMessage.id, conversationId, ...target() }),
    isValidation(/answer/),
  );
  await assert.rejects(
    tessera.chat.edit({ messageId: firstAnswer.id, conversationId, text: 'x', ...target() }),
    isValidation(/your own messages/),
  );
  await assert.rejects(
    tessera.chat.regenerate({ messageId: 'missing', ...target() }),
    isValidation(/no longer exists/),
  );
  await assert.rejects(
    tessera.chat.edit({ messageId: first.userMessage.id, text: '  ', ...target() }),
    isValidation(/Write a message/),
  );
  await assert.rejects(
    tessera.chat.send({ text: 'x', parentId: firstAnswer.id, ...target() }),
    isValidation(/conversationId/),
  );
  assert.equal((await tessera.chat.messages(conversationId)).length, 4);
});
