/**
 * Import of a synthetic ChatGPT export: 1,000 conversations, 50,000 messages (a few regenerated
 * answers in each, so branches are on the path), as the bytes of `conversations.json`. Measured
 * against the floor any importer has to pay: `JSON.parse` of the same file (decode + parse).
 * Reports time (median of 3) and peak JS heap above the starting point (the input's bytes are
 * outside the heap for both, in `arrayBuffers`).
 *
 * Run: node --conditions=tessera-source --import tsx --expose-gc packages/core/bench/import.bench.ts
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { parseImport } from '../src/io/import.js';
import { report } from './bench-kit.js';
import { ISSUE_4_SHAPE, syntheticChatGptExport } from './fixtures/chatgpt-synthetic.js';

const CONVERSATIONS = ISSUE_4_SHAPE.conversations;
const MESSAGES_PER_CONVERSATION = ISSUE_4_SHAPE.messagesPerConversation;

// `npm run bench` runs without --expose-gc: expose it here so memory figures stay comparable.
const gc: () => void =
  (globalThis as { gc?: () => void }).gc ??
  (() => {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  })();

const bytes = syntheticChatGptExport(ISSUE_4_SHAPE);
gc();
const heap = () => getHeapStatistics().used_heap_size;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

interface Measure {
  ms: number;
  peak: number;
  messages: number;
}

async function baseline(): Promise<Measure> {
  gc();
  const before = heap();
  const start = performance.now();
  const text = new TextDecoder().decode(bytes);
  const parsed = JSON.parse(text) as { mapping: Record<string, { message: unknown }> }[];
  const ms = performance.now() - start;
  // The text and the tree are both alive when the parse ends: that is its peak.
  const alive = [text, parsed];
  const peak = heap() - before;
  alive.length = 0;
  const messages = parsed.reduce((sum, c) => sum + Object.values(c.mapping).filter((node) => node.message).length, 0);
  return { ms, peak, messages };
}

async function tessera(streaming: boolean): Promise<Measure> {
  gc();
  const before = heap();
  let peak = 0;
  let kept = 0;
  const start = performance.now();
  const result = await parseImport(bytes, {
    onProgress: () => {
      peak = Math.max(peak, heap() - before);
    },
    ...(streaming
      ? {
          onConversation: (c) => {
            kept += c.messages.length;
          },
        }
      : {}),
  });
  const ms = performance.now() - start;
  peak = Math.max(peak, heap() - before);
  if (result.report.acus !== CONVERSATIONS * MESSAGES_PER_CONVERSATION) {
    throw new Error(`imported ${result.report.acus} messages`);
  }
  if (streaming && kept !== result.report.acus) throw new Error('streaming lost messages');
  return { ms, peak, messages: result.report.acus };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const runs: Record<'baseline' | 'collect' | 'stream', Measure[]> = { baseline: [], collect: [], stream: [] };
for (let round = 0; round < 3; round++) {
  runs.baseline.push(await baseline());
  runs.collect.push(await tessera(false));
  runs.stream.push(await tessera(true));
}
const time = (k: keyof typeof runs) => median(runs[k].map((r) => r.ms));
const peak = (k: keyof typeof runs) => median(runs[k].map((r) => r.peak));
const base = runs.baseline[0]!;
if (base.messages !== CONVERSATIONS * MESSAGES_PER_CONVERSATION) throw new Error(`generated ${base.messages} messages`);

report(
  `Import: synthetic ChatGPT conversations.json, ${CONVERSATIONS.toLocaleString('en-US')} conversations, ${base.messages.toLocaleString('en-US')} messages, ${mb(bytes.length)} (median of 3)`,
  [
    ['JSON.parse of the file (baseline): time', `${time('baseline').toFixed(0)} ms`],
    ['JSON.parse of the file (baseline): peak heap', mb(peak('baseline'))],
    ['parseImport, collecting conversations: time', `${time('collect').toFixed(0)} ms`],
    ['parseImport, collecting conversations: peak heap', mb(peak('collect'))],
    ['parseImport, onConversation (streaming): time', `${time('stream').toFixed(0)} ms`],
    ['parseImport, onConversation (streaming): peak heap', mb(peak('stream'))],
    ['ratio time, collecting / baseline', (time('collect') / time('baseline')).toFixed(2)],
    ['ratio time, streaming / baseline', (time('stream') / time('baseline')).toFixed(2)],
    ['ratio peak heap, collecting / baseline', (peak('collect') / peak('baseline')).toFixed(2)],
    ['ratio peak heap, streaming / baseline', (peak('stream') / peak('baseline')).toFixed(2)],
    [
      'ratio (peak heap + input bytes) / file size, streaming',
      ((peak('stream') + bytes.length) / bytes.length).toFixed(2),
    ],
    [
      'ratio (peak heap + input bytes) / file size, collecting',
      ((peak('collect') + bytes.length) / bytes.length).toFixed(2),
    ],
  ],
);
