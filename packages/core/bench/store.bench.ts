/**
 * Encryption at rest, per message: writing a conversation of N messages one by one (as a chat
 * saves them) and reading it back, through the record store over the memory backend, encrypted
 * (device key; key file) against the same store with nothing encrypted (`{ type: 'none' }`, the
 * baseline, measured in the same run). The memory backend isolates the crypto from IndexedDB's
 * own cost. Opening a passphrase store (PBKDF2, 600,000 iterations) is a one-off per open,
 * measured separately.
 *
 * Only Web APIs, so the same file also runs in a browser page (bundled with esbuild).
 */

import { uuidv7 } from '../src/ids/uuid-v7.js';
import { MemoryBackend } from '../src/store/memory-backend.js';
import { createRecordStore, type MasterKeySource } from '../src/store/record-store.js';
import type { MessageRecord } from '../src/store/schema.js';
import type { StoreAdapter } from '../src/store/store-adapter.js';
import { compare, report } from './bench-kit.js';

const MESSAGES = 200;
const ROUNDS = 15;

// A typical answer: about 300 tokens of prose, with model, provider, usage and cost.
const TEXT = Array.from(
  { length: 24 },
  (_, i) => `Sentence ${i} of a typical answer, with a little punctuation — and “quotes”. `,
).join('');

function messagesOf(conversationId: string): MessageRecord[] {
  const now = new Date().toISOString();
  return Array.from({ length: MESSAGES }, (_, i) => ({
    id: uuidv7(),
    conversationId,
    parentId: null,
    role: i % 2 === 0 ? 'user' : 'assistant',
    text: TEXT,
    provider: 'openai',
    model: 'gpt-4o',
    status: 'complete',
    usage: { inputTokens: 412, cachedInputTokens: 0, outputTokens: 298, reasoningTokens: 0 },
    cost: 0.0042,
    createdAt: now,
    updatedAt: now,
  }));
}

async function opened(master: MasterKeySource): Promise<StoreAdapter> {
  const store = createRecordStore(new MemoryBackend(), master);
  await store.listConversations(); // the master key is made before timing starts
  return store;
}

/** ms per message: a new conversation's messages written one by one, then the conversation read back. */
function writeThenRead(store: StoreAdapter): () => Promise<number> {
  return async () => {
    const conversationId = uuidv7();
    const messages = messagesOf(conversationId);
    const start = performance.now();
    await store.putConversation({ id: conversationId, title: 'bench', createdAt: '', updatedAt: '' });
    for (const m of messages) await store.putMessage(m);
    const read = await store.listMessages(conversationId);
    const elapsed = performance.now() - start;
    if (read.length !== MESSAGES) throw new Error(`read ${read.length} of ${MESSAGES} messages`);
    return elapsed / MESSAGES;
  };
}

const candidates = {
  none: writeThenRead(await opened({ type: 'none' })),
  device: writeThenRead(await opened({ type: 'device' })),
  keyFile: writeThenRead(await opened({ type: 'key-file', key: crypto.getRandomValues(new Uint8Array(32)) })),
};

await compare(3, candidates);
const median = await compare(ROUNDS, candidates);
const ms = (name: keyof typeof candidates) => median[name] ?? Number.NaN;

const passphraseOpen = await compare(3, {
  open: async () => {
    const start = performance.now();
    await opened({ type: 'passphrase', passphrase: 'correct horse battery staple' });
    return performance.now() - start;
  },
});

const fmt = (value: number) => `${value.toFixed(4)} ms/message`;
const platform =
  (globalThis as { process?: { version?: string } }).process?.version !== undefined
    ? `Node ${(globalThis as { process?: { version?: string } }).process?.version}`
    : (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent;

report(
  `Store write + read per message, ${new TextEncoder().encode(TEXT).length} B of text, ${MESSAGES} messages, median of ${ROUNDS} (${platform})`,
  [
    ["{ type: 'none' } (baseline: nothing encrypted)", fmt(ms('none'))],
    ['AES-GCM-256, device key', fmt(ms('device'))],
    ['AES-GCM-256, key file', fmt(ms('keyFile'))],
    ['ratio device / none', (ms('device') / ms('none')).toFixed(2)],
    ['ratio key file / none', (ms('keyFile') / ms('none')).toFixed(2)],
    ['opening a passphrase store (PBKDF2 600k), once', `${(passphraseOpen.open ?? Number.NaN).toFixed(1)} ms`],
  ],
);
