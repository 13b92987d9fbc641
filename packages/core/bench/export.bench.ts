/**
 * Export of the synthetic ChatGPT export issue 4 names (1,000 conversations, 50,000 messages),
 * first imported into a memory store with `tessera.io.import` (timed once, for the record), then
 * exported as `json` (a version-2 ACU archive), `markdown` and `zip` (archive + one Markdown file
 * per conversation + a SHA-256 manifest). Baseline in the same run: `JSON.stringify` of the same
 * ACUs, encoded to UTF-8 (what any export of them has to pay, without reading the store or
 * building an archive). Reports time (median of 3), bytes produced and peak heap.
 *
 * Peak heap is the JS heap (and the ArrayBuffers, where the output bytes live) right after each
 * run, above a collected starting point, before anything is collected: an export is one
 * synchronous build after the reads, so nothing of it has been freed yet then. That makes it an
 * upper-bound estimate, the same for the baseline and for Tessera.
 *
 * Run: node --conditions=tessera-source --import tsx packages/core/bench/export.bench.ts
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Acu } from '../src/acu/schema.js';
import type { ExportFormat } from '../src/io/io-api.js';
import { createTessera } from '../src/tessera.js';
import { report } from './bench-kit.js';
import { ISSUE_4_SHAPE, syntheticChatGptExport } from './fixtures/chatgpt-synthetic.js';

const ROUNDS = 3;

// `npm run bench` runs without --expose-gc: expose it here so memory figures stay comparable.
const gc: () => void =
  (globalThis as { gc?: () => void }).gc ??
  (() => {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  })();
const heap = () => getHeapStatistics().used_heap_size + process.memoryUsage().arrayBuffers;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

const tessera = createTessera({ store: 'memory' });
let importMs: number;
let conversationIds: string[];
{
  const bytes = syntheticChatGptExport(ISSUE_4_SHAPE);
  const start = performance.now();
  const imported = await tessera.io.import(bytes);
  importMs = performance.now() - start;
  conversationIds = imported.conversationIds;
  const expected = ISSUE_4_SHAPE.conversations * ISSUE_4_SHAPE.messagesPerConversation;
  if (imported.acus !== expected) throw new Error(`imported ${imported.acus} of ${expected} messages`);
}

// The baseline's input, read once and kept: the same ACUs the exports read from the store.
const acus: Acu[][] = [];
for (const id of conversationIds) acus.push(await tessera.acu.list({ conversationId: id }));
const messages = acus.reduce((sum, list) => sum + list.length, 0);

interface Measure {
  ms: number;
  peak: number;
  bytes: number;
}

async function measure(run: () => Promise<Uint8Array>): Promise<Measure> {
  gc();
  const before = heap();
  const start = performance.now();
  const output = await run();
  const ms = performance.now() - start;
  const peak = heap() - before;
  return { ms, peak, bytes: output.length };
}

const candidates: Record<'baseline' | ExportFormat, () => Promise<Uint8Array>> = {
  baseline: async () => new TextEncoder().encode(JSON.stringify(acus)),
  json: () => tessera.io.export({ format: 'json' }),
  markdown: () => tessera.io.export({ format: 'markdown' }),
  zip: () => tessera.io.export({ format: 'zip' }),
};
const runs: Record<string, Measure[]> = Object.fromEntries(Object.keys(candidates).map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of Object.entries(candidates)) runs[name]!.push(await measure(run));
}
await tessera.close();

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const time = (name: string) => median(runs[name]!.map((r) => r.ms));
const peak = (name: string) => median(runs[name]!.map((r) => r.peak));
const size = (name: string) => runs[name]![0]!.bytes;
const row = (name: string, label: string): [string, string][] => [
  [`${label}: time`, `${time(name).toFixed(0)} ms`],
  [`${label}: bytes produced`, mb(size(name))],
  [`${label}: peak heap`, mb(peak(name))],
];
const ratios = (name: string): [string, string] => [
  `ratio ${name} / baseline (time, peak heap)`,
  `${(time(name) / time('baseline')).toFixed(2)}, ${(peak(name) / peak('baseline')).toFixed(2)}`,
];

report(
  `Export: ${conversationIds.length.toLocaleString('en-US')} conversations, ${messages.toLocaleString('en-US')} ACUs from a memory store (median of ${ROUNDS}, Node ${process.version})`,
  [
    ['tessera.io.import of the export first (once)', `${(importMs / 1000).toFixed(1)} s`],
    ...row('baseline', 'JSON.stringify + encode of the ACUs (baseline)'),
    ...row('json', "export({ format: 'json' })"),
    ...row('markdown', "export({ format: 'markdown' })"),
    ...row('zip', "export({ format: 'zip' })"),
    ratios('json'),
    ratios('markdown'),
    ratios('zip'),
  ],
);
