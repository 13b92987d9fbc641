/**
 * The browser path of a large import, in Debian's Chromium (playwright-core): a synthetic ChatGPT
 * `conversations.json` of about 200 MB made inside the page as a `Blob`, imported with
 * `tessera.io.import(blob, { onProgress, signal })` into a memory store, the JS heap sampled all
 * along. Reports time, peak heap above the start, peak heap / file size, progress events, and a
 * run cancelled at half the bytes. Baseline in the same run: `JSON.parse(await blob.text())`.
 * Then the same import into the encrypted IndexedDB store for a smaller file, for the time per
 * message with encryption.
 *
 * `usedJSHeapSize` counts the JS heap only: the file's bytes read with `blob.arrayBuffer()` live
 * outside it (so "held" below is heap + the file's bytes when the import keeps them). Under a
 * memory store the stored ACUs and records are in the heap too: `retained` says how much stays.
 * Every reading of the live heap collects twice (see `gc` in the page): after a single collection
 * the heap still counts garbage the concurrent sweeper has not reached.
 *
 * Run: node --conditions=tessera-source --import tsx packages/core/bench/browser-import.bench.ts
 * Sizes: BENCH_IMPORT_MB (default 200), BENCH_IDB_MB (default 20).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumAvailable, chromiumPath } from '../../../scripts/chromium.mjs';
import { report } from './bench-kit.js';

type PageBench = Window['bench'];
type ImportRun = Awaited<ReturnType<PageBench['import']>>;

const MB = 1024 * 1024;
const importBytes = Number(process.env.BENCH_IMPORT_MB ?? 200) * MB;
const idbBytes = Number(process.env.BENCH_IDB_MB ?? 20) * MB;
const mb = (n: number) => `${(n / MB).toFixed(1)} MB`;
const ms = (n: number) => (n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${n.toFixed(0)} ms`);

if (!chromiumAvailable()) {
  console.log(`Chromium not found at ${chromiumPath()}: set CHROMIUM_PATH to run the browser import benchmark.`);
  process.exit(0);
}

const bundle = await build({
  entryPoints: [fileURLToPath(new URL('./browser-import.page.ts', import.meta.url))],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  // The workspace packages' sources, as the tests read them: no build needed first.
  conditions: ['tessera-source'],
  target: 'es2022',
  write: false,
  logLevel: 'error',
});
const script = bundle.outputFiles[0]!.text;
const server = createServer((request, response) => {
  if (request.url === '/bench.js') {
    response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
  } else {
    response
      .writeHead(200, { 'content-type': 'text/html' })
      .end(
        '<!doctype html><meta charset="utf-8"><title>import bench</title><script type="module" src="/bench.js"></script>',
      );
  }
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

const browser = await chromium.launch({
  executablePath: chromiumPath(),
  args: [...chromiumArgs, '--enable-precise-memory-info', '--js-flags=--expose-gc'],
});

/** A fresh page with the export of about `bytes` made in it. */
async function pageWithExport(bytes: number) {
  const page = await browser.newPage();
  page.setDefaultTimeout(0);
  await page.goto(url);
  await page.waitForFunction(() => window.bench !== undefined);
  const made = await page.evaluate((b) => window.bench.makeExport(b), bytes);
  return { page, made };
}

try {
  const { page, made } = await pageWithExport(importBytes);
  const parse = await page.evaluate(() => window.bench.baseline());
  const full = await page.evaluate(() => window.bench.import('memory'));
  await page.close();
  // A fresh page, so the cancelled run starts from the same heap.
  const second = await pageWithExport(importBytes);
  const cancelled = await second.page.evaluate(() => window.bench.import('memory', 0.5));
  await second.page.close();
  const small = await pageWithExport(idbBytes);
  const idb = await small.page.evaluate(() => window.bench.import('indexeddb'));
  const idbMemory = await small.page.evaluate(() => window.bench.import('memory'));
  await small.page.close();

  const version = browser.version();
  const perMessage = (run: ImportRun) => `${(run.ms / run.stored).toFixed(3)} ms/message`;
  report(
    `Browser import: synthetic ChatGPT conversations.json, ${mb(made.size)}, ${made.conversations.toLocaleString('en-US')} conversations, ${made.messages.toLocaleString('en-US')} messages, memory store (Chromium ${version})`,
    [
      ['JSON.parse(await blob.text()) (baseline): time', ms(parse.ms)],
      ['baseline: peak heap above start', mb(parse.peakAbove)],
      ['tessera.io.import(blob): time', `${ms(full.ms)} (${full.outcome}, ${full.stored} ACUs)`],
      ['  last progress event at (with forced GCs)', ms(full.lastProgressAtMs)],
      ['  progress events', String(full.progressEvents)],
      ['  peak heap above start (sampled, with garbage)', mb(full.peakAbove)],
      ['  peak live heap (collected at every 5 %)', mb(full.livePeakAbove)],
      ['  retained after (the memory store)', mb(full.retainedAbove)],
      ['  retained after close()', mb(full.retainedAfterCloseAbove)],
      ['  peak heap / file size', (full.peakAbove / made.size).toFixed(2)],
      ['  (peak heap + file bytes) / file size', ((full.peakAbove + made.size) / made.size).toFixed(2)],
      ['  peak live heap / file size', (full.livePeakAbove / made.size).toFixed(2)],
      ['  retained (memory store) / file size', (full.retainedAbove / made.size).toFixed(2)],
      ['  (peak live − retained) / file size', ((full.livePeakAbove - full.retainedAbove) / made.size).toFixed(2)],
      ['ratio time, import / baseline', (full.ms / parse.ms).toFixed(1)],
      ['ratio peak heap, import / baseline', (full.peakAbove / parse.peakAbove).toFixed(2)],
      ['cancelled at 50 % of the bytes: outcome', cancelled.outcome],
      ['  settled after abort()', ms(cancelled.settledAfterAbortMs ?? Number.NaN)],
      ['  conversations in the store after', String(cancelled.listed)],
      ['  progress events', String(cancelled.progressEvents)],
      ['  peak heap above start', mb(cancelled.peakAbove)],
    ],
  );
  report(
    `Browser import into encrypted IndexedDB (AES-GCM per record), ${mb(small.made.size)}, ${small.made.messages.toLocaleString('en-US')} messages`,
    [
      ['memory store (baseline): time', `${ms(idbMemory.ms)}, ${perMessage(idbMemory)}`],
      ["store: 'indexeddb': time", `${ms(idb.ms)}, ${perMessage(idb)} (${idb.outcome})`],
      ['ratio indexeddb / memory', (idb.ms / idbMemory.ms).toFixed(2)],
      ['indexeddb: peak heap above start (sampled, with garbage)', mb(idb.peakAbove)],
      ['indexeddb: peak live heap / file size', (idb.livePeakAbove / small.made.size).toFixed(2)],
      ['indexeddb: retained after / file size', (idb.retainedAbove / small.made.size).toFixed(2)],
      [
        '  the same counted after one gc() only (unswept garbage in) / file size',
        (idb.retainedOneCollectionAbove / small.made.size).toFixed(2),
      ],
      ['indexeddb: retained after close() / file size', (idb.retainedAfterCloseAbove / small.made.size).toFixed(2)],
    ],
  );
} finally {
  await browser.close();
  server.close();
}
