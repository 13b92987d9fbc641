/**
 * An encrypted store keeps records at rest, not in memory: once a record is written (or read
 * back) and the caller lets go of it, nothing in the store (codec, data-key cache, backend) may
 * keep it reachable while the store stays open. A cache of records would hold a whole import in
 * the heap for as long as the instance lives.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { auditEntry, conversation, message } from '../../test-support/store-contract.js';
import { createAcu } from '../acu/create.js';
import { generateSigner } from '../acu/signing.js';
import { MemoryBackend } from './memory-backend.js';
import { createRecordStore } from './record-store.js';
import type { StoreAdapter } from './store-adapter.js';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** Collects once the current job is over: a `WeakRef` keeps its target alive until then. */
async function collectGarbage(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  collect();
  await new Promise((resolve) => setImmediate(resolve));
}

/** Writes a conversation (record, messages, ACUs, an audit entry) and reads it all back; returns weak refs to every record object. */
async function writeAndReadBack(store: StoreAdapter): Promise<WeakRef<object>[]> {
  const refs: WeakRef<object>[] = [];
  const c = conversation({ title: 'kept on disk only' });
  await store.putConversation(c);
  refs.push(new WeakRef(c));
  const signer = await generateSigner('owner', { extractable: store.wrapsSigningKeys });
  const acus = [];
  for (let i = 0; i < 5; i++) {
    const m = message(c.id, { text: `message ${i}` });
    await store.putMessage(m);
    refs.push(new WeakRef(m));
    acus.push(
      await createAcu({ content: { role: 'user', text: m.text }, metadata: { conversationId: c.id } }, { signer }),
    );
  }
  await store.putAcus(acus);
  refs.push(...acus.map((acu) => new WeakRef(acu)));
  const entry = auditEntry({ action: 'export', conversationId: c.id });
  await store.appendAudit(entry);
  refs.push(new WeakRef(entry));

  const read = [
    await store.getConversation(c.id),
    ...(await store.listConversations()),
    ...(await store.listMessages(c.id)),
    ...(await store.listAcus(c.id)),
    await store.getAcu(acus[0]!.id),
    ...(await store.listAudit()),
  ];
  assert.equal(read.length, 1 + 1 + 5 + 5 + 1 + 1);
  for (const record of read) refs.push(new WeakRef(record as object));
  return refs;
}

describe('record store: nothing written or read stays in memory', () => {
  test('an encrypted store lets every record it wrote or read be collected while it is open', async () => {
    const store = createRecordStore(new MemoryBackend(), {
      type: 'key-file',
      key: crypto.getRandomValues(new Uint8Array(32)),
    });
    try {
      const refs = await writeAndReadBack(store);
      // The check can tell: a record still referenced survives the same collection.
      const held = conversation();
      const heldRef = new WeakRef(held);
      await collectGarbage();
      assert.equal(heldRef.deref(), held);
      const alive = refs.filter((ref) => ref.deref() !== undefined).length;
      assert.equal(alive, 0, `${alive} of ${refs.length} records are still reachable from the open store`);
    } finally {
      await store.close();
    }
  });
});
