/**
 * The file store's cost per message: saving a message (as a chat does, one at a time) into a
 * short conversation and into a long one, against the same encrypted record store over the
 * memory backend (the baseline, measured in the same run: the crypto without the disk). One file
 * per row should keep a save in a long conversation as cheap as in a short one. Also: opening a
 * store (indexing every row) and reading a long conversation back.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uuidv7 } from '../src/ids/uuid-v7.js';
import { openFileStore } from '../src/node.js';
import { MemoryBackend } from '../src/store/memory-backend.js';
import { createRecordStore } from '../src/store/record-store.js';
import type { MessageRecord } from '../src/store/schema.js';
import type { StoreAdapter } from '../src/store/store-adapter.js';
import { compare, report } from './bench-kit.js';

const LONG = 2000;
const PER_ROUND = 20;
const ROUNDS = 9;
const TEXT = 'A typical answer of a few hundred tokens, repeated to size. '.repeat(24);

function message(conversationId: string): MessageRecord {
  const now = new Date().toISOString();
  return {
    id: uuidv7(),
    conversationId,
    parentId: null,
    role: 'assistant',
    text: TEXT,
    status: 'complete',
    createdAt: now,
    updatedAt: now,
  };
}

async function conversation(store: StoreAdapter, messages: number): Promise<string> {
  const now = new Date().toISOString();
  const id = uuidv7();
  await store.putConversation({ id, title: 'bench', createdAt: now, updatedAt: now });
  for (let i = 0; i < messages; i++) await store.putMessage(message(id));
  return id;
}

/** Milliseconds per message saved, over PER_ROUND saves. */
function saving(store: StoreAdapter, conversationId: string): () => Promise<number> {
  return async () => {
    const start = performance.now();
    for (let i = 0; i < PER_ROUND; i++) await store.putMessage(message(conversationId));
    return (performance.now() - start) / PER_ROUND;
  };
}

const directory = await mkdtemp(join(tmpdir(), 'tessera-file-bench-'));
try {
  const files = await openFileStore({ directory });
  const memory = createRecordStore(new MemoryBackend(), {
    type: 'key-file',
    key: crypto.getRandomValues(new Uint8Array(32)),
  });
  const short = await conversation(files, 10);
  const long = await conversation(files, LONG);
  const inMemory = await conversation(memory, 10);
  const perMessage = await compare(ROUNDS, {
    memory: saving(memory, inMemory),
    short: saving(files, short),
    long: saving(files, long),
  });
  await files.close();

  const openStart = performance.now();
  const reopened = await openFileStore({ directory });
  const openMs = performance.now() - openStart;
  const readStart = performance.now();
  const read = await reopened.listMessages(long);
  const readMs = performance.now() - readStart;
  await reopened.close();

  const ratio = (ms: number) => `${ms.toFixed(3)} ms/message  (${(ms / perMessage.memory!).toFixed(1)}× baseline)`;
  report('File store: saving one message (median of rounds)', [
    ['baseline: same store over memory', `${perMessage.memory!.toFixed(3)} ms/message`],
    ['file, 10-message conversation', ratio(perMessage.short!)],
    [`file, ${LONG}-message conversation`, ratio(perMessage.long!)],
  ]);
  report('File store: open and read', [
    [`open (indexing ${LONG + 10 + PER_ROUND * ROUNDS * 2} rows)`, `${openMs.toFixed(0)} ms`],
    [`read ${read.length} messages back`, `${readMs.toFixed(0)} ms`],
  ]);
} finally {
  await rm(directory, { recursive: true, force: true });
}
