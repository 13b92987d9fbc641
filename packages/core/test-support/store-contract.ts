/**
 * The behaviour every StoreAdapter must have, as plain async cases so the same contract runs
 * under node:test (memory store) and in Chromium under web-test-runner (IndexedDB).
 */
import { createAcu } from '../src/acu/create.js';
import { generateSigner } from '../src/acu/signing.js';
import { uuidv7 } from '../src/ids/uuid-v7.js';
import type { ConversationRecord, MessageRecord } from '../src/store/schema.js';
import type { StoreAdapter } from '../src/store/store-adapter.js';

export interface ContractCase {
  name: string;
  run(store: StoreAdapter): Promise<void>;
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function same(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  check(a === e, `${what}: expected ${e}, got ${a}`);
}

export function conversation(overrides: Partial<ConversationRecord> = {}): ConversationRecord {
  const now = new Date().toISOString();
  return { id: uuidv7(), title: 'A conversation', createdAt: now, updatedAt: now, ...overrides };
}

export function message(conversationId: string, overrides: Partial<MessageRecord> = {}): MessageRecord {
  const now = new Date().toISOString();
  return {
    id: uuidv7(),
    conversationId,
    parentId: null,
    role: 'user',
    text: 'hello',
    status: 'complete',
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

export const storeContract: ContractCase[] = [
  {
    name: 'keeps a conversation and reads it back equal',
    async run(store) {
      const c = conversation({ title: 'Trip to Lisbon' });
      await store.putConversation(c);
      same(await store.getConversation(c.id), c, 'stored conversation');
      check((await store.getConversation('missing')) === undefined, 'an unknown id reads as undefined');
    },
  },
  {
    name: 'lists conversations most recently updated first',
    async run(store) {
      const older = conversation({ updatedAt: '2026-01-01T00:00:00.000Z' });
      const newer = conversation({ updatedAt: '2026-06-01T00:00:00.000Z' });
      await store.putConversation(older);
      await store.putConversation(newer);
      const ids = (await store.listConversations()).map((c) => c.id);
      check(ids.indexOf(newer.id) < ids.indexOf(older.id), `newer first, got ${ids.join(', ')}`);
    },
  },
  {
    name: 'lists a conversation’s messages in creation order, and only its own',
    async run(store) {
      const c = conversation();
      const other = conversation();
      await store.putConversation(c);
      await store.putConversation(other);
      const first = message(c.id, { text: 'one' });
      const second = message(c.id, { text: 'two', parentId: first.id, role: 'assistant' });
      const foreign = message(other.id, { text: 'elsewhere' });
      // Written out of order on purpose: order comes from the time-ordered ids.
      await store.putMessage(second);
      await store.putMessage(foreign);
      await store.putMessage(first);
      same(
        (await store.listMessages(c.id)).map((m) => m.text),
        ['one', 'two'],
        'messages',
      );
    },
  },
  {
    name: 'replaces a message written again with the same id',
    async run(store) {
      const c = conversation();
      await store.putConversation(c);
      const m = message(c.id, { role: 'assistant', text: '', status: 'streaming' });
      await store.putMessage(m);
      await store.putMessage({ ...m, text: 'partial answer', status: 'incomplete' });
      const stored = await store.listMessages(c.id);
      same(
        stored.map((s) => [s.text, s.status]),
        [['partial answer', 'incomplete']],
        'messages after update',
      );
    },
  },
  {
    name: 'deletes a conversation with its messages and nothing else',
    async run(store) {
      const doomed = conversation();
      const kept = conversation();
      await store.putConversation(doomed);
      await store.putConversation(kept);
      await store.putMessage(message(doomed.id));
      await store.putMessage(message(kept.id, { text: 'still here' }));
      await store.deleteConversation(doomed.id);
      check((await store.getConversation(doomed.id)) === undefined, 'conversation gone');
      same(await store.listMessages(doomed.id), [], 'its messages gone');
      same(
        (await store.listMessages(kept.id)).map((m) => m.text),
        ['still here'],
        'the other conversation kept',
      );
    },
  },
  {
    name: 'returns copies: changing what was read does not change what is stored',
    async run(store) {
      const c = conversation({ title: 'original' });
      await store.putConversation(c);
      const read = await store.getConversation(c.id);
      if (read) read.title = 'mutated';
      same((await store.getConversation(c.id))?.title, 'original', 'stored title');
    },
  },
  {
    name: 'keeps sealed ACUs per conversation, usable signing keys, and deletes ACUs with their conversation',
    async run(store) {
      const signer = await generateSigner('contract-owner');
      const c = conversation();
      const other = conversation();
      const first = await createAcu(
        { content: { role: 'user', text: 'sealed' }, metadata: { conversationId: c.id } },
        { signer },
      );
      const second = await createAcu(
        { content: { role: 'assistant', text: 'reply' }, metadata: { conversationId: c.id } },
        { signer, parent: first },
      );
      const elsewhere = await createAcu(
        { content: { role: 'user', text: 'other' }, metadata: { conversationId: other.id } },
        { signer },
      );
      await store.putAcus([second, elsewhere, first]);
      same(
        (await store.listAcus(c.id)).map((a) => a.id),
        [first.id, second.id],
        'ACUs of the conversation',
      );
      same(await store.getAcu(second.id), second, 'an ACU read back');
      await store.putSigningKey('contract-owner', signer.keyPair);
      const keyPair = await store.getSigningKey('contract-owner');
      check(keyPair?.privateKey instanceof CryptoKey, 'the key pair comes back as CryptoKeys');
      check(keyPair?.privateKey.extractable === false, 'the private key stays non-extractable');
      await store.putConversation(c);
      await store.deleteConversation(c.id);
      same(await store.listAcus(c.id), [], 'ACUs deleted with their conversation');
      same(
        (await store.listAcus(other.id)).map((a) => a.id),
        [elsewhere.id],
        'other ACUs kept',
      );
    },
  },
];
