/**
 * The behaviour every StoreAdapter must have, as plain async cases so the same contract runs
 * under node:test (memory store, and the record store over memory with every master key source),
 * in Chromium under web-test-runner (IndexedDB), and over the Node file backend. Each case gets a
 * fresh, empty store.
 */
import { createAcu } from '../src/acu/create.js';
import { generateSigner, signerFromKeyPair } from '../src/acu/signing.js';
import { uuidv7 } from '../src/ids/uuid-v7.js';
import type { AuditEntry } from '../src/store/audit-entry.js';
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

export function auditEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: uuidv7(),
    at: new Date().toISOString(),
    actor: 'contract-owner',
    via: 'chat',
    action: 'messages.write',
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
      // A store that seals signing keys under its master key needs them extractable to do so.
      const signer = await generateSigner('contract-owner', { extractable: store.wrapsSigningKeys === true });
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
      check(keyPair?.privateKey.extractable === false, 'the private key comes back non-extractable');
      const reloaded = await signerFromKeyPair('contract-owner', keyPair);
      same(reloaded.publicKey, signer.publicKey, 'the reloaded signer is the same key');
      check((await store.getSigningKey('someone-else')) === undefined, 'no key for another owner');
      await store.putConversation(c);
      await store.deleteConversation(c.id);
      same(await store.listAcus(c.id), [], 'ACUs deleted with their conversation');
      check((await store.getAcu(first.id)) === undefined, 'a deleted ACU is not found by id');
      same(
        (await store.listAcus(other.id)).map((a) => a.id),
        [elsewhere.id],
        'other ACUs kept',
      );
    },
  },
  {
    name: 'orders conversations updated at the same time by id, newest id first',
    async run(store) {
      const at = '2026-03-01T00:00:00.000Z';
      const first = conversation({ updatedAt: at });
      const second = conversation({ updatedAt: at });
      await store.putConversation(first);
      await store.putConversation(second);
      same(
        (await store.listConversations()).map((c) => c.id),
        [second.id, first.id],
        'conversations',
      );
    },
  },
  {
    name: 'keeps every field of a message exactly',
    async run(store) {
      const c = conversation();
      await store.putConversation(c);
      const m = message(c.id, {
        role: 'assistant',
        text: 'Answer with “quotes”, emoji 🧭 and a\nnewline',
        reasoning: 'thought',
        provider: 'openai',
        model: 'gpt-4o',
        status: 'error',
        error: { code: 'rate_limit', message: 'Slow down.' },
        cost: 0.0123,
        acuId: uuidv7(),
      });
      await store.putMessage(m);
      same(await store.listMessages(c.id), [m], 'stored message');
    },
  },
  {
    name: 'deletes a conversation entirely: its record, messages and ACUs, not another’s',
    async run(store) {
      const signer = await generateSigner('contract-owner');
      const doomed = conversation();
      const kept = conversation();
      await store.putConversation(doomed);
      await store.putConversation(kept);
      await store.putMessage(message(doomed.id));
      await store.putMessage(message(kept.id));
      const doomedAcu = await createAcu(
        { content: { role: 'user', text: 'gone' }, metadata: { conversationId: doomed.id } },
        { signer },
      );
      const keptAcu = await createAcu(
        { content: { role: 'user', text: 'kept' }, metadata: { conversationId: kept.id } },
        { signer },
      );
      await store.putAcus([doomedAcu, keptAcu]);
      await store.deleteConversation(doomed.id);
      check(!(await store.listConversations()).some((c) => c.id === doomed.id), 'not listed any more');
      same(await store.listMessages(doomed.id), [], 'messages gone');
      same(await store.listAcus(doomed.id), [], 'ACUs gone');
      same(
        (await store.listConversations()).map((c) => c.id),
        [kept.id],
        'the other conversation is listed',
      );
      check((await store.listMessages(kept.id)).length === 1, 'the other conversation keeps its message');
      same(await store.getAcu(keptAcu.id), keptAcu, 'the other conversation keeps its ACU');
      // A conversation deleted and written to again starts afresh (an encrypting store makes a new key).
      const again = message(doomed.id, { text: 'new start' });
      await store.putMessage(again);
      same(await store.listMessages(doomed.id), [again], 'a new message in the deleted conversation');
    },
  },
  {
    name: 'keeps an audit log: newest first, limited on request',
    async run(store) {
      const entries = [
        auditEntry({ action: 'store.open', via: 'store' }),
        auditEntry({ action: 'conversation.create', conversationId: uuidv7() }),
        auditEntry({ action: 'export', format: 'zip', count: 3, origin: 'https://partner.example' }),
      ];
      // Appended out of order on purpose: the log orders by id (UUIDv7, so by time).
      for (const entry of [entries[1], entries[0], entries[2]]) if (entry) await store.appendAudit(entry);
      const newestFirst = [...entries].reverse();
      same(await store.listAudit(), newestFirst, 'the whole log');
      same(await store.listAudit({ limit: 2 }), newestFirst.slice(0, 2), 'the two newest');
      same(await store.listAudit({ limit: 0 }), [], 'limit 0');
      same(await store.listAudit({ limit: 10 }), newestFirst, 'a limit above the size');
    },
  },
  {
    name: 'the audit log outlives the conversations it mentions',
    async run(store) {
      const c = conversation();
      await store.putConversation(c);
      const created = auditEntry({ action: 'conversation.create', conversationId: c.id });
      const deleted = auditEntry({
        action: 'conversation.delete',
        conversationId: c.id,
        receiptHash: `sha256:${'0'.repeat(64)}`,
      });
      await store.appendAudit(created);
      await store.deleteConversation(c.id);
      await store.appendAudit(deleted);
      same(await store.listAudit(), [deleted, created], 'entries about the deleted conversation');
    },
  },
  {
    name: 'says how it protects data at rest and how much it uses',
    async run(store) {
      const { encryption, masterKey } = store.protection;
      check(['aes-gcm-256', 'none'].includes(encryption), `encryption is ${encryption}`);
      check(['device', 'passphrase', 'key-file', 'none'].includes(masterKey), `master key is ${masterKey}`);
      check((encryption === 'none') === (masterKey === 'none'), 'encrypted exactly when there is a master key');
      const c = conversation();
      await store.putConversation(c);
      await store.putMessage(message(c.id));
      const usage = await store.usage();
      if (usage !== undefined) {
        check(Number.isFinite(usage.usedBytes) && usage.usedBytes > 0, `used bytes ${usage.usedBytes} after writing`);
        check(usage.quotaBytes === undefined || usage.quotaBytes >= usage.usedBytes, 'quota at least the bytes used');
      }
    },
  },
];
