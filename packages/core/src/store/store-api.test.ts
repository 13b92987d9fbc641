import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Acu } from '../acu/schema.js';
import { TesseraError } from '../errors/tessera-error.js';
import { uuidv7 } from '../ids/uuid-v7.js';
import { createTessera, type Tessera } from '../tessera.js';
import type { DeletionReceipt } from './deletion-receipt.js';

/**
 * Stores a conversation as a returning user has it: a conversation record, its messages, and their
 * ACUs with a branch (a question answered twice). Returns its id.
 */
async function seedConversation(tessera: Tessera, title: string): Promise<string> {
  const store = await tessera.store.open();
  const now = new Date().toISOString();
  const conversationId = uuidv7();
  await store.putConversation({ id: conversationId, title, createdAt: now, updatedAt: now });
  const question = await tessera.acu.create({
    content: { role: 'user', text: 'Which tile?' },
    metadata: { conversationId },
  });
  const first = await tessera.acu.create(
    { content: { role: 'assistant', text: 'Porcelain.' }, metadata: { conversationId } },
    { parent: question },
  );
  const second = await tessera.acu.create(
    { content: { role: 'assistant', text: 'Glass, for the light.' }, metadata: { conversationId } },
    { parent: question },
  );
  const acus: Acu[] = [question, first, second];
  await store.putAcus(acus);
  for (const acu of acus) {
    await store.putMessage({
      id: acu.id,
      conversationId,
      parentId: acu.provenance.parentId,
      role: acu.content.role === 'user' ? 'user' : 'assistant',
      text: acu.content.text,
      status: 'complete',
      acuId: acu.id,
      createdAt: acu.createdAt,
      updatedAt: acu.createdAt,
    });
  }
  return conversationId;
}

test('deleting a conversation returns a signed receipt listing exactly the ACUs that were stored', async () => {
  const tessera = createTessera({ ownerId: 'ada' });
  try {
    const doomed = await seedConversation(tessera, 'Bathroom tiles');
    const kept = await seedConversation(tessera, 'Kitchen tiles');
    const stored = (await tessera.acu.list({ conversationId: doomed })).map((acu) => acu.provenance.hash);
    assert.equal(stored.length, 3);
    const emitted: DeletionReceipt[] = [];
    tessera.events.on('conversation-deleted', (receipt) => emitted.push(receipt));

    const receipt = await tessera.store.deleteConversation(doomed);

    assert.deepEqual(receipt.acuHashes, stored);
    assert.equal(receipt.messageCount, 3);
    assert.equal(receipt.conversationId, doomed);
    assert.equal(receipt.ownerId, 'ada');
    const { protection } = await tessera.store.open();
    assert.equal(receipt.method, protection.encryption === 'aes-gcm-256' ? 'crypto-shred' : 'erase');
    assert.deepEqual(receipt.publicKey, await tessera.acu.publicKey());
    assert.deepEqual(await tessera.store.verifyReceipt(receipt), { ok: true });
    assert.deepEqual(emitted, [receipt]);

    const store = await tessera.store.open();
    assert.equal(await store.getConversation(doomed), undefined);
    assert.deepEqual(await store.listMessages(doomed), []);
    assert.deepEqual(await tessera.acu.list({ conversationId: doomed }), []);
    assert.equal((await tessera.acu.list({ conversationId: kept })).length, 3);
    assert.deepEqual(
      (await store.listConversations()).map((c) => c.id),
      [kept],
    );

    const deletes = (await tessera.store.audit()).filter((entry) => entry.action === 'conversation.delete');
    assert.equal(deletes.length, 1);
    assert.equal(deletes[0]?.receiptHash, receipt.hash);
    assert.equal(deletes[0]?.conversationId, doomed);
    assert.equal(deletes[0]?.count, 3);
    assert.equal(deletes[0]?.via, 'store');
    assert.equal(deletes[0]?.actor, 'ada');
  } finally {
    await tessera.close();
  }
});

test('the audit entry names what asked for the deletion', async () => {
  const tessera = createTessera();
  try {
    const id = await seedConversation(tessera, 'Tiles');
    await tessera.store.deleteConversation(id, { via: 'library' });
    const [newest] = await tessera.store.audit({ limit: 1 });
    assert.equal(newest?.action, 'conversation.delete');
    assert.equal(newest?.via, 'library');
  } finally {
    await tessera.close();
  }
});

test('deleting an unknown conversation is refused, and nothing is deleted, recorded or emitted', async () => {
  const tessera = createTessera();
  try {
    const kept = await seedConversation(tessera, 'Tiles');
    const before = await tessera.store.audit();
    let emitted = 0;
    tessera.events.on('conversation-deleted', () => emitted++);
    for (const id of [uuidv7(), '', 42 as never]) {
      await assert.rejects(
        tessera.store.deleteConversation(id),
        (e: unknown) => e instanceof TesseraError && e.code === 'validation' && /refresh/.test(e.message),
      );
    }
    assert.deepEqual(await tessera.store.audit(), before);
    assert.equal(emitted, 0);
    assert.equal((await tessera.acu.list({ conversationId: kept })).length, 3);
  } finally {
    await tessera.close();
  }
});

test('a conversation deleted twice is refused the second time', async () => {
  const tessera = createTessera();
  try {
    const id = await seedConversation(tessera, 'Tiles');
    await tessera.store.deleteConversation(id);
    await assert.rejects(
      tessera.store.deleteConversation(id),
      (e: unknown) => e instanceof TesseraError && e.code === 'validation',
    );
    const deletes = (await tessera.store.audit()).filter((entry) => entry.action === 'conversation.delete');
    assert.equal(deletes.length, 1);
  } finally {
    await tessera.close();
  }
});

test('status reports the kind, the protection, the conversation count and the usage of the store', async () => {
  const tessera = createTessera();
  try {
    const store = await tessera.store.open();
    const empty = await tessera.store.status();
    assert.equal(empty.kind, store.kind);
    assert.equal(empty.kind, 'memory');
    assert.deepEqual(empty.protection, store.protection);
    assert.equal(empty.conversations, 0);

    const first = await seedConversation(tessera, 'One');
    await seedConversation(tessera, 'Two');
    const usage = await store.usage();
    const two = await tessera.store.status();
    assert.equal(two.conversations, 2);
    assert.deepEqual(two.usage, usage);
    assert.equal('usage' in two, usage !== undefined);

    await tessera.store.deleteConversation(first);
    assert.equal((await tessera.store.status()).conversations, 1);
  } finally {
    await tessera.close();
  }
});

test('the receipt is signed with the same key as the ACUs, the one the instance already had', async () => {
  const tessera = createTessera({ ownerId: 'grace' });
  try {
    const id = await seedConversation(tessera, 'Tiles');
    const keyBefore = await tessera.acu.publicKey();
    const receipt = await tessera.store.deleteConversation(id);
    assert.deepEqual(receipt.publicKey, keyBefore);
    const created = (await tessera.store.audit()).filter((entry) => entry.action === 'signing-key.create');
    assert.equal(created.length, 1);
  } finally {
    await tessera.close();
  }
});

test('a tampered receipt handed back to the store is refused with the reason', async () => {
  const tessera = createTessera();
  try {
    const receipt = await tessera.store.deleteConversation(await seedConversation(tessera, 'Tiles'));
    const result = await tessera.store.verifyReceipt({ ...receipt, acuHashes: receipt.acuHashes.slice(1) });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.reason, 'hash-mismatch');
    const malformed = await tessera.store.verifyReceipt('not a receipt');
    assert.equal(!malformed.ok && malformed.reason, 'schema');
  } finally {
    await tessera.close();
  }
});
