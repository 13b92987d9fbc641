// Time to interactive of the demo page in Chromium: from navigation start until the chat's composer
// is enabled and its model picker has options, the median of N cold loads (each in a fresh browser
// context: empty HTTP cache, empty IndexedDB). The baseline, in the same run and alternating with
// it: the same page with every script removed (plain HTML and CSS), interactive at its load event.
// Also: bytes transferred (as served, and the scripts' gzip -9 size, which is what a compressing
// CDN would send) and the long tasks (over 50 ms, the Long Tasks API) until interactive.
// Figures are read, not asserted: the machine is shared. Needs `npm run build` first.
//
//   node --conditions=tessera-source --import tsx examples/script-tag/bench/tti.bench.ts
//   TTI_LOADS=15 … for more loads of each page
import { gzipSync } from 'node:zlib';
import { type Browser, chromium, type Response } from 'playwright-core';
import { report } from '../../../packages/core/bench/bench-kit.js';
import { startOpenAiCompatibleServer } from '../../../packages/core/test-support/openai-compatible-server.js';
import { chromiumArgs, chromiumAvailable, chromiumPath } from '../../../scripts/chromium.mjs';
import { startDemoServer } from '../test-support/demo-server.js';

const LOADS = Number(process.env.TTI_LOADS ?? 7);

if (!chromiumAvailable()) {
  console.log(`Skipped: no Chromium at ${chromiumPath()} (set CHROMIUM_PATH).`);
  process.exit(0);
}

interface PageProbe {
  /** ms after navigation start; undefined until seen. */
  interactiveAt?: number;
  longTasks: { start: number; duration: number }[];
}

/**
 * Runs in the page before its own scripts: records long tasks, and checks on every frame whether
 * the chat can be used (composer enabled, model picker populated), noting the first time it can.
 * A string, not a function: tsx would wrap a function's inner functions in a helper the page lacks.
 */
const PROBE = `
  const state = { longTasks: [] };
  window.__tti = state;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) state.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  function check() {
    const root = document.querySelector('tessera-chat')?.shadowRoot;
    const input = root?.querySelector('[part="input"]');
    const picker = root?.querySelector('[part="model-picker"]');
    if (input && !input.disabled && picker && picker.options.length > 0) state.interactiveAt = performance.now();
    else requestAnimationFrame(check);
  }
  requestAnimationFrame(check);
`;

interface Load {
  /** Navigation start → interactive, ms. */
  tti: number;
  /** Navigation start → the load event's end, ms. */
  loaded: number;
  longTasks: number[];
  /** Bytes that came over the network, headers included (cache hits count 0; this server does not compress). */
  transferredBytes: number;
  /** gzip -9 of every script response, page and vault frame. */
  jsGzipBytes: number;
  jsBytes: number;
  scripts: number;
  /** Each script's path and gzip -9 size. */
  scriptSizes: [string, number][];
}

const provider = await startOpenAiCompatibleServer();
const demo = await startDemoServer();
const browser: Browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
const query = new URLSearchParams({ provider: 'openai-compatible', model: 'bench-model', baseURL: provider.baseURL });
const pageUrl = `${demo.url}?${query}`;

async function load(withEmbed: boolean): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.addInitScript({ content: PROBE });
  // Both pages pass through the same interception, so its cost is in both figures alike.
  await page.route(
    (url) => url.pathname === new URL(demo.url).pathname,
    async (route) => {
      const response = await route.fetch();
      const html = await response.text();
      await route.fulfill({
        response,
        body: withEmbed ? html : html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/g, ''),
      });
    },
  );
  const bodies: Promise<{ script: boolean; path: string; bytes: Buffer; wire: number }>[] = [];
  page.on('response', (response: Response) => {
    if (response.status() >= 300 && response.status() < 400) return;
    const script = response.request().resourceType() === 'script';
    const path = new URL(response.url()).pathname;
    const wire = response
      .request()
      .sizes()
      .then((sizes) => sizes.responseBodySize + sizes.responseHeadersSize)
      .catch(() => 0);
    bodies.push(
      Promise.all([response.body().catch(() => Buffer.alloc(0)), wire]).then(([bytes, onWire]) => ({
        script,
        path,
        bytes,
        wire: onWire,
      })),
    );
  });
  await page.goto(pageUrl, { waitUntil: 'load' });
  const loaded = await page.evaluate(
    () => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd,
  );
  // Plain HTML and CSS can be used once it has loaded; the demo once the chat can be.
  const timing = withEmbed
    ? await page
        .waitForFunction(() => (window as unknown as { __tti: PageProbe }).__tti.interactiveAt, undefined, {
          timeout: 30_000,
        })
        .then((handle) => handle.jsonValue() as Promise<number>)
    : loaded;
  const longTasks = await page.evaluate(
    (until) =>
      (window as unknown as { __tti: PageProbe }).__tti.longTasks
        .filter((task) => task.start <= until)
        .map((task) => task.duration),
    timing,
  );
  const responses = await Promise.all(bodies);
  await context.close();
  const scripts = responses.filter((r) => r.script);
  const gzipped = scripts.map((r) => [r.path, gzipSync(r.bytes, { level: 9 }).length] as [string, number]);
  return {
    tti: timing,
    loaded,
    longTasks,
    transferredBytes: responses.reduce((total, r) => total + r.wire, 0),
    jsBytes: scripts.reduce((sum, r) => sum + r.bytes.length, 0),
    jsGzipBytes: gzipped.reduce((total, [, bytes]) => total + bytes, 0),
    scripts: scripts.length,
    scriptSizes: gzipped,
  };
}

const runs: Record<'baseline' | 'demo', Load[]> = { baseline: [], demo: [] };
try {
  // One load of each first, not counted: Chromium's own first-use costs are not the page's.
  await load(false);
  await load(true);
  for (let i = 0; i < LOADS; i++) {
    runs.baseline.push(await load(false));
    runs.demo.push(await load(true));
  }
} finally {
  await browser.close();
  await demo.stop();
  await provider.close();
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const of = (name: 'baseline' | 'demo', pick: (l: Load) => number) => median(runs[name].map(pick));
const ms = (n: number) => `${n.toFixed(0)} ms`;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const base = of('baseline', (l) => l.tti);
const now = of('demo', (l) => l.tti);

report(`Demo page, time to interactive (median of ${LOADS} cold loads each)`, [
  ['baseline: same page, no scripts (load event)', ms(base)],
  ['demo: composer enabled, model picker populated', ms(now)],
  ['ratio demo / baseline', `${(now / base).toFixed(1)}×`],
  ['demo load event', ms(of('demo', (l) => l.loaded))],
]);
report('Bytes, demo page (median load; page and vault frame)', [
  ['scripts fetched', String(of('demo', (l) => l.scripts))],
  ['JavaScript, uncompressed', kb(of('demo', (l) => l.jsBytes))],
  ['JavaScript gzip -9', kb(of('demo', (l) => l.jsGzipBytes))],
  [
    'transferred, all requests: baseline → demo',
    `${kb(of('baseline', (l) => l.transferredBytes))} → ${kb(of('demo', (l) => l.transferredBytes))}`,
  ],
]);
report('Long tasks (> 50 ms) from navigation start to interactive (median)', [
  ['count: baseline → demo', `${of('baseline', (l) => l.longTasks.length)} → ${of('demo', (l) => l.longTasks.length)}`],
  [
    'total: baseline → demo',
    `${ms(of('baseline', (l) => sum(l.longTasks)))} → ${ms(of('demo', (l) => sum(l.longTasks)))}`,
  ],
  ['longest: demo', ms(of('demo', (l) => Math.max(0, ...l.longTasks)))],
]);
for (const [path, bytes] of runs.demo[0]?.scriptSizes.sort((a, b) => b[1] - a[1]) ?? []) {
  console.log(`  ${path.padEnd(44)} ${kb(bytes).padStart(9)} gzip -9`);
}
console.log(`  demo loads, interactive at: ${runs.demo.map((l) => ms(l.tti)).join(', ')}`);

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
