import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmod, cp, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { storeContract } from '../../../test-support/store-contract.js';
import { createAcu } from '../../acu/create.js';
import { generateSigner } from '../../acu/signing.js';
import { verifyAcu } from '../../acu/verify.js';
import { TesseraError } from '../../errors/tessera-error.js';
import { uuidv7 } from '../../ids/uuid-v7.js';
import { openFileStore } from '../../node.js';
import { createTessera } from '../../tessera.js';
import { dataKeyName } from '../record-backend.js';
import type { StoreAdapter } from '../store-adapter.js';
import { toFileName } from './file-names.js';

const CRASH_WRITER = fileURLToPath(new URL('./test-support/crash-writer.ts', import.meta.url));
const PASSPHRASE = 'correct horse battery staple';
const temps: string[] = [];
after(() => Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tessera-file-store-'));
  temps.push(dir);
  return dir;
}

function isStorageError(pattern: RegExp) {
  return (error: unknown) => error instanceof TesseraError && error.code === 'storage' && pattern.test(error.message);
}

/** Every file under `dir`, relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

function conversationRecord(title: string) {
  const now = new Date().toISOString();
  return { id: uuidv7(), title, createdAt: now, updatedAt: now };
}

function messageRecord(conversationId: string, text: string) {
  const now = new Date().toISOString();
  return {
    id: uuidv7(),
    conversationId,
    parentId: null,
    role: 'user' as const,
    text,
    status: 'complete' as const,
    createdAt: now,
    updatedAt: now,
  };
}

/** A conversation with one message and one ACU, with the given texts. */
async function writeConversation(store: StoreAdapter, texts: { title: string; message: string; acu: string }) {
  const signer = await generateSigner('file-store-owner', { extractable: true });
  const conversation = conversationRecord(texts.title);
  const message = messageRecord(conversation.id, texts.message);
  const acu = await createAcu(
    { content: { role: 'user', text: texts.acu }, metadata: { conversationId: conversation.id } },
    { signer },
  );
  await store.putConversation(conversation);
  await store.putMessage(message);
  await store.putAcus([acu]);
  await store.putSigningKey('file-store-owner', signer.keyPair);
  return { conversation, message, acu, signer };
}

for (const contractCase of storeContract) {
  test(`openFileStore ${contractCase.name}`, async () => {
    const store = await openFileStore({ directory: await tempDir() });
    try {
      await contractCase.run(store);
    } finally {
      await store.close();
    }
  });
}

test('nothing readable on disk: no title, text or ACU content, raw, hex or base64, nor the private key', async () => {
  const dir = await tempDir();
  const store = await openFileStore({ directory: dir });
  const texts = {
    title: 'Zanzibar quokka expedition 7781',
    message: 'Marmalade ocelot whispers 4410',
    acu: 'Pelican umbrella sonata 9932',
  };
  const { signer } = await writeConversation(store, texts);
  const privateKey = (await crypto.subtle.exportKey('jwk', signer.keyPair.privateKey)).d!;
  await store.close();

  const needles: string[] = [privateKey];
  for (const value of Object.values(texts)) {
    needles.push(value, Buffer.from(value).toString('hex'));
    // Base64 of a string depends on where it starts within 3-byte groups: check each alignment.
    for (let shift = 0; shift < 3; shift++) {
      for (const encoding of ['base64', 'base64url'] as const) {
        const encoded = Buffer.from(`${'\0'.repeat(shift)}${value}`).toString(encoding);
        needles.push(encoded.slice(shift ? 4 : 0, -4));
      }
    }
  }
  const files = await filesUnder(dir);
  assert.ok(files.length >= 6, `expected the store's files, got ${files.join(', ')}`);
  for (const file of files) {
    const content = await readFile(join(dir, file));
    for (const needle of needles) {
      assert.equal(content.indexOf(needle), -1, `${file} contains ${needle}`);
      assert.equal(content.indexOf(Buffer.from(needle, 'utf16le')), -1, `${file} contains ${needle} (UTF-16)`);
    }
  }
});

test('a reopened store reads back the same conversations, messages, ACUs and signing key', async () => {
  const dir = await tempDir();
  const first = await openFileStore({ directory: dir });
  const written = await writeConversation(first, { title: 'kept', message: 'kept message', acu: 'kept acu' });
  await first.close();

  const store = await openFileStore({ directory: dir });
  assert.equal(store.kind, 'file');
  assert.deepEqual(store.protection, { encryption: 'aes-gcm-256', masterKey: 'key-file' });
  assert.deepEqual(await store.listConversations(), [written.conversation]);
  assert.deepEqual(await store.listMessages(written.conversation.id), [written.message]);
  const [acu] = await store.listAcus(written.conversation.id);
  assert.deepEqual(acu, written.acu);
  assert.deepEqual(await verifyAcu(acu, [written.signer.publicKey]), { ok: true });
  const keyPair = await store.getSigningKey('file-store-owner');
  assert.ok(keyPair);
  const signature = await crypto.subtle.sign(
    keyPair.privateKey.algorithm,
    keyPair.privateKey,
    new Uint8Array([1, 2, 3]),
  );
  assert.ok(
    await crypto.subtle.verify(
      written.signer.keyPair.publicKey.algorithm,
      written.signer.keyPair.publicKey,
      signature,
      new Uint8Array([1, 2, 3]),
    ),
    'the reopened private key is the one stored',
  );
  await store.close();
});

test('with a passphrase: the right one reads, a wrong one is refused clearly, and no key file is written', async () => {
  const dir = await tempDir();
  const store = await openFileStore({ directory: dir, passphrase: PASSPHRASE });
  assert.equal(store.protection.masterKey, 'passphrase');
  const { conversation } = await writeConversation(store, { title: 't', message: 'secret plans', acu: 'a' });
  await store.close();
  assert.ok(!(await readdir(dir)).includes('master.key'));

  await assert.rejects(
    openFileStore({ directory: dir, passphrase: 'not the passphrase at all' }),
    (error: unknown) => error instanceof TesseraError && error.code === 'storage' && /passphrase/i.test(error.message),
  );
  await assert.rejects(openFileStore({ directory: dir }), isStorageError(/key file .* is missing.*passphrase/));
  // Each refusal released the lock: the right passphrase opens at once.
  const reopened = await openFileStore({ directory: dir, passphrase: PASSPHRASE });
  assert.deepEqual(
    (await reopened.listMessages(conversation.id)).map((m) => m.text),
    ['secret plans'],
  );
  await reopened.close();
});

test('a second open of the directory is refused with the process that has it, until the first is closed', async () => {
  const dir = await tempDir();
  const first = await openFileStore({ directory: dir });
  await assert.rejects(
    openFileStore({ directory: dir }),
    isStorageError(new RegExp(`in use by process ${process.pid}\\b`)),
  );
  await first.close();
  await (await openFileStore({ directory: dir })).close();
});

test('deleting a conversation shreds it: its key and files are gone, and a copy of its ciphertext stays closed', async () => {
  const dir = await tempDir();
  let store = await openFileStore({ directory: dir });
  const doomed = await writeConversation(store, { title: 'doomed', message: 'shred me please', acu: 'and me' });
  const kept = await writeConversation(store, { title: 'kept', message: 'still here', acu: 'kept acu' });
  await store.close();
  const before = await tempDir();
  await cp(dir, before, { recursive: true });

  store = await openFileStore({ directory: dir });
  await store.deleteConversation(doomed.conversation.id);
  await store.close();
  const files = await filesUnder(dir);
  assert.ok(!files.includes(join('secrets', toFileName(dataKeyName(doomed.conversation.id)))), 'data key gone');
  assert.ok(!files.some((f) => f.includes(doomed.conversation.id)), `left behind: ${files.join(', ')}`);

  // The copy taken before the delete opens, with the same master key file: the ciphertext was real.
  const copy = await openFileStore({ directory: before });
  assert.deepEqual(
    (await copy.listMessages(doomed.conversation.id)).map((m) => m.text),
    ['shred me please'],
  );
  await copy.close();

  // Put that ciphertext back into the store: without its data key it cannot be opened.
  const conversationDir = join('conversations', toFileName(doomed.conversation.id));
  await cp(join(before, conversationDir), join(dir, conversationDir), { recursive: true });
  store = await openFileStore({ directory: dir });
  await assert.rejects(store.getConversation(doomed.conversation.id), isStorageError(/key is missing/));
  await assert.rejects(store.listMessages(doomed.conversation.id), isStorageError(/key is missing/));
  await assert.rejects(store.getAcu(doomed.acu.id), isStorageError(/key is missing/));
  assert.deepEqual(
    (await store.listConversations()).map((c) => c.id),
    [kept.conversation.id],
  );
  await store.close();
});

test('the key file is created once with mode 0600; one others can read is refused', async () => {
  const dir = await tempDir();
  const keyPath = join(dir, 'master.key');
  const store = await openFileStore({ directory: dir });
  await store.putConversation(conversationRecord('needs the key'));
  await store.close();
  const created = await stat(keyPath);
  assert.equal(created.mode & 0o777, 0o600);
  assert.equal(created.size, 32);
  const key = await readFile(keyPath);

  await chmod(keyPath, 0o644);
  await assert.rejects(openFileStore({ directory: dir }), isStorageError(/mode 644\).*chmod 600/));
  await chmod(keyPath, 0o600);
  const reopened = await openFileStore({ directory: dir });
  assert.equal((await reopened.listConversations())[0]?.title, 'needs the key');
  await reopened.close();
  assert.deepEqual(await readFile(keyPath), key, 'the key file is never replaced');

  await rm(keyPath);
  await assert.rejects(openFileStore({ directory: dir }), isStorageError(/key file .* is missing/));
  assert.ok(!(await readdir(dir)).includes('master.key'), 'no new key is made up for a store with data');
});

test('createTessera takes the file store as its store', async () => {
  const dir = await tempDir();
  const tessera = createTessera({ store: await openFileStore({ directory: dir }) });
  const store = await tessera.store.open();
  const conversation = conversationRecord('through createTessera');
  await store.putConversation(conversation);
  const status = await tessera.store.status();
  assert.equal(status.kind, 'file');
  assert.deepEqual(status.protection, { encryption: 'aes-gcm-256', masterKey: 'key-file' });
  assert.equal(status.conversations, 1);
  assert.ok((status.usage?.usedBytes ?? 0) > 0);
  assert.deepEqual(
    (await tessera.chat.conversations()).map((c) => c.id),
    [conversation.id],
  );
  await tessera.close();
  // Closing the instance closed the store and released the directory.
  await (await openFileStore({ directory: dir })).close();
});

for (let round = 1; round <= 3; round++) {
  test(`an encrypted store SIGKILLed while writing reopens whole: every row decrypts (round ${round})`, async () => {
    const dir = await tempDir();
    const child = spawn(
      process.execPath,
      ['--conditions=tessera-source', '--import', 'tsx', CRASH_WRITER, 'store', dir],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const killAfter = 1 + Math.floor(Math.random() * 40);
    let acked = -1;
    let buffered = '';
    for await (const chunk of child.stdout) {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) acked = Math.max(acked, Number(/^ack (\d+)$/.exec(line)?.[1] ?? -1));
      if (acked >= killAfter) break;
    }
    assert.ok(acked >= killAfter, 'the writer stopped on its own');
    // A random extra moment, so the kill lands anywhere in the next write (nothing waits on it).
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
    child.kill('SIGKILL');
    await exited;
    for (const line of `${buffered}${child.stdout.read() ?? ''}`.split('\n')) {
      acked = Math.max(acked, Number(/^ack (\d+)$/.exec(line)?.[1] ?? -1));
    }

    const store = await openFileStore({ directory: dir });
    const conversations = await store.listConversations();
    assert.equal(conversations.length, 1, 'the conversation lists');
    const messages = await store.listMessages(conversations[0]!.id);
    const acus = await store.listAcus(conversations[0]!.id);
    // Written in order, message n then ACU n: the kill can only cut between or inside those.
    assert.ok(messages.length >= acked + 1, `${messages.length} messages, ${acked + 1} acknowledged`);
    assert.ok(messages.length <= acked + 2, 'nothing past the write in flight');
    assert.ok(acus.length === messages.length || acus.length === messages.length - 1, 'counts agree');
    for (const [n, m] of messages.entries()) assert.match(m.text, new RegExp(`^message ${n} y*$`));
    await store.close();
  });
}
