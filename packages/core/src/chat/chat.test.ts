import assert from 'node:assert/strict';
import { test } from 'node:test';
import { suiteServer } from '../../test-support/suite-server.js';
import { TesseraError } from '../errors/tessera-error.js';
import { createTessera } from '../tessera.js';

const server = suiteServer();

const turn = (text: string, model = 'local-model') => ({
  text,
  provider: 'openai-compatible',
  model,
  baseURL: server.baseURL,
});

test('a turn keeps the user message and the complete answer, with who answered and usage', async () => {
  const tessera = createTessera();
  const first = await tessera.chat.send(turn('What is a tessera?'));
  const answer = await first.done;
  assert.equal(answer.status, 'complete');
  assert.equal(answer.text, 'You said: What is a tessera?');
  assert.equal(answer.provider, 'openai-compatible');
  assert.equal(answer.model, 'local-model');
  assert.equal(answer.usage?.inputTokens, 12);
  assert.equal(answer.parentId, first.userMessage.id);

  const stored = await tessera.chat.messages(first.conversationId);
  assert.deepEqual(
    stored.map((m) => [m.role, m.text, m.status]),
    [
      ['user', 'What is a tessera?', 'complete'],
      ['assistant', 'You said: What is a tessera?', 'complete'],
    ],
  );
  const [conversation] = await tessera.chat.conversations();
  assert.equal(conversation?.title, 'What is a tessera?');
});

test('the next turn sends the conversation so far', async () => {
  const tessera = createTessera();
  const first = await tessera.chat.send(turn('first'));
  await first.done;
  const second = await tessera.chat.send({ ...turn('second'), conversationId: first.conversationId });
  await second.done;
  const sent = server.requests.at(-1)?.body as { messages: { role: string; content: string }[] };
  assert.deepEqual(
    sent.messages.map((m) => [m.role, m.content]),
    [
      ['user', 'first'],
      ['assistant', 'You said: first'],
      ['user', 'second'],
    ],
  );
  assert.equal((await tessera.chat.messages(first.conversationId)).length, 4);
});

test('a dropped connection keeps the partial answer, marked incomplete with the reason', async () => {
  const tessera = createTessera();
  const t = await tessera.chat.send(turn('one two three four five', 'drop-mid-stream'));
  const answer = await t.done;
  assert.equal(answer.status, 'incomplete');
  assert.equal(answer.text, 'You said: one');
  assert.equal(answer.error?.code, 'network');
  const stored = await tessera.chat.messages(t.conversationId);
  assert.equal(stored.at(-1)?.text, 'You said: one');
  assert.equal(stored.at(-1)?.status, 'incomplete');
});

test('a refused key leaves an error message with the sentence to show, and the user message kept', async () => {
  const tessera = createTessera();
  const t = await tessera.chat.send(turn('hello', 'fail-401'));
  const answer = await t.done;
  assert.equal(answer.status, 'error');
  assert.equal(answer.error?.code, 'auth');
  assert.match(answer.error?.message ?? '', /key/);
  assert.equal((await tessera.chat.messages(t.conversationId))[0]?.text, 'hello');
});

test('stopping keeps what arrived as an incomplete answer', async () => {
  const tessera = createTessera();
  const controller = new AbortController();
  const t = await tessera.chat.send(turn('wait', 'stall'), { signal: controller.signal });
  for await (const part of t.stream) if (part.type === 'text-delta') controller.abort();
  const answer = await t.done;
  assert.equal(answer.status, 'incomplete');
  assert.equal(answer.error?.code, 'aborted');
  assert.equal(answer.text, 'You');
});

test('invalid input writes nothing', async () => {
  const tessera = createTessera();
  await assert.rejects(
    tessera.chat.send(turn('   ')),
    (e: unknown) => e instanceof TesseraError && e.code === 'validation',
  );
  await assert.rejects(
    tessera.chat.send({ ...turn('hi'), baseURL: 'not a url' }),
    (e: unknown) => e instanceof TesseraError && e.code === 'validation',
  );
  await assert.rejects(
    tessera.chat.send({ ...turn('hi'), conversationId: 'missing' }),
    (e: unknown) => e instanceof TesseraError && /no longer exists/.test(e.message),
  );
  assert.deepEqual(await tessera.chat.conversations(), []);
});

test('every exchange is sealed as ACUs: hashed, chained across turns, signed, verifiable', async () => {
  const tessera = createTessera();
  const first = await tessera.chat.send(turn('first question'));
  await first.done;
  const second = await tessera.chat.send({ ...turn('second question'), conversationId: first.conversationId });
  await second.done;
  const acus = await tessera.acu.list({ conversationId: first.conversationId });
  assert.deepEqual(
    acus.map((a) => [a.content.role, a.content.text, a.content.status]),
    [
      ['user', 'first question', 'complete'],
      ['assistant', 'You said: first question', 'complete'],
      ['user', 'second question', 'complete'],
      ['assistant', 'You said: second question', 'complete'],
    ],
  );
  // Each message's parent is the one before it, its hash chained in.
  for (let i = 1; i < acus.length; i++) {
    assert.equal(acus[i]?.provenance.parentId, acus[i - 1]?.id);
    assert.equal(acus[i]?.provenance.parentHash, acus[i - 1]?.provenance.hash);
  }
  assert.equal(acus[1]?.content.model, 'local-model');
  assert.equal(acus[1]?.content.tokens?.input, 12);
  const chain = await tessera.acu.verifyChain(first.conversationId);
  assert.equal(chain.ok, true, JSON.stringify(chain));
  const records = await tessera.chat.messages(first.conversationId);
  assert.deepEqual(
    records.map((r) => r.acuId),
    acus.map((a) => a.id),
  );
});

test('an interrupted answer is sealed as an incomplete ACU; a failed one leaves only the question', async () => {
  const tessera = createTessera();
  const dropped = await tessera.chat.send(turn('one two three four five', 'drop-mid-stream'));
  await dropped.done;
  const acus = await tessera.acu.list({ conversationId: dropped.conversationId });
  assert.deepEqual(
    acus.map((a) => [a.content.role, a.content.text, a.content.status]),
    [
      ['user', 'one two three four five', 'complete'],
      ['assistant', 'You said: one', 'incomplete'],
    ],
  );
  const refused = await tessera.chat.send(turn('hello', 'fail-401'));
  await refused.done;
  const only = await tessera.acu.list({ conversationId: refused.conversationId });
  assert.deepEqual(
    only.map((a) => a.content.role),
    ['user'],
  );
  assert.equal((await tessera.acu.verifyChain(refused.conversationId)).ok, true);
});

test('a tampered stored ACU is caught by verifyChain, which names it', async () => {
  const tessera = createTessera();
  const t = await tessera.chat.send(turn('keep me honest'));
  await t.done;
  const store = await tessera.store.open();
  const [question] = await store.listAcus(t.conversationId);
  assert.ok(question);
  await store.putAcus([{ ...question, content: { ...question.content, text: 'something else' } }]);
  const chain = await tessera.acu.verifyChain(t.conversationId);
  assert.equal(chain.ok, false);
  assert.match(JSON.stringify(chain), new RegExp(question.id));
  assert.match(JSON.stringify(chain), /hash-mismatch/);
});
