import { expect } from '@open-wc/testing';
import { SECRETS, writeSecrets } from '../../test-support/secrets-at-rest.js';
import { conversation, message, storeContract } from '../../test-support/store-contract.js';
import { createAcu } from '../acu/create.js';
import type { Acu } from '../acu/schema.js';
import { generateSigner, signerFromKeyPair } from '../acu/signing.js';
import { TesseraError } from '../errors/tessera-error.js';
import { uuidv7 } from '../ids/uuid-v7.js';
import { IndexedDbStore } from './indexeddb-store.js';
import type { ConversationRecord, MessageRecord } from './schema.js';

const PASSPHRASE = 'correct horse battery staple';

// Plain IndexedDB, no idb: the tests look at the database as anyone with access to it would.

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function rawOpen(name: string, version?: number, upgrade?: (db: IDBDatabase, tx: IDBTransaction) => void) {
  return new Promise<IDBDatabase>((resolve, reject) => {
    const req = version === undefined ? indexedDB.open(name) : indexedDB.open(name, version);
    req.onupgradeneeded = () => {
      if (req.transaction) upgrade?.(req.result, req.transaction);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

interface RawContents {
  /** Every object store with its records (key and value), as structured clone gives them back. */
  stores: Record<string, Array<{ key: IDBValidKey; value: unknown }>>;
}

async function readEverything(name: string): Promise<RawContents> {
  const db = await rawOpen(name);
  const stores: RawContents['stores'] = {};
  const names = [...db.objectStoreNames];
  if (names.length > 0) {
    const tx = db.transaction(names, 'readonly');
    for (const store of names) {
      const [keys, values] = await Promise.all([
        request(tx.objectStore(store).getAllKeys()),
        request(tx.objectStore(store).getAll()),
      ]);
      stores[store] = keys.map((key, i) => ({ key, value: values[i] }));
    }
  }
  db.close();
  return { stores };
}

/** Every string and every byte sequence (decoded as UTF-8 and Latin-1) in a structured value. */
function texts(value: unknown, out: string[] = [], seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number' || typeof value === 'bigint') out.push(String(value));
  else if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    const bytes =
      value instanceof ArrayBuffer
        ? new Uint8Array(value)
        : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
    out.push(new TextDecoder('utf-8').decode(bytes), new TextDecoder('latin1').decode(bytes));
  } else if (typeof value === 'object' && value !== null && !seen.has(value)) {
    seen.add(value);
    // A CryptoKey has no readable contents: that is the point of a non-extractable key.
    if (value instanceof CryptoKey) out.push(`CryptoKey:${value.type}:${value.extractable}`);
    else for (const [key, inner] of Object.entries(value)) texts(inner, texts(key, out, seen), seen);
    if (Array.isArray(value) || value instanceof Map || value instanceof Set)
      for (const inner of value) texts(inner, out, seen);
  }
  return out;
}

function haystack(contents: RawContents): string[] {
  return Object.entries(contents.stores).flatMap(([store, records]) => [
    store,
    ...records.flatMap(({ key, value }) => texts([key, value])),
  ]);
}

async function caught(promise: Promise<unknown>): Promise<TesseraError> {
  try {
    await promise;
  } catch (error) {
    expect(error).to.be.instanceOf(TesseraError);
    return error as TesseraError;
  }
  throw new Error('expected a rejection');
}

/** A database as Tessera version 2 wrote it: plaintext records, key pairs as CryptoKeys. */
async function writeVersion2(
  name: string,
  contents: {
    conversations: ConversationRecord[];
    messages: MessageRecord[];
    acus: Acu[];
    keys: Record<string, CryptoKeyPair>;
  },
): Promise<void> {
  const db = await rawOpen(name, 2, (db) => {
    db.createObjectStore('conversations', { keyPath: 'id' }).createIndex('byUpdatedAt', 'updatedAt');
    db.createObjectStore('messages', { keyPath: 'id' }).createIndex('byConversation', ['conversationId', 'id']);
    db.createObjectStore('acus', { keyPath: 'id' }).createIndex('byConversation', ['metadata.conversationId', 'id']);
    db.createObjectStore('signingKeys');
  });
  const tx = db.transaction(['conversations', 'messages', 'acus', 'signingKeys'], 'readwrite');
  for (const c of contents.conversations) tx.objectStore('conversations').put(c);
  for (const m of contents.messages) tx.objectStore('messages').put(m);
  for (const acu of contents.acus) tx.objectStore('acus').put(acu);
  for (const [owner, pair] of Object.entries(contents.keys)) tx.objectStore('signingKeys').put(pair, owner);
  await done(tx);
  db.close();
}

/** The Prioritized Task Scheduling API (Chromium), not in TypeScript's DOM types yet. */
interface PostTaskScheduler {
  postTask(task: () => void, options: { priority: 'user-blocking' | 'user-visible' | 'background' }): Promise<void>;
}

describe('IndexedDbStore (real IndexedDB in Chromium)', () => {
  for (const contractCase of storeContract) {
    it(contractCase.name, async () => {
      const store = IndexedDbStore.open(`tessera-test-${uuidv7()}`);
      try {
        await contractCase.run(store);
      } finally {
        await store.close();
      }
    });
  }

  it('keeps data across closing and reopening the database', async () => {
    const name = `tessera-test-${uuidv7()}`;
    const first = IndexedDbStore.open(name);
    const now = new Date().toISOString();
    await first.putConversation({ id: 'c1', title: 'kept', createdAt: now, updatedAt: now });
    await first.close();
    const second = IndexedDbStore.open(name);
    expect((await second.getConversation('c1'))?.title).to.equal('kept');
    expect(second.protection).to.deep.equal({ encryption: 'aes-gcm-256', masterKey: 'device' });
    await second.close();
  });

  it('nothing readable sits in any object store: titles, texts, models, times, ACUs and audit details are sealed', async () => {
    const name = `tessera-test-${uuidv7()}`;
    const store = IndexedDbStore.open(name);
    const c = await writeSecrets(store, await generateSigner('owner'));
    await store.close();

    const contents = await readEverything(name);
    const found = haystack(contents);
    for (const needle of Object.values(SECRETS)) {
      expect(
        found.some((text) => text.includes(needle)),
        `"${needle}" readable in the raw database`,
      ).to.equal(false);
    }
    // The scan does see the data: ids are in clear, bodies are bytes, keys are CryptoKeys.
    expect(found.some((text) => text === c.id)).to.equal(true);
    const messageRows = contents.stores['sealed-messages'] ?? [];
    expect(messageRows).to.have.length(1);
    expect((messageRows[0]?.value as { body?: unknown } | undefined)?.body).to.be.instanceOf(Uint8Array);
    expect(found).to.include('CryptoKey:secret:false');
    expect(Object.keys(contents.stores)).to.have.members([
      'sealed-conversations',
      'sealed-messages',
      'sealed-acus',
      'sealed-audit',
      'secrets',
    ]);
  });

  it('upgrades a version-2 database: its data stays intact, sealed, and the plaintext is gone', async () => {
    const name = `tessera-test-${uuidv7()}`;
    const signer = await generateSigner('owner');
    const first = conversation({ title: 'v2-Lisbon-itinerary', updatedAt: '2026-02-01T00:00:00.000Z' });
    const second = conversation({ title: 'v2-Porto-itinerary', updatedAt: '2026-03-01T00:00:00.000Z' });
    const messages = [
      message(first.id, { text: 'v2-first-question' }),
      message(first.id, { text: 'v2-first-answer', role: 'assistant' }),
      message(second.id, { text: 'v2-second-question' }),
    ];
    const root = await createAcu(
      { content: { role: 'user', text: 'v2-acu-root' }, metadata: { conversationId: first.id } },
      { signer },
    );
    const reply = await createAcu(
      { content: { role: 'assistant', text: 'v2-acu-reply' }, metadata: { conversationId: first.id } },
      { signer, parent: root },
    );
    await writeVersion2(name, {
      conversations: [first, second],
      messages,
      acus: [root, reply],
      keys: { owner: signer.keyPair },
    });

    const store = IndexedDbStore.open(name);
    expect((await store.listConversations()).map((c) => c.title)).to.deep.equal([second.title, first.title]);
    expect(await store.getConversation(first.id)).to.deep.equal(first);
    expect(await store.listMessages(first.id)).to.deep.equal(messages.slice(0, 2));
    expect(await store.listMessages(second.id)).to.deep.equal(messages.slice(2));
    expect(await store.listAcus(first.id)).to.deep.equal([root, reply]);
    const keyPair = await store.getSigningKey('owner');
    expect((await signerFromKeyPair('owner', keyPair as CryptoKeyPair)).keyId).to.equal(signer.keyId);
    await store.close();

    const contents = await readEverything(name);
    for (const legacy of ['conversations', 'messages', 'acus', 'signingKeys']) {
      expect(contents.stores[legacy], `legacy store ${legacy}`).to.deep.equal([]);
    }
    const found = haystack(contents);
    for (const needle of ['v2-Lisbon', 'v2-Porto', 'v2-first', 'v2-second', 'v2-acu']) {
      expect(
        found.some((text) => text.includes(needle)),
        `"${needle}" readable after the upgrade`,
      ).to.equal(false);
    }
  });

  it('an interrupted upgrade resumes: conversations still in plaintext are sealed on the next open', async () => {
    const name = `tessera-test-${uuidv7()}`;
    const sealedEarlier = conversation({ title: 'sealed-before-the-tab-closed' });
    await writeVersion2(name, {
      conversations: [sealedEarlier],
      messages: [message(sealedEarlier.id)],
      acus: [],
      keys: {},
    });
    const store = IndexedDbStore.open(name);
    await store.listConversations();
    await store.close();

    // The state a closed tab leaves: some conversations sealed, others still in the plaintext stores.
    const leftOver = conversation({ title: 'left-in-plaintext' });
    const orphan = message(uuidv7(), { text: 'orphan-message-plaintext' });
    const db = await rawOpen(name);
    const tx = db.transaction(['conversations', 'messages'], 'readwrite');
    tx.objectStore('conversations').put(leftOver);
    tx.objectStore('messages').put(message(leftOver.id, { text: 'left-message' }));
    tx.objectStore('messages').put(orphan);
    await done(tx);
    db.close();

    const reopened = IndexedDbStore.open(name);
    expect((await reopened.listConversations()).map((c) => c.title)).to.have.members([
      sealedEarlier.title,
      leftOver.title,
    ]);
    expect((await reopened.listMessages(leftOver.id)).map((m) => m.text)).to.deep.equal(['left-message']);
    expect(await reopened.listMessages(orphan.conversationId)).to.deep.equal([orphan]);
    expect(await reopened.listMessages(sealedEarlier.id)).to.have.length(1);
    await reopened.close();
    const found = haystack(await readEverything(name));
    for (const needle of ['left-in-plaintext', 'left-message', 'orphan-message-plaintext', 'sealed-before']) {
      expect(
        found.some((text) => text.includes(needle)),
        `"${needle}" readable`,
      ).to.equal(false);
    }
  });

  it('upgrades a version-1 database in place: its conversations stay, ACUs can be added', async () => {
    const name = `tessera-test-${uuidv7()}`;
    const now = new Date().toISOString();
    const db = await rawOpen(name, 1, (db, tx) => {
      db.createObjectStore('conversations', { keyPath: 'id' }).createIndex('byUpdatedAt', 'updatedAt');
      db.createObjectStore('messages', { keyPath: 'id' }).createIndex('byConversation', ['conversationId', 'id']);
      tx.objectStore('conversations').put({ id: 'old', title: 'from v1', createdAt: now, updatedAt: now });
    });
    db.close();
    const store = IndexedDbStore.open(name);
    expect((await store.getConversation('old'))?.title).to.equal('from v1');
    expect(await store.listAcus('old')).to.deep.equal([]);
    const signer = await generateSigner('owner');
    const acu = await createAcu(
      { content: { role: 'user', text: 'new' }, metadata: { conversationId: 'old' } },
      { signer },
    );
    await store.putAcus([acu]);
    expect(await store.listAcus('old')).to.deep.equal([acu]);
    await store.close();
  });

  it('a passphrase store reopens with the right passphrase and refuses a wrong one clearly', async () => {
    const name = `tessera-test-${uuidv7()}`;
    const first = IndexedDbStore.open(name, { passphrase: PASSPHRASE });
    const c = conversation({ title: 'behind a passphrase' });
    await first.putConversation(c);
    expect(first.protection).to.deep.equal({ encryption: 'aes-gcm-256', masterKey: 'passphrase' });
    await first.close();

    const wrong = IndexedDbStore.open(name, { passphrase: 'incorrect horse battery staple' });
    const error = await caught(wrong.getConversation(c.id));
    expect(error.code).to.equal('storage');
    expect(error.message).to.match(/^That passphrase does not unlock/);
    await wrong.close();

    const asDevice = IndexedDbStore.open(name);
    expect((await caught(asDevice.listConversations())).message).to.contain('protected by a passphrase');
    await asDevice.close();

    const right = IndexedDbStore.open(name, { passphrase: PASSPHRASE });
    expect((await right.getConversation(c.id))?.title).to.equal('behind a passphrase');
    await right.close();
  });

  it('opening a long conversation lets other work in between slices: a task posted meanwhile waits for one slice, not all', async () => {
    const store = IndexedDbStore.open(`tessera-test-${uuidv7()}`);
    const subtle = crypto.subtle as SubtleCrypto & { decrypt: SubtleCrypto['decrypt'] };
    try {
      const c = conversation();
      await store.putConversation(c);
      const written = Array.from({ length: 300 }, (_, i) => message(c.id, { text: `message ${i}` }));
      for (const m of written) await store.putMessage(m);

      // Rows decrypted so far, as seen by an urgent task (as input handling would be) posted
      // whenever decryption goes on and none is waiting yet.
      let decrypted = 0;
      let waiting = false;
      const seen: number[] = [];
      const decrypt = subtle.decrypt.bind(subtle);
      subtle.decrypt = (...args: Parameters<SubtleCrypto['decrypt']>) => {
        decrypted++;
        if (!waiting) {
          waiting = true;
          void (globalThis as unknown as { scheduler: PostTaskScheduler }).scheduler.postTask(
            () => {
              waiting = false;
              seen.push(decrypted);
            },
            { priority: 'user-blocking' },
          );
        }
        return decrypt(...args);
      };
      const read = await store.listMessages(c.id);

      expect(read.map((m) => m.text)).to.deep.equal(written.map((m) => m.text));
      const perTask = seen.map((count, i) => count - (seen[i - 1] ?? 0));
      expect(seen.length, `tasks got in ${seen.length} times (${perTask.join(', ')} rows each)`).to.be.greaterThan(3);
      expect(Math.max(...perTask), `rows decrypted between two turns: ${perTask.join(', ')}`).to.be.at.most(100);
    } finally {
      Reflect.deleteProperty(subtle, 'decrypt');
      await store.close();
    }
  });

  it('a corrupted row is a storage error for its conversation only', async () => {
    const name = `tessera-test-${uuidv7()}`;
    const unreadable: TesseraError[] = [];
    const store = IndexedDbStore.open(name, 'device', { onUnreadable: (error) => unreadable.push(error) });
    const damagedMessages = conversation({ title: 'damaged messages' });
    const damagedRecord = conversation({ title: 'damaged record' });
    const fine = conversation({ title: 'fine' });
    for (const c of [damagedMessages, damagedRecord, fine]) {
      await store.putConversation(c);
      await store.putMessage(message(c.id, { text: `text of ${c.title}` }));
    }
    const broken = message(damagedMessages.id, { text: 'to be corrupted' });
    await store.putMessage(broken);
    await store.close();

    const db = await rawOpen(name);
    const tx = db.transaction(['sealed-messages', 'sealed-conversations'], 'readwrite');
    for (const [storeName, id] of [
      ['sealed-messages', broken.id],
      ['sealed-conversations', damagedRecord.id],
    ] as const) {
      const row = (await request(tx.objectStore(storeName).get(id))) as { body: Uint8Array };
      row.body[row.body.length - 3] = (row.body[row.body.length - 3] ?? 0) ^ 0x20;
      tx.objectStore(storeName).put(row);
    }
    await done(tx);
    db.close();

    const reopened = IndexedDbStore.open(name, 'device', { onUnreadable: (error) => unreadable.push(error) });
    const messagesError = await caught(reopened.listMessages(damagedMessages.id));
    expect(messagesError.code).to.equal('storage');
    expect(messagesError.message).to.contain(
      `Message ${broken.id} of conversation ${damagedMessages.id} cannot be read`,
    );
    expect((await reopened.getConversation(damagedMessages.id))?.title).to.equal('damaged messages');

    const recordError = await caught(reopened.getConversation(damagedRecord.id));
    expect(recordError.message).to.contain(`Conversation ${damagedRecord.id} cannot be read`);
    expect((await reopened.listMessages(damagedRecord.id)).map((m) => m.text)).to.deep.equal([
      'text of damaged record',
    ]);

    expect((await reopened.listConversations()).map((c) => c.title)).to.have.members(['damaged messages', 'fine']);
    expect(unreadable.map((e) => e.message)).to.deep.equal([recordError.message]);
    expect((await reopened.listMessages(fine.id)).map((m) => m.text)).to.deep.equal(['text of fine']);
    await reopened.close();
  });

  it('deleting a conversation removes its rows and its data key in the raw database', async () => {
    const name = `tessera-test-${uuidv7()}`;
    const store = IndexedDbStore.open(name);
    const doomed = conversation();
    const kept = conversation();
    for (const c of [doomed, kept]) {
      await store.putConversation(c);
      await store.putMessage(message(c.id));
    }
    await store.deleteConversation(doomed.id);
    await store.close();
    const contents = await readEverything(name);
    const keys = Object.values(contents.stores).flatMap((records) => records.map(({ key }) => String(key)));
    expect(keys.filter((key) => key.includes(doomed.id))).to.deep.equal([]);
    expect(keys).to.include(`data-key:${kept.id}`);
    const rows = Object.values(contents.stores).flatMap((records) => records.map(({ value }) => value));
    expect(rows.some((row) => (row as { conversationId?: string }).conversationId === doomed.id)).to.equal(false);
  });

  it('an upgrade blocked by another tab fails with a storage error that says to close it', async () => {
    const name = `tessera-test-${uuidv7()}`;
    // Another tab with the old version open, which does not close when asked.
    const other = await rawOpen(name, 2, (db) => {
      db.createObjectStore('conversations', { keyPath: 'id' });
    });
    const store = IndexedDbStore.open(name);
    const error = await caught(store.listConversations());
    expect(error.code).to.equal('storage');
    expect(error.message).to.contain('another tab still has an older version open');
    other.close();
    await store.close();
  });

  it('a database written by a newer version fails with a storage error that says to reload', async () => {
    const name = `tessera-test-${uuidv7()}`;
    (await rawOpen(name, 99)).close();
    const store = IndexedDbStore.open(name);
    const error = await caught(store.listConversations());
    expect(error.code).to.equal('storage');
    expect(error.message).to.contain('newer version');
  });
});
