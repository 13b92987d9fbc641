import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  type OpenAiCompatibleServer,
  startOpenAiCompatibleServer,
} from '../../test-support/openai-compatible-server.js';
import { TesseraError } from '../errors/tessera-error.js';
import { createTessera } from '../tessera.js';

let server: OpenAiCompatibleServer;
before(async () => {
  server = await startOpenAiCompatibleServer();
});
after(() => server.close());

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
