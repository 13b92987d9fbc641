// Smooth streaming in a long chat, in Chromium: a 500-message conversation is opened, then a
// 5,000-token Markdown answer streams into it from a local OpenAI-compatible provider (OpenAI's
// SSE bytes, 500 tokens a second). Counted with the Long Tasks API: every main-thread task over
// 50 ms, while the conversation opens and while the answer streams, with what each one ran (the
// Long Animation Frames API), frames and the longest frame. The baseline, in the same run: the
// chat as it rendered before (the whole list and the whole answer's Markdown on every frame, every
// row laid out and painted).
// Figures are read, not asserted: the machine is shared.
//
//   node --conditions=tessera-source --import tsx widgets/bench/long-chat.bench.ts
//   LONG_CHAT_ROUNDS=3 … for more rounds (alternating, median reported)
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { report } from '../../packages/core/bench/bench-kit.js';
import { openAiAnswerEvents } from '../../packages/core/test-support/openai-sse.js';
import { chromiumArgs, chromiumAvailable, chromiumPath } from '../../scripts/chromium.mjs';
import type { LongChatResult, Phase } from './long-chat.page.js';

const MESSAGES = 500;
const TOKENS = 5000;
const TOKENS_PER_WRITE = 5;
const WRITE_EVERY_MS = 10;
const ROUNDS = Number(process.env.LONG_CHAT_ROUNDS ?? 1);

if (!chromiumAvailable()) {
  console.log(`Skipped: no Chromium at ${chromiumPath()} (set CHROMIUM_PATH).`);
  process.exit(0);
}

/** A 5,000-token answer shaped like a model's: headings, paragraphs, lists and code, split on spaces. */
function longAnswer(): string[] {
  const sections: string[] = [];
  for (let i = 0; sections.join(' ').split(' ').length < TOKENS; i++) {
    sections.push(
      `## Step ${i + 1}`,
      `\n\nLay the tiles of row ${i + 1} from the centre outwards, pressing each one into the adhesive with a slight twist so it beds down. Keep the gaps at **2 mm** and check them with a spacer every few tiles.`,
      `\n\n- mix a small batch\n- butter the back of each tile\n- wipe excess adhesive at once\n\n`,
      i % 3 === 0 ? '```\ngap = 2 mm\nrow = centre → edge\n```\n\n' : '',
    );
  }
  return sections.join(' ').split(' ').slice(0, TOKENS);
}
const ANSWER = longAnswer();

async function stream(res: ServerResponse, model: string): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  const events = openAiAnswerEvents(model, ANSWER);
  for (let i = 0; i < events.length; i += TOKENS_PER_WRITE) {
    if (res.destroyed) return;
    res.write(events.slice(i, i + TOKENS_PER_WRITE).join(''));
    await new Promise((resolve) => setTimeout(resolve, WRITE_EVERY_MS));
  }
  res.end();
}

const page = await build({
  entryPoints: [fileURLToPath(new URL('./long-chat.page.ts', import.meta.url))],
  bundle: true,
  format: 'esm',
  minify: true,
  write: false,
  target: 'es2022',
  conditions: ['tessera-source', 'browser'],
  tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)),
  logLevel: 'error',
});
const script = page.outputFiles[0]?.text ?? '';

const server = createServer((req, res) => {
  if (req.url === '/') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      '<!doctype html><meta charset="utf-8"><body style="margin:0"><script type="module" src="/page.js"></script>',
    );
  } else if (req.url === '/page.js') {
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
    res.end(script);
  } else if (req.url === '/v1/chat/completions' && req.method === 'POST') {
    req.resume();
    req.on('end', () => void stream(res, 'bench-model'));
  } else {
    res.writeHead(404).end();
  }
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });

async function measure(baseline: boolean): Promise<LongChatResult> {
  const tab = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  tab.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await tab.goto(origin);
  await tab.waitForFunction(() => 'runLongChat' in window);
  const result = await tab.evaluate((options) => window.runLongChat(options), {
    baseURL: `${origin}/v1`,
    messages: MESSAGES,
    baseline,
  });
  await tab.close();
  return result;
}

const results: Record<'smooth' | 'baseline', LongChatResult[]> = { smooth: [], baseline: [] };
for (let round = 0; round < ROUNDS; round++) {
  results.baseline.push(await measure(true));
  results.smooth.push(await measure(false));
}
await browser.close();
server.close();

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const pick = (runs: LongChatResult[], phase: 'open' | 'stream', of: (p: Phase) => number) =>
  median(runs.map((r) => of(r[phase])));
const max = (p: Phase) => Math.max(0, ...p.longTasks);
const total = (p: Phase) => p.longTasks.reduce((sum, d) => sum + d, 0);
const ms = (n: number) => `${n.toFixed(0)} ms`;
const ratio = (base: number, now: number) =>
  now === 0 ? (base === 0 ? '1' : '∞ (none left)') : (base / now).toFixed(1);

for (const phase of ['stream', 'open'] as const) {
  const rows: [string, string][] = [];
  for (const [name, of, format] of [
    ['long tasks (count)', (p: Phase) => p.longTasks.length, String],
    ['longest task', max, ms],
    ['total long-task time', total, ms],
    ['longest frame', (p: Phase) => p.longestFrameMs, ms],
    ['frames', (p: Phase) => p.frames, String],
    ['duration', (p: Phase) => p.ms, ms],
  ] as const) {
    const base = pick(results.baseline, phase, of);
    const now = pick(results.smooth, phase, of);
    rows.push([`${name}: baseline → now (baseline/now)`, `${format(base)} → ${format(now)} (${ratio(base, now)})`]);
  }
  report(
    phase === 'stream'
      ? `Streaming ${TOKENS.toLocaleString('en')} tokens into a ${MESSAGES}-message chat (goal: no long task over 50 ms)${ROUNDS > 1 ? `, median of ${ROUNDS}` : ''}`
      : `Opening the ${MESSAGES}-message conversation`,
    rows,
  );
}
const tasks = (p: Phase) =>
  p.longTasks
    .map((d, i) => `${d.toFixed(0)} ms at ${((p.longTaskAt[i] ?? 0) / 1000).toFixed(1)} s (${p.longTaskCause[i]})`)
    .join(', ') || 'none';
for (const [i, r] of results.smooth.entries()) {
  const seconds = (r.stream.ms / 1000).toFixed(1);
  console.log(`  run ${i + 1}, long tasks: streaming ${tasks(r.stream)} (of ${seconds} s); opening ${tasks(r.open)}`);
}
const chars = results.smooth[0]?.stream.answerChars ?? 0;
console.log(`  (answer shown: ${chars.toLocaleString('en')} characters)`);
