/**
 * A child process for the file store's crash and lock tests. Started as
 * `node --conditions=tessera-source --import tsx crash-writer.ts <mode> <directory>`:
 *
 * - `backend`: writes batches to the bare FileBackend forever, printing `ack <n>` after batch n
 *   is written, until it is killed. Batch n is a message and an ACU row (both or neither must
 *   survive), a rewrite of its conversation's row, and every seventh batch deletes a conversation.
 * - `store`: the same through `openFileStore` (encrypted records), printing `ack <n>` after
 *   message n and its ACU are written.
 * - `hold`: opens the store, prints `open`, and waits to be killed.
 */
import { createAcu } from '../../../acu/create.js';
import { generateSigner } from '../../../acu/signing.js';
import { uuidv7 } from '../../../ids/uuid-v7.js';
import { openFileStore } from '../../../node.js';
import { dataKeyName } from '../../record-backend.js';
import { FileBackend } from '../file-backend.js';
import { batchBody, batchDeletes, conversationOfBatch } from './crash-plan.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function backendLoop(directory: string): Promise<never> {
  const backend = await FileBackend.open(directory);
  for (let n = 0; ; n++) {
    const conversationId = conversationOfBatch(n);
    if (batchDeletes(n)) await backend.deleteConversation(conversationId);
    // The data key comes before any row, as the record store writes it.
    await backend.putSecret(dataKeyName(conversationId), new Uint8Array(32).fill(n % 256), { ifAbsent: true });
    await backend.write([
      { table: 'conversations', row: { id: conversationId, conversationId, body: batchBody(n, 'conversation') } },
      { table: 'messages', row: { id: `m-${n}`, conversationId, body: batchBody(n, 'message') } },
      { table: 'acus', row: { id: `a-${n}`, conversationId, body: batchBody(n, 'acu') } },
    ]);
    say(`ack ${n}`);
  }
}

async function storeLoop(directory: string): Promise<never> {
  const store = await openFileStore({ directory });
  const signer = await generateSigner('crash-owner');
  const now = new Date().toISOString();
  const conversationId = uuidv7();
  await store.putConversation({ id: conversationId, title: 'crash test', createdAt: now, updatedAt: now });
  for (let n = 0; ; n++) {
    const id = uuidv7();
    await store.putMessage({
      id,
      conversationId,
      parentId: null,
      role: 'user',
      text: `message ${n} ${'y'.repeat(Math.floor(Math.random() * 32768))}`,
      status: 'complete',
      createdAt: now,
      updatedAt: now,
    });
    const acu = await createAcu(
      { content: { role: 'user', text: `acu ${n}` }, metadata: { conversationId } },
      { signer },
    );
    await store.putAcus([acu]);
    say(`ack ${n}`);
  }
}

const [mode, directory] = process.argv.slice(2);
if (!directory) throw new Error('usage: crash-writer.ts backend|store|hold <directory>');
if (mode === 'backend') await backendLoop(directory);
else if (mode === 'store') await storeLoop(directory);
else {
  await FileBackend.open(directory);
  say('open');
  setInterval(() => {}, 60_000);
}
