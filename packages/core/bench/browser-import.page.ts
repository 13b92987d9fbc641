/**
 * The page side of `browser-import.bench.ts`, bundled by it with esbuild: makes the synthetic
 * export inside the page as a `Blob` (so the data never crosses the wire) and runs each measured
 * import, sampling the JS heap (`performance.memory`, precise under `--enable-precise-memory-info`)
 * on every progress event and every few milliseconds between them.
 */
import type { ImportProgress } from '../src/io/import.js';
import { createTessera } from '../src/tessera.js';
import { conversationsForSize, SyntheticChatGptExport } from './fixtures/chatgpt-synthetic.js';

const MESSAGES_PER_CONVERSATION = 50;

declare global {
  interface Window {
    bench: typeof bench;
  }
}

const collectOnce = () => (globalThis as unknown as { gc: () => void }).gc();
/**
 * A full collection after which `usedJSHeapSize` counts live objects only. V8 sweeps concurrently:
 * right after one `gc()` the heap still counts the dead objects on pages not swept yet (after a
 * 5 MB import into IndexedDB, about 1.4x the file, all of it garbage: gone after a second `gc()`,
 * after the next task, and with `--no-concurrent-sweeping`). The second collection finishes that
 * sweeping before it counts.
 */
const gc = () => {
  collectOnce();
  collectOnce();
};
const usedHeap = () => (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;

/** Tracks the highest heap seen above the collected heap at `start`. */
function sampler() {
  gc();
  const before = usedHeap();
  let peak = before;
  const sample = () => {
    peak = Math.max(peak, usedHeap());
  };
  const timer = setInterval(sample, 5);
  let livePeak = before;
  let gcMs = 0;
  return {
    sample,
    /** The live heap now: collects first (the time it takes is kept apart from the run's). */
    live() {
      sample();
      const start = performance.now();
      gc();
      gcMs += performance.now() - start;
      livePeak = Math.max(livePeak, usedHeap());
    },
    get gcMs() {
      return gcMs;
    },
    stop() {
      sample();
      clearInterval(timer);
      const after = usedHeap();
      // Kept apart to show what one collection alone would report (dead but unswept objects too).
      collectOnce();
      const afterOneCollection = usedHeap();
      collectOnce();
      return {
        peakAbove: peak - before,
        livePeakAbove: livePeak - before,
        retainedAbove: usedHeap() - before,
        retainedOneCollectionAbove: afterOneCollection - before,
        endAbove: after - before,
        before,
      };
    },
  };
}

let blob: Blob | undefined;
let conversations = 0;

const bench = {
  /** Builds the export as a Blob of about `bytes`; returns its size and shape. */
  makeExport(bytes: number) {
    conversations = conversationsForSize(bytes, MESSAGES_PER_CONVERSATION);
    const source = new SyntheticChatGptExport(MESSAGES_PER_CONVERSATION);
    // Joined into Blobs a hundred conversations at a time, so the page never holds the text whole.
    const blobs: Blob[] = [];
    let batch: string[] = [];
    for (const piece of source.pieces(conversations)) {
      batch.push(piece);
      if (batch.length >= 200) {
        blobs.push(new Blob(batch));
        batch = [];
      }
    }
    blobs.push(new Blob(batch));
    blob = new Blob(blobs, { type: 'application/json' });
    gc();
    return { size: blob.size, conversations, messages: conversations * MESSAGES_PER_CONVERSATION };
  },

  /** The floor: `JSON.parse(await blob.text())`, both the text and the tree alive at the end. */
  async baseline() {
    const heap = sampler();
    const start = performance.now();
    const text = await blob!.text();
    heap.sample();
    const parsed = JSON.parse(text) as unknown[];
    const ms = performance.now() - start;
    heap.sample();
    const count = parsed.length;
    return { ms, count, ...heap.stop() };
  },

  /**
   * `tessera.io.import(blob)` into `store`; `abortAt` (0..1 of the bytes read) stops it there.
   * Its time leaves out the collections forced to read the live heap.
   */
  async import(store: 'memory' | 'indexeddb', abortAt?: number) {
    const tessera = createTessera({ store, databaseName: `bench-${Date.now()}` });
    await tessera.acu.publicKey(); // the signer (and the store) are made before timing starts
    const controller = new AbortController();
    let progressEvents = 0;
    let abortedAt: number | undefined;
    let lastProgress: ImportProgress | undefined;
    let lastProgressAt = 0;
    let nextLive = 0.05;
    const heap = sampler();
    const start = performance.now();
    let outcome: string;
    let stored = 0;
    try {
      const result = await tessera.io.import(blob!, {
        signal: controller.signal,
        onProgress(progress) {
          progressEvents++;
          lastProgress = progress;
          lastProgressAt = performance.now() - start;
          heap.sample();
          // The live heap at every 5 % of the bytes: what the import holds, without its garbage.
          if (progress.done >= nextLive * progress.total) {
            heap.live();
            nextLive += 0.05;
          }
          if (abortAt !== undefined && abortedAt === undefined && progress.done >= progress.total * abortAt) {
            abortedAt = performance.now();
            controller.abort();
          }
        },
      });
      outcome = 'resolved';
      stored = result.acus;
    } catch (error) {
      outcome = `rejected: ${(error as { code?: string }).code ?? String(error)}`;
    }
    const ms = performance.now() - start - heap.gcMs;
    const afterAbortMs = abortedAt === undefined ? undefined : performance.now() - abortedAt;
    const memory = heap.stop();
    const adapter = await tessera.store.open();
    const listed = (await adapter.listConversations()).length;
    await tessera.close();
    gc();
    const afterClose = usedHeap() - memory.before;
    return {
      ms,
      outcome,
      stored,
      listed,
      progressEvents,
      lastProgressAtMs: lastProgressAt,
      lastProgress: lastProgress && { ...lastProgress, conversationId: undefined },
      abortedAtFraction: abortAt,
      settledAfterAbortMs: afterAbortMs,
      ...memory,
      retainedAfterCloseAbove: afterClose,
    };
  },
};

window.bench = bench;
