import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SECRETS, writeSecrets } from '../../test-support/secrets-at-rest.js';
import { auditEntry, conversation, message, storeContract } from '../../test-support/store-contract.js';
import { loadOrCreateSigner } from '../acu/api.js';
import { generateSigner, signerFromKeyPair } from '../acu/signing.js';
import { TesseraError } from '../errors/tessera-error.js';
import { unwrapDataKey } from './crypto/data-keys.js';
import { openRecord, sealRecord } from './crypto/record-cipher.js';
import { MemoryBackend } from './memory-backend.js';
import {
  dataKeyName,
  type RecordBackend,
  type RecordTable,
  type SecretValue,
  type StoredRow,
} from './record-backend.js';
import { createRecordStore, type MasterKeySource } from './record-store.js';
import type { StoreAdapter } from './store-adapter.js';

const TABLES: RecordTable[] = ['conversations', 'messages', 'acus', 'audit'];
const PASSPHRASE = 'correct horse battery staple';

function keyFile(): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(32));
}

/**
 * A memory backend that, like the file backend, cannot keep `CryptoKey`s: it refuses them, so a
 * store that hands it one fails loudly here rather than on disk.
 */
class BytesOnlyBackend implements RecordBackend {
  readonly kind = 'bytes-only';
  readonly keepsCryptoKeys = false;
  readonly inner = new MemoryBackend();
  write = this.inner.write.bind(this.inner);
  get = this.inner.get.bind(this.inner);
  list = this.inner.list.bind(this.inner);
  deleteConversation = this.inner.deleteConversation.bind(this.inner);
  getSecret = this.inner.getSecret.bind(this.inner);
  usage = this.inner.usage.bind(this.inner);
  close = this.inner.close.bind(this.inner);
  putSecret(name: string, value: SecretValue, options?: { ifAbsent?: boolean }): Promise<SecretValue> {
    if (!(value instanceof Uint8Array) && typeof value !== 'string') {
      throw new TypeError(`The secret ${name} was handed over as a CryptoKey.`);
    }
    return this.inner.putSecret(name, value, options);
  }
}

/** Damages one byte in place, as a disk or a careless edit would. */
function flipBit(bytes: Uint8Array, index: number): void {
  bytes[index] = (bytes[index] ?? 0) ^ 0x01;
}

async function rejection(promise: Promise<unknown>): Promise<TesseraError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof TesseraError, `a TesseraError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

function allRows(backend: RecordBackend): Promise<Array<StoredRow & { table: RecordTable }>> {
  return Promise.all(TABLES.map(async (table) => (await backend.list(table)).map((row) => ({ ...row, table })))).then(
    (tables) => tables.flat(),
  );
}

const encryptingSources: Array<[string, () => MasterKeySource, () => RecordBackend]> = [
  ['device', () => ({ type: 'device' }), () => new MemoryBackend()],
  ['key-file', () => ({ type: 'key-file', key: keyFile() }), () => new MemoryBackend()],
  ['key-file, bytes-only backend', () => ({ type: 'key-file', key: keyFile() }), () => new BytesOnlyBackend()],
  ['passphrase', () => ({ type: 'passphrase', passphrase: PASSPHRASE }), () => new MemoryBackend()],
];

for (const [name, source, backend] of encryptingSources) {
  describe(`record store contract (${name})`, () => {
    for (const contractCase of storeContract) {
      test(contractCase.name, async () => {
        const store = createRecordStore(backend(), source());
        try {
          await contractCase.run(store);
        } finally {
          await store.close();
        }
      });
    }
  });
}

describe('record store: encryption at rest', () => {
  test('says how it protects data: AES-GCM-256 under the master key it was given, or nothing for memory', () => {
    assert.deepEqual(createRecordStore(new MemoryBackend(), { type: 'none' }).protection, {
      encryption: 'none',
      masterKey: 'none',
    });
    assert.deepEqual(createRecordStore(new MemoryBackend(), { type: 'key-file', key: keyFile() }).protection, {
      encryption: 'aes-gcm-256',
      masterKey: 'key-file',
    });
  });

  test('rows and secrets hold no titles, texts, timestamps, models, ACU content or audit details', async () => {
    const backend = new MemoryBackend();
    const store = createRecordStore(backend, { type: 'key-file', key: keyFile() });
    const signer = await generateSigner('owner', { extractable: store.wrapsSigningKeys });
    const c = await writeSecrets(store, signer);

    const rows = await allRows(backend);
    assert.equal(rows.length, 4, 'one row in each table');
    const secrets = await Promise.all(backend.secretNames().map((n) => backend.getSecret(n)));
    const haystacks: string[] = [];
    for (const row of rows) {
      assert.ok(row.body instanceof Uint8Array, `${row.table} row is sealed bytes`);
      haystacks.push(new TextDecoder().decode(row.body), new TextDecoder('latin1').decode(row.body));
    }
    for (const value of secrets) {
      assert.ok(value instanceof Uint8Array || typeof value === 'string', 'secrets are bytes or strings');
      haystacks.push(typeof value === 'string' ? value : new TextDecoder('latin1').decode(value));
    }
    for (const needle of [...Object.values(SECRETS), signer.publicKey.keyId]) {
      assert.ok(!haystacks.some((h) => h.includes(needle)), `"${needle}" is not readable at rest`);
    }
    // Ids stay in clear for lookups: the scan does see the rows.
    assert.ok(rows.some((row) => row.id === c.id));
    assert.equal((await store.getConversation(c.id))?.title, SECRETS.title);
  });

  test('a wrong passphrase is refused clearly; the right one opens the same data', async () => {
    const backend = new MemoryBackend();
    const first = createRecordStore(backend, { type: 'passphrase', passphrase: PASSPHRASE });
    const c = conversation({ title: 'kept under a passphrase' });
    await first.putConversation(c);

    const wrong = createRecordStore(backend, { type: 'passphrase', passphrase: 'incorrect horse battery staple' });
    const error = await rejection(wrong.getConversation(c.id));
    assert.equal(error.code, 'storage');
    assert.match(error.message, /^That passphrase does not unlock/);
    assert.deepEqual(error.details, { reason: 'wrong-passphrase' });
    // Nothing was written by the failed open: the right passphrase still works.
    const right = createRecordStore(backend, { type: 'passphrase', passphrase: PASSPHRASE });
    assert.equal((await right.getConversation(c.id))?.title, 'kept under a passphrase');
  });

  test('a passphrase that is too short is refused before any work', () => {
    assert.throws(
      () => createRecordStore(new MemoryBackend(), { type: 'passphrase', passphrase: 'short' }),
      (error: unknown) =>
        error instanceof TesseraError && error.code === 'validation' && /at least 12/.test(error.message),
    );
  });

  test('a key file of the wrong size, or the wrong key file, is refused clearly', async () => {
    assert.throws(
      () => createRecordStore(new MemoryBackend(), { type: 'key-file', key: new Uint8Array(16) }),
      (error: unknown) => error instanceof TesseraError && error.code === 'validation',
    );
    const backend = new BytesOnlyBackend();
    await createRecordStore(backend, { type: 'key-file', key: keyFile() }).putConversation(conversation());
    const error = await rejection(createRecordStore(backend, { type: 'key-file', key: keyFile() }).listConversations());
    assert.equal(error.code, 'storage');
    assert.match(error.message, /^That key file does not unlock/);
  });

  test('a store protected one way cannot be opened another way', async () => {
    const backend = new MemoryBackend();
    await createRecordStore(backend, { type: 'passphrase', passphrase: PASSPHRASE }).putConversation(conversation());
    const error = await rejection(createRecordStore(backend, { type: 'device' }).listConversations());
    assert.equal(error.code, 'storage');
    assert.match(error.message, /protected by a passphrase, not by this browser’s own key/);
  });

  test('a device key needs a backend that can keep CryptoKeys; memory rows need memory', () => {
    assert.throws(
      () => createRecordStore(new BytesOnlyBackend(), { type: 'device' }),
      (error: unknown) => error instanceof TesseraError && error.code === 'validation',
    );
    assert.throws(
      () => createRecordStore(new BytesOnlyBackend(), { type: 'none' }),
      (error: unknown) => error instanceof TesseraError && error.code === 'validation',
    );
  });

  test('a row copied over another row, or into another conversation, does not open', async () => {
    const backend = new MemoryBackend();
    const store = createRecordStore(backend, { type: 'device' });
    const a = conversation({ title: 'A' });
    const b = conversation({ title: 'B' });
    await store.putConversation(a);
    await store.putConversation(b);
    const one = message(a.id, { text: 'one' });
    const two = message(a.id, { text: 'two' });
    const elsewhere = message(b.id, { text: 'elsewhere' });
    for (const m of [one, two, elsewhere]) await store.putMessage(m);
    const [rowOne, rowTwo] = await backend.list('messages', a.id);
    assert.ok(rowOne && rowTwo);

    // Same conversation, same key: only the binding to the row's id tells them apart.
    await backend.write([{ table: 'messages', row: { ...rowTwo, body: rowOne.body } }]);
    const swapped = await rejection(store.listMessages(a.id));
    assert.equal(swapped.code, 'storage');
    assert.match(swapped.message, new RegExp(`Message ${two.id} of conversation ${a.id} cannot be read`));

    // A's message planted in B under its own id: B's key, B's place.
    await backend.write([{ table: 'messages', row: { ...rowOne, conversationId: b.id } }]);
    const moved = await rejection(store.listMessages(b.id));
    assert.match(moved.message, new RegExp(`conversation ${b.id}`));

    // A's conversation record over B's: B cannot be read, A still can.
    const rowA = await backend.get('conversations', a.id);
    assert.ok(rowA);
    await backend.write([{ table: 'conversations', row: { ...rowA, id: b.id, conversationId: b.id } }]);
    assert.match(
      (await rejection(store.getConversation(b.id))).message,
      new RegExp(`Conversation ${b.id} cannot be read`),
    );
    assert.equal((await store.getConversation(a.id))?.title, 'A');
  });

  test('the record cipher opens a record only at the table, id and conversation it was sealed for', async () => {
    const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    const place = { table: 'messages', id: 'm1', conversationId: 'c1' } as const;
    const sealed = await sealRecord(key, place, { id: 'm1', text: 'hello' });
    assert.deepEqual(await openRecord(key, place, sealed), { id: 'm1', text: 'hello' });
    for (const elsewhere of [
      { ...place, table: 'acus' as const },
      { ...place, id: 'm2' },
      { ...place, conversationId: 'c2' },
    ]) {
      await assert.rejects(openRecord(key, elsewhere, sealed), `opened at ${JSON.stringify(elsewhere)}`);
    }
    const other = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    await assert.rejects(openRecord(other, place, sealed), 'opened under another key');
    const again = await sealRecord(key, place, { id: 'm1', text: 'hello' });
    assert.notDeepEqual(again.slice(0, 12), sealed.slice(0, 12), 'a fresh IV every time');
  });

  test('a damaged conversation is a storage error naming it; listing and other conversations go on', async () => {
    const backend = new MemoryBackend();
    const unreadable: TesseraError[] = [];
    const store = createRecordStore(backend, { type: 'device' }, { onUnreadable: (error) => unreadable.push(error) });
    const damaged = conversation({ title: 'damaged' });
    const fine = conversation({ title: 'fine' });
    await store.putConversation(damaged);
    await store.putConversation(fine);
    await store.putMessage(message(fine.id, { text: 'still readable' }));
    const row = await backend.get('conversations', damaged.id);
    assert.ok(row?.body instanceof Uint8Array);
    flipBit(row.body, row.body.length - 1);
    await backend.write([{ table: 'conversations', row }]);

    const error = await rejection(store.getConversation(damaged.id));
    assert.equal(error.code, 'storage');
    assert.match(error.message, new RegExp(`^Conversation ${damaged.id} cannot be read: its saved data is damaged`));
    assert.deepEqual(
      (await store.listConversations()).map((c) => c.title),
      ['fine'],
      'the list leaves the damaged one out',
    );
    assert.deepEqual(
      unreadable.map((e) => e.message),
      [error.message],
      'and reports it',
    );
    assert.deepEqual(
      (await store.listMessages(fine.id)).map((m) => m.text),
      ['still readable'],
    );
  });

  test('a conversation whose data key is damaged fails alone, saying its key is the problem', async () => {
    const backend = new MemoryBackend();
    const store = createRecordStore(backend, { type: 'device' });
    const broken = conversation();
    const fine = conversation();
    await store.putConversation(broken);
    await store.putConversation(fine);
    const wrapped = await backend.getSecret(dataKeyName(broken.id));
    assert.ok(wrapped instanceof Uint8Array);
    flipBit(wrapped, 20);
    await backend.putSecret(dataKeyName(broken.id), wrapped);
    // A fresh store over the same backend: nothing is cached.
    const reopened = createRecordStore(backend, { type: 'device' });
    assert.match((await rejection(reopened.getConversation(broken.id))).message, /its key is missing or damaged/);
    assert.equal((await reopened.getConversation(fine.id))?.id, fine.id);
  });

  test('deleting a conversation shreds it: its wrapped key is gone and no remaining key opens its old rows', async () => {
    const backend = new MemoryBackend();
    const key = keyFile();
    const store = createRecordStore(backend, { type: 'key-file', key });
    const doomed = conversation();
    const kept = conversation();
    await store.putConversation(doomed);
    await store.putConversation(kept);
    await store.putMessage(message(doomed.id, { text: 'to be shredded' }));
    await store.putMessage(message(kept.id));
    const oldRows = (await allRows(backend)).filter((row) => row.conversationId === doomed.id);
    assert.equal(oldRows.length, 2);
    assert.ok(backend.secretNames().includes(dataKeyName(doomed.id)));

    await store.deleteConversation(doomed.id);
    assert.ok(!backend.secretNames().includes(dataKeyName(doomed.id)), 'the wrapped data key is gone');
    assert.ok(backend.secretNames().includes(dataKeyName(kept.id)), 'the other conversation keeps its key');

    // Everything that remains, unwrapped with the master key the test holds: none opens the copies.
    const master = await crypto.subtle.importKey('raw', key, 'AES-GCM', false, ['encrypt', 'decrypt', 'unwrapKey']);
    const remaining = [master];
    for (const name of backend.secretNames().filter((n) => n.startsWith('data-key:'))) {
      const wrapped = await backend.getSecret(name);
      assert.ok(wrapped instanceof Uint8Array);
      remaining.push(await unwrapDataKey(wrapped, master, name.slice('data-key:'.length)));
    }
    assert.equal(remaining.length, 2, 'the master key and the kept conversation’s key');
    for (const row of oldRows) {
      assert.ok(row.body instanceof Uint8Array);
      for (const candidate of remaining) {
        await assert.rejects(
          openRecord(candidate, { table: row.table, id: row.id, conversationId: row.conversationId }, row.body),
        );
      }
    }
    // The kept conversation's key is the real one: it does open the kept conversation's rows.
    const keptRow = await backend.get('conversations', kept.id);
    assert.ok(keptRow?.body instanceof Uint8Array && remaining[1]);
    assert.equal(
      (
        (await openRecord(
          remaining[1],
          { table: 'conversations', id: kept.id, conversationId: kept.id },
          keptRow.body,
        )) as { id: string }
      ).id,
      kept.id,
    );
  });

  test('signing keys are sealed under a passphrase or key file and come back usable, not extractable', async () => {
    const backend = new BytesOnlyBackend();
    const store = createRecordStore(backend, { type: 'key-file', key: keyFile() });
    assert.equal(store.wrapsSigningKeys, true);
    const signer = await loadOrCreateSigner(
      'owner',
      {
        get: (ownerId) => store.getSigningKey(ownerId),
        put: (ownerId, keyPair) => store.putSigningKey(ownerId, keyPair),
      },
      { extractable: true },
    );
    assert.equal(signer.keyPair.privateKey.extractable, false, 'the signer signs with the sealed copy');
    const stored = await backend.getSecret('signing-key:owner');
    assert.ok(stored instanceof Uint8Array, 'kept as sealed bytes');
    const again = await signerFromKeyPair('owner', (await store.getSigningKey('owner')) as CryptoKeyPair);
    assert.equal(again.keyId, signer.keyId);

    const nonExtractable = await generateSigner('other');
    const refused = await rejection(store.putSigningKey('other', nonExtractable.keyPair));
    assert.equal(refused.code, 'validation');
    assert.match(refused.message, /extractable: true/);
  });

  test('a sealed signing key belongs to its owner: moved to another owner it does not open', async () => {
    const backend = new MemoryBackend();
    const store = createRecordStore(backend, { type: 'passphrase', passphrase: PASSPHRASE });
    const signer = await generateSigner('alice', { extractable: true });
    await store.putSigningKey('alice', signer.keyPair);
    const sealed = await backend.getSecret('signing-key:alice');
    assert.ok(sealed instanceof Uint8Array);
    await backend.putSecret('signing-key:mallory', sealed);
    assert.equal((await rejection(store.getSigningKey('mallory'))).code, 'storage');
  });

  test('a device store keeps the key pair as CryptoKeys (nothing to wrap it under that is not beside it)', async () => {
    const backend = new MemoryBackend();
    const store = createRecordStore(backend, { type: 'device' });
    assert.equal(store.wrapsSigningKeys, false);
    const signer = await generateSigner('owner');
    await store.putSigningKey('owner', signer.keyPair);
    assert.equal(await backend.getSecret('signing-key:owner'), signer.keyPair);
  });

  test('two stores opening one new backend at once agree on one master key and one data key', async () => {
    const backend = new MemoryBackend();
    const [left, right] = [
      createRecordStore(backend, { type: 'device' }),
      createRecordStore(backend, { type: 'device' }),
    ];
    const c = conversation();
    const m1 = message(c.id, { text: 'from the left' });
    const m2 = message(c.id, { text: 'from the right' });
    await Promise.all([left.putConversation(c), left.putMessage(m1), right.putMessage(m2)]);
    assert.deepEqual(
      (await right.listMessages(c.id)).map((m) => m.text),
      ['from the left', 'from the right'],
    );
    assert.deepEqual(
      (await left.listMessages(c.id)).map((m) => m.text),
      ['from the left', 'from the right'],
    );
  });

  test('audit entries are sealed under the master key and one damaged entry does not hide the others', async () => {
    const backend = new MemoryBackend();
    const unreadable: TesseraError[] = [];
    const store = createRecordStore(backend, { type: 'device' }, { onUnreadable: (error) => unreadable.push(error) });
    const entries = [auditEntry(), auditEntry(), auditEntry()];
    for (const entry of entries) await store.appendAudit(entry);
    const [, middle] = await backend.list('audit');
    assert.ok(middle?.body instanceof Uint8Array);
    flipBit(middle.body, 15);
    await backend.write([{ table: 'audit', row: middle }]);
    assert.deepEqual(
      (await store.listAudit()).map((e) => e.id),
      [entries[2]?.id, entries[0]?.id],
    );
    assert.deepEqual(
      (await store.listAudit({ limit: 2 })).map((e) => e.id),
      [entries[2]?.id, entries[0]?.id],
      'the limit counts readable entries',
    );
    assert.match(unreadable[0]?.message ?? '', new RegExp(`Audit log entry ${middle.id} cannot be read`));
    await assert.rejects(
      store.listAudit({ limit: -1 }),
      (error: unknown) => error instanceof TesseraError && error.code === 'validation',
    );
  });

  test('the memory store costs no crypto: records are kept as objects', async () => {
    const backend = new MemoryBackend();
    const store: StoreAdapter = createRecordStore(backend, { type: 'none' });
    const c = conversation({ title: 'plain' });
    await store.putConversation(c);
    assert.deepEqual((await backend.get('conversations', c.id))?.body, c);
    assert.deepEqual(backend.secretNames(), []);
  });
});

describe('record store: reading a long conversation', () => {
  test('hands the event loop back between slices, however fast the decryptions settle', async (t) => {
    // Chromium settles Web Crypto promises without a task in between, so awaiting a slice alone
    // would open a whole conversation in one task: each slice after the first waits for
    // `scheduler.yield()` (stubbed here, where Node has none, to count the rows opened between turns).
    const store = createRecordStore(new MemoryBackend(), { type: 'key-file', key: keyFile() });
    const global = globalThis as { scheduler?: { yield(): Promise<void> } };
    try {
      const c = conversation();
      await store.putConversation(c);
      for (let i = 0; i < 300; i++) await store.putMessage(message(c.id, { text: `message ${i}` }));

      const openedPerTurn = [0];
      const decrypt = crypto.subtle.decrypt.bind(crypto.subtle);
      t.mock.method(crypto.subtle, 'decrypt', (...args: Parameters<SubtleCrypto['decrypt']>) => {
        openedPerTurn[openedPerTurn.length - 1] = (openedPerTurn.at(-1) ?? 0) + 1;
        return decrypt(...args);
      });
      global.scheduler = {
        async yield() {
          openedPerTurn.push(0);
          await new Promise((resolve) => setImmediate(resolve));
        },
      };
      assert.equal((await store.listMessages(c.id)).length, 300);

      assert.equal(
        openedPerTurn.reduce((sum, n) => sum + n, 0),
        300,
      );
      assert.ok(openedPerTurn.length >= 4, `the event loop got ${openedPerTurn.length - 1} turns`);
      assert.ok(
        openedPerTurn.every((n) => n > 1 && n <= 100),
        `rows opened between two turns: ${openedPerTurn.join(', ')}`,
      );
    } finally {
      delete global.scheduler;
      await store.close();
    }
  });

  test('opens its rows a slice at a time, never all at once, and returns every one in order', async (t) => {
    const store = createRecordStore(new MemoryBackend(), { type: 'key-file', key: keyFile() });
    try {
      const c = conversation();
      await store.putConversation(c);
      const written = Array.from({ length: 300 }, (_, i) => message(c.id, { text: `message ${i}` }));
      for (const m of written) await store.putMessage(m);

      let inFlight = 0;
      let most = 0;
      const decrypt = crypto.subtle.decrypt.bind(crypto.subtle);
      t.mock.method(crypto.subtle, 'decrypt', async (...args: Parameters<SubtleCrypto['decrypt']>) => {
        most = Math.max(most, ++inFlight);
        try {
          return await decrypt(...args);
        } finally {
          inFlight--;
        }
      });
      const read = await store.listMessages(c.id);

      assert.deepEqual(
        read.map((m) => m.text),
        written.map((m) => m.text),
      );
      assert.ok(most > 1, `rows are opened together (${most} at most)`);
      assert.ok(most < 300 / 2, `not all at once: at most ${most} of 300 were being opened together`);
    } finally {
      await store.close();
    }
  });
});
