// The provider relay under load: a local upstream on 127.0.0.1 streams OpenAI-style SSE, and the
// real app (PGlite, a seeded partner, rate limits off) relays it. In the same run, alternating:
//   (a) time to first byte, relayed vs straight from the upstream (200 events of ~100 bytes);
//   (b) throughput of a large, fast SSE body, relayed vs direct;
//   (c) 1,000 streaming relays held open at once (an event every 200 ms: each stream lasts until
//       all 1,000 are open, then 3 s more), twice, with the relay process's memory before, at its
//       peak and after each round.
// The upstream and the client run in a second process (this file, forked), so the relay process
// holds only the relay: its memory is the relay's, and neither side steals the other's event loop.
// Only loopback addresses. Figures are read, not asserted; only errors are counted.
//
//   node --conditions=tessera-source --import tsx packages/server/bench/relay.bench.ts
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { Agent, createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const ROLE_ENV = 'TESSERA_RELAY_BENCH_ROLE';
const HOST = '127.0.0.1';
// A made-up provider key: the upstream checks it arrives, as a provider would.
const PROVIDER_KEY = 'sk-bench-not-a-real-key-0000';
const ORIGIN = 'https://bench.example';

// (a) time to first byte: the stream of a short chat answer.
const TTFB_EVENTS = 200;
const TTFB_PAUSE_EVERY = 10; // events between two pauses of the upstream
const TTFB_PAUSE_MS = 1;
const TTFB_PAIRS = 40;
const TTFB_WARMUP = 10;
// (b) throughput: a large body written as fast as the reader takes it.
const BULK_BYTES = 64 * 1024 * 1024;
const BULK_WARMUP_BYTES = 16 * 1024 * 1024;
const BULK_RUNS = 4;
// (c) concurrent relays held open.
const HOLD_STREAMS = 1000;
// Each held stream sends at least this many events, and goes on until every stream of the round has
// reached the upstream, so all of them are open at one moment however slowly the relay admits them.
const HOLD_EVENTS = 15;
const HOLD_INTERVAL_MS = 200;
const HOLD_MAX_EVENTS = 150;
const HOLD_RAMP_BATCH = 50;
const HOLD_RAMP_EVERY_MS = 20;
const HOLD_ROUNDS = 2;
// Descriptors the relay process keeps for itself (stdio, PGlite, the IPC channel, slack).
const FD_RESERVE = 64;
// The whole run stays well under a minute; this only stops a stuck run.
const WATCHDOG_MS = 90_000;

const MiB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// The upstream's bodies.

/** One chat-completion chunk event, as OpenAI streams them (trimmed to the fields that matter). */
function chunkEvent(content: string): string {
  return `data: ${JSON.stringify({ id: 'chatcmpl-b', choices: [{ index: 0, delta: { content } }] })}\n\n`;
}
// 100 bytes.
const EVENT = Buffer.from(chunkEvent('Tessera relays this token.'));
const DONE = Buffer.from('data: [DONE]\n\n');
// 64 KiB of 1 KiB events, written again and again for the throughput run.
const BULK_CHUNK = (() => {
  const head = chunkEvent('');
  const one = chunkEvent('x'.repeat(1024 - head.length));
  return Buffer.from(one.repeat(64));
})();

const eventsBytes = (events: number) => events * EVENT.length + DONE.length;
const bulkBytes = (total: number) => Math.ceil(total / BULK_CHUNK.length) * BULK_CHUNK.length + DONE.length;

// ---------------------------------------------------------------------------------------------
// Messages between the relay process and the peer (upstream + client).

interface Target {
  /** The full URL, up to the provider path (`…/chat/completions`), without a query. */
  url: string;
  headers: Record<string, string>;
}
interface TtfbJob {
  type: 'ttfb';
  direct: Target;
  relay: Target;
}
interface BulkJob {
  type: 'bulk';
  direct: Target;
  relay: Target;
}
interface HoldJob {
  type: 'hold';
  relay: Target;
  streams: number;
}
type Job = TtfbJob | BulkJob | HoldJob | { type: 'exit' };

interface TtfbResult {
  direct: { firstByteMs: number[]; totalMs: number[] };
  relay: { firstByteMs: number[]; totalMs: number[] };
  errors: Record<string, number>;
}
interface BulkResult {
  directMiBs: number[];
  relayMiBs: number[];
  errors: Record<string, number>;
}
interface HoldResult {
  started: number;
  completed: number;
  errors: Record<string, number>;
  /** The most streams the upstream was serving at one moment. */
  peakUpstreamOpen: number;
  /** Events in each completed stream. */
  events: number[];
  firstByteMs: number[];
  rampMs: number;
  wallMs: number;
  /** Share of the round the peer's event loop was busy, and its CPU time. */
  peerBusy: number;
  peerCpuSeconds: number;
}
type PeerMessage = { type: 'ready'; origin: string } | { type: 'result'; result: TtfbResult | BulkResult | HoldResult };

// ---------------------------------------------------------------------------------------------
// Small helpers.

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}
const median = (values: readonly number[]) => quantile(values, 0.5);

function countError(errors: Record<string, number>, kind: string): void {
  errors[kind] = (errors[kind] ?? 0) + 1;
}
const errorTotal = (errors: Record<string, number>) => Object.values(errors).reduce((sum, n) => sum + n, 0);
const describeErrors = (errors: Record<string, number>) =>
  Object.entries(errors)
    .map(([kind, n]) => `${kind} ×${n}`)
    .join(', ') || 'none';

function openFds(): number {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return Number.NaN;
  }
}

/** The soft and hard limit on open files, from /proc (Linux) or the shell's `ulimit`. */
function fileLimits(): { soft: number; hard: number } {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const [soft, hard] = (line?.match(/(\d+|unlimited)\s+(\d+|unlimited)/)?.slice(1) ?? []).map((v) =>
      v === 'unlimited' ? Number.POSITIVE_INFINITY : Number(v),
    );
    if (soft !== undefined && hard !== undefined) return { soft, hard };
  } catch {
    // Not Linux: ask the shell, which inherited the same limits.
  }
  const ask = (flag: string) => {
    const text = execFileSync('sh', ['-c', `ulimit ${flag}`], { encoding: 'utf8' }).trim();
    return text === 'unlimited' ? Number.POSITIVE_INFINITY : Number(text);
  };
  return { soft: ask('-Sn'), hard: ask('-Hn') };
}

// ---------------------------------------------------------------------------------------------
// The peer: the upstream and the client, in the forked process.

async function runPeer(): Promise<void> {
  const send = (message: PeerMessage) => process.send?.(message);
  let open = 0;
  let peakOpen = 0;
  const round = { expected: 0, arrived: 0 };

  const upstream = createServer((req, res) => {
    open++;
    peakOpen = Math.max(peakOpen, open);
    res.on('close', () => open--);
    req.resume();
    req.on('end', () => {
      void answer(req, res, round).catch(() => res.destroy());
    });
  });
  upstream.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => upstream.listen({ port: 0, host: HOST, backlog: 2048 }, resolve));
  const origin = `http://${HOST}:${(upstream.address() as AddressInfo).port}`;

  process.on('disconnect', () => process.exit(0));
  process.on('message', (job: Job) => {
    void (async () => {
      if (job.type === 'exit') {
        upstream.closeAllConnections();
        upstream.close(() => process.exit(0));
        return;
      }
      if (job.type === 'ttfb') send({ type: 'result', result: await ttfbJob(job) });
      else if (job.type === 'bulk') send({ type: 'result', result: await bulkJob(job) });
      else {
        peakOpen = open;
        round.expected = job.streams;
        round.arrived = 0;
        const result = await holdJob(job, () => peakOpen);
        // Close what stays open after the round, so the relay's "after" counts no idle sockets:
        // the client's keep-alive connections (in holdJob) and the relay's pooled upstream ones.
        upstream.closeIdleConnections();
        send({ type: 'result', result });
      }
    })();
  });
  send({ type: 'ready', origin });
}

/** The upstream's answer: the scenario comes from the query string, which the relay passes on. */
async function answer(
  req: IncomingMessage,
  res: ServerResponse,
  round: { expected: number; arrived: number },
): Promise<void> {
  if (req.headers.authorization !== `Bearer ${PROVIDER_KEY}`) {
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end('{"error":{"message":"Incorrect API key provided."}}');
    return;
  }
  const query = new URL(req.url ?? '/', 'http://upstream').searchParams;
  // Headers go out with the first event (Node sends them with the first write).
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-request-id': 'req_b' });
  const scenario = query.get('scenario');
  if (scenario === 'bulk') {
    const total = Number(query.get('bytes'));
    for (let sent = 0; sent < total && !res.destroyed; sent += BULK_CHUNK.length) {
      if (!res.write(BULK_CHUNK)) await drainOrClose(res);
    }
  } else if (scenario === 'hold') {
    round.arrived++;
    for (let sent = 1; !res.destroyed; sent++) {
      res.write(EVENT);
      if ((sent >= HOLD_EVENTS && round.arrived >= round.expected) || sent >= HOLD_MAX_EVENTS) break;
      await sleep(HOLD_INTERVAL_MS);
    }
  } else {
    const events = Number(query.get('events'));
    const pauseEvery = Number(query.get('pauseEvery'));
    const pauseMs = Number(query.get('pauseMs'));
    for (let i = 0; i < events && !res.destroyed; i++) {
      res.write(EVENT);
      if ((i + 1) % pauseEvery === 0 && i + 1 < events) await sleep(pauseMs);
    }
  }
  if (!res.destroyed) res.end(DONE);
}

function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

interface StreamResult {
  firstByteMs: number;
  totalMs: number;
  bytes: number;
}

const REQUEST_BODY = JSON.stringify({
  model: 'bench-model',
  stream: true,
  messages: [{ role: 'user', content: 'Say something long.' }],
});

/**
 * POSTs a chat request and reads the streamed answer to its end. Rejects on an error, a status other
 * than 200, or a body that does not end with `[DONE]` or has a length `acceptBytes` refuses.
 */
function stream(
  target: Target,
  query: string,
  agent: Agent,
  acceptBytes: (bytes: number) => boolean,
  timeoutMs: number,
): Promise<StreamResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let firstByteMs = Number.NaN;
    let bytes = 0;
    let tail: Buffer = Buffer.alloc(0);
    const req = request(`${target.url}?${query}`, {
      method: 'POST',
      agent,
      headers: {
        ...target.headers,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(REQUEST_BODY)),
      },
    });
    const timer = setTimeout(() => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })), timeoutMs);
    const fail = (kind: string) => {
      clearTimeout(timer);
      reject(new Error(kind));
    };
    req.on('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.message));
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        fail(`HTTP ${res.statusCode}`);
        return;
      }
      res.on('data', (chunk: Buffer) => {
        if (bytes === 0) firstByteMs = performance.now() - started;
        bytes += chunk.length;
        tail =
          chunk.length >= DONE.length
            ? chunk.subarray(-DONE.length)
            : Buffer.concat([tail, chunk]).subarray(-DONE.length);
      });
      let ended = false;
      res.on('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.message));
      res.on('close', () => {
        if (!ended) fail('closed before the end');
      });
      res.on('end', () => {
        ended = true;
        clearTimeout(timer);
        if (!tail.equals(DONE) || !acceptBytes(bytes)) reject(new Error('incomplete body'));
        else resolve({ firstByteMs, totalMs: performance.now() - started, bytes });
      });
    });
    req.end(REQUEST_BODY);
  });
}

async function ttfbJob(job: TtfbJob): Promise<TtfbResult> {
  const agent = new Agent({ keepAlive: true });
  const query = `scenario=events&events=${TTFB_EVENTS}&pauseEvery=${TTFB_PAUSE_EVERY}&pauseMs=${TTFB_PAUSE_MS}`;
  const expected = eventsBytes(TTFB_EVENTS);
  const accept = (bytes: number) => bytes === expected;
  const result: TtfbResult = {
    direct: { firstByteMs: [], totalMs: [] },
    relay: { firstByteMs: [], totalMs: [] },
    errors: {},
  };
  const one = async (side: 'direct' | 'relay', record: boolean) => {
    try {
      const r = await stream(job[side], query, agent, accept, 10_000);
      if (record) {
        result[side].firstByteMs.push(r.firstByteMs);
        result[side].totalMs.push(r.totalMs);
      }
    } catch (error) {
      countError(result.errors, `${side}: ${(error as Error).message}`);
    }
  };
  for (let i = 0; i < TTFB_WARMUP; i++) {
    await one('direct', false);
    await one('relay', false);
  }
  // Alternating, and which side goes first alternates too, so drift hits both equally.
  for (let i = 0; i < TTFB_PAIRS; i++) {
    for (const side of i % 2 === 0 ? (['direct', 'relay'] as const) : (['relay', 'direct'] as const)) {
      await one(side, true);
    }
  }
  agent.destroy();
  return result;
}

async function bulkJob(job: BulkJob): Promise<BulkResult> {
  const agent = new Agent({ keepAlive: true });
  const result: BulkResult = { directMiBs: [], relayMiBs: [], errors: {} };
  const one = async (side: 'direct' | 'relay', total: number, record: boolean) => {
    try {
      const r = await stream(job[side], `scenario=bulk&bytes=${total}`, agent, (b) => b === bulkBytes(total), 30_000);
      if (record) (side === 'direct' ? result.directMiBs : result.relayMiBs).push(r.bytes / MiB / (r.totalMs / 1000));
    } catch (error) {
      countError(result.errors, `${side}: ${(error as Error).message}`);
    }
  };
  await one('direct', BULK_WARMUP_BYTES, false);
  await one('relay', BULK_WARMUP_BYTES, false);
  for (let i = 0; i < BULK_RUNS; i++) {
    for (const side of i % 2 === 0 ? (['direct', 'relay'] as const) : (['relay', 'direct'] as const)) {
      await one(side, BULK_BYTES, true);
    }
  }
  agent.destroy();
  return result;
}

async function holdJob(job: HoldJob, peakUpstreamOpen: () => number): Promise<HoldResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  const events = (bytes: number) => (bytes - DONE.length) / EVENT.length;
  const accept = (bytes: number) => Number.isInteger(events(bytes)) && events(bytes) >= HOLD_EVENTS;
  const timeoutMs = HOLD_MAX_EVENTS * HOLD_INTERVAL_MS + 5_000;
  const result: HoldResult = {
    started: 0,
    completed: 0,
    errors: {},
    peakUpstreamOpen: 0,
    events: [],
    firstByteMs: [],
    rampMs: 0,
    wallMs: 0,
    peerBusy: 0,
    peerCpuSeconds: 0,
  };
  const elu = performance.eventLoopUtilization();
  const cpu = process.cpuUsage();
  const began = performance.now();
  const running: Promise<void>[] = [];
  // Opened in quick batches (a listen backlog holds 511 by default), all within half a second, so
  // every stream is still open when the last one starts.
  while (result.started < job.streams) {
    const batch = Math.min(HOLD_RAMP_BATCH, job.streams - result.started);
    for (let i = 0; i < batch; i++) {
      running.push(
        stream(job.relay, 'scenario=hold', agent, accept, timeoutMs).then(
          (r) => {
            result.completed++;
            result.events.push(events(r.bytes));
            result.firstByteMs.push(r.firstByteMs);
          },
          (error: Error) => countError(result.errors, error.message),
        ),
      );
    }
    result.started += batch;
    if (result.started < job.streams) await sleep(HOLD_RAMP_EVERY_MS);
  }
  result.rampMs = performance.now() - began;
  await Promise.all(running);
  result.wallMs = performance.now() - began;
  result.peakUpstreamOpen = peakUpstreamOpen();
  result.peerBusy = performance.eventLoopUtilization(elu).utilization;
  const used = process.cpuUsage(cpu);
  result.peerCpuSeconds = (used.user + used.system) / 1e6;
  agent.destroy();
  return result;
}

// ---------------------------------------------------------------------------------------------
// The relay process.

interface Memory {
  rss: number;
  heapUsed: number;
  external: number;
  fds: number;
}

function memory(): Memory {
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, fds: openFds() };
}

async function runMain(): Promise<void> {
  const watchdog = setTimeout(() => {
    console.error(`relay bench: still running after ${WATCHDOG_MS / 1000} s, giving up.`);
    process.exit(1);
  }, WATCHDOG_MS);
  watchdog.unref();

  // A full collection before each "before"/"after" reading, so they count live objects only.
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const settle = async () => {
    await sleep(200);
    gc();
    gc();
    await sleep(50);
  };

  const { PUBLISHABLE_KEY_HEADER, UPSTREAM_AUTHORIZATION_HEADER } = await import('@tessera/core');
  const { mintUserToken } = await import('../src/auth/user-token.js');
  const { createApp } = await import('../src/http/app.js');
  const { createNodeServer } = await import('../src/http/node-server.js');
  const { createPartner } = await import('../src/partners/keys.js');
  const { MasterKey } = await import('../src/secrets/master-key.js');
  const { openTempDatabase } = await import('../src/test-support/temp-database.js');

  const peer: ChildProcess = fork(fileURLToPath(import.meta.url), [], {
    execArgv: process.execArgv,
    env: { ...process.env, [ROLE_ENV]: 'peer' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const fromPeer = () =>
    new Promise<PeerMessage>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the peer process exited (${code})`));
      peer.once('exit', onExit);
      peer.once('message', (message: PeerMessage) => {
        peer.off('exit', onExit);
        resolve(message);
      });
    });
  const ask = async <T>(job: Job): Promise<T> => {
    const reply = fromPeer();
    peer.send(job);
    const message = await reply;
    if (message.type !== 'result') throw new Error(`unexpected message from the peer: ${message.type}`);
    return message.result as T;
  };

  const ready = await fromPeer();
  if (ready.type !== 'ready') throw new Error('the peer did not start');
  const upstreamOrigin = ready.origin;

  const temp = await openTempDatabase();
  const masterKey = MasterKey.generate();
  const partner = await createPartner(temp.db, masterKey, { id: 'bench', name: 'Bench', origins: [ORIGIN] });
  // The relay's own log lines, counted by outcome (complete, client_closed, upstream_error, …).
  const outcomes: Record<string, number> = {};
  const count = (event: string, fields?: Record<string, unknown>) => {
    if (event === 'relay') countError(outcomes, String(fields?.outcome));
    else if (event !== 'request') countError(outcomes, event);
  };
  const app = createApp({
    db: temp.db,
    masterKey,
    logger: { info: count, warn: count, error: count },
    rateLimits: false,
    rootRedirect: null,
    relay: {
      upstreamURL: (profile) => (profile.id === 'openai' ? new URL(`${upstreamOrigin}/v1`) : undefined),
    },
  });
  const server: Server = createNodeServer(app, { info() {}, warn() {}, error() {} });
  await new Promise<void>((resolve) => server.listen({ port: 0, host: HOST, backlog: 2048 }, resolve));
  const apiOrigin = `http://${HOST}:${(server.address() as AddressInfo).port}`;

  // Each held relay costs this process two descriptors: the client's connection and its own
  // connection to the upstream (the peer holds the other two ends, under the same limit).
  const limits = fileLimits();
  const baseFds = openFds();
  const affordable = Math.floor((limits.soft - baseFds - FD_RESERVE) / 2);
  const holdStreams = Math.max(0, Math.min(HOLD_STREAMS, affordable));

  const direct: Target = {
    url: `${upstreamOrigin}/v1/chat/completions`,
    headers: { authorization: `Bearer ${PROVIDER_KEY}` },
  };
  const relay: Target = {
    url: `${apiOrigin}/v1/relay/openai/chat/completions`,
    headers: {
      // The relay is user-scoped: the user token is the Authorization, the provider key travels beside it.
      authorization: `Bearer ${await mintUserToken({ secretKey: partner.secretKey, userId: 'bench-user', ttlSeconds: 3600 })}`,
      [UPSTREAM_AUTHORIZATION_HEADER]: `Bearer ${PROVIDER_KEY}`,
      [PUBLISHABLE_KEY_HEADER]: partner.publishableKey,
      origin: ORIGIN,
    },
  };

  const ttfb = await ask<TtfbResult>({ type: 'ttfb', direct, relay });
  const bulk = await ask<BulkResult>({ type: 'bulk', direct, relay });

  const connections = () =>
    new Promise<number>((resolve) => server.getConnections((error, n) => resolve(error ? Number.NaN : n)));
  await settle();
  const before = memory();
  interface Round {
    result: HoldResult;
    peak: Memory;
    after: Memory;
    outcomes: Record<string, number>;
    /** Share of the round this process's event loop was busy, and its CPU time. */
    busy: number;
    cpuSeconds: number;
  }
  const rounds: Round[] = [];
  for (let round = 0; round < HOLD_ROUNDS && holdStreams > 0; round++) {
    for (const key of Object.keys(outcomes)) delete outcomes[key];
    const peak = memory();
    let tick = 0;
    const sampler = setInterval(() => {
      const { rss, heapUsed, external } = process.memoryUsage();
      peak.rss = Math.max(peak.rss, rss);
      peak.heapUsed = Math.max(peak.heapUsed, heapUsed);
      peak.external = Math.max(peak.external, external);
      if (tick++ % 5 === 0) peak.fds = Math.max(peak.fds, openFds());
    }, 50);
    const elu = performance.eventLoopUtilization();
    const cpu = process.cpuUsage();
    const result = await ask<HoldResult>({ type: 'hold', relay, streams: holdStreams });
    const busy = performance.eventLoopUtilization(elu).utilization;
    const used = process.cpuUsage(cpu);
    clearInterval(sampler);
    // Wait for the closed connections to be gone on this side too.
    for (let i = 0; i < 100 && (await connections()) > 0; i++) await sleep(20);
    await settle();
    rounds.push({
      result,
      peak,
      after: memory(),
      outcomes: { ...outcomes },
      busy,
      cpuSeconds: (used.user + used.system) / 1e6,
    });
  }

  peer.send({ type: 'exit' } satisfies Job);
  await new Promise<void>((resolve) => (peer.exitCode === null ? peer.once('exit', () => resolve()) : resolve()));
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await temp.dispose();

  // ---- the report ----
  const ms = (v: number) => (Number.isNaN(v) ? '—' : v < 10 ? v.toFixed(2) : v.toFixed(1));
  const mib = (bytes: number) => (bytes / MiB).toFixed(1);
  const signed = (v: number, digits = 1) => `${v >= 0 ? '+' : ''}${v.toFixed(digits)}`;
  const row = (cells: Array<[string, number]>) =>
    `  ${cells.map(([text, width], i) => (i === 0 ? text.padEnd(width) : text.padStart(width))).join(' ')}`;

  console.log(
    `\nProvider relay on ${HOST}: Node ${process.version}, ${cpus().length} CPUs, PGlite, rate limits off; upstream and client in a second process`,
  );

  const [dF, rF] = [ttfb.direct.firstByteMs, ttfb.relay.firstByteMs];
  const [dT, rT] = [ttfb.direct.totalMs, ttfb.relay.totalMs];
  console.log(
    `\n(a) Time to first byte: ${TTFB_EVENTS} SSE events of ${EVENT.length} bytes (a ${TTFB_PAUSE_MS} ms pause every ${TTFB_PAUSE_EVERY}), ${TTFB_PAIRS} alternating pairs after ${TTFB_WARMUP} warm-up, keep-alive`,
  );
  console.log(
    row([
      ['', 26],
      ['direct ms', 10],
      ['relay ms', 10],
      ['overhead ms', 12],
      ['relay ÷ direct', 15],
    ]),
  );
  for (const [label, d, r] of [
    ['first byte, median', median(dF), median(rF)],
    ['first byte, p90', quantile(dF, 0.9), quantile(rF, 0.9)],
    ['whole stream, median', median(dT), median(rT)],
    ['whole stream, p90', quantile(dT, 0.9), quantile(rT, 0.9)],
  ] as Array<[string, number, number]>) {
    console.log(
      row([
        [label, 26],
        [ms(d), 10],
        [ms(r), 10],
        [signed(r - d, 2), 12],
        [(r / d).toFixed(2), 15],
      ]),
    );
  }
  console.log(`  errors: ${describeErrors(ttfb.errors)}`);

  console.log(
    `\n(b) Throughput: a ${BULK_BYTES / MiB} MiB SSE body in 64 KiB writes, ${BULK_RUNS} alternating runs each after a ${BULK_WARMUP_BYTES / MiB} MiB warm-up (MiB/s)`,
  );
  console.log(
    row([
      ['', 26],
      ['direct', 10],
      ['relay', 10],
      ['', 12],
      ['relay ÷ direct', 15],
    ]),
  );
  for (const [label, d, r] of [
    ['median', median(bulk.directMiBs), median(bulk.relayMiBs)],
    ['slowest', Math.min(...bulk.directMiBs), Math.min(...bulk.relayMiBs)],
    ['fastest', Math.max(...bulk.directMiBs), Math.max(...bulk.relayMiBs)],
  ] as Array<[string, number, number]>) {
    console.log(
      row([
        [label, 26],
        [d.toFixed(0), 10],
        [r.toFixed(0), 10],
        ['', 12],
        [(r / d).toFixed(3), 15],
      ]),
    );
  }
  console.log(`  errors: ${describeErrors(bulk.errors)}`);

  const limitText = `ulimit -n: soft ${limits.soft}, hard ${limits.hard}; the relay process had ${baseFds} descriptors open`;
  console.log(
    `\n(c) Concurrent streaming relays: opened ${HOLD_RAMP_BATCH} every ${HOLD_RAMP_EVERY_MS} ms; the upstream sends an event every ${HOLD_INTERVAL_MS} ms until all are open, then ${HOLD_EVENTS} more (~${(HOLD_EVENTS * HOLD_INTERVAL_MS) / 1000} s); ${HOLD_ROUNDS} rounds`,
  );
  console.log(
    holdStreams >= HOLD_STREAMS
      ? `  ${limitText}: ${HOLD_STREAMS} relays need ~${2 * HOLD_STREAMS} more there (and as many in the peer), so all ${HOLD_STREAMS} were used`
      : `  ${limitText}: ${HOLD_STREAMS} relays need ~${2 * HOLD_STREAMS} more, over the soft limit (Node cannot raise it), so only ${holdStreams} were used; raise \`ulimit -n\` before running for the full ${HOLD_STREAMS}`,
  );
  console.log(
    row([
      ['round', 6],
      ['started', 8],
      ['completed', 10],
      ['errors', 7],
      ['open at once', 13],
      ['opened in s', 12],
      ['1st byte p50/p99 s', 19],
      ['events/stream', 14],
      ['relay busy', 11],
      ['peer busy', 11],
      ['wall s', 7],
    ]),
  );
  rounds.forEach(({ result, busy, cpuSeconds }, i) => {
    const events = `${Math.min(...result.events)}–${Math.max(...result.events)}`;
    const firstByte = `${(median(result.firstByteMs) / 1000).toFixed(2)} / ${(quantile(result.firstByteMs, 0.99) / 1000).toFixed(2)}`;
    console.log(
      row([
        [String(i + 1), 6],
        [String(result.started), 8],
        [String(result.completed), 10],
        [String(errorTotal(result.errors)), 7],
        [String(result.peakUpstreamOpen), 13],
        [(result.rampMs / 1000).toFixed(2), 12],
        [firstByte, 19],
        [result.events.length > 0 ? events : '—', 14],
        [`${(100 * busy).toFixed(0)}% ${cpuSeconds.toFixed(1)}s`, 11],
        [`${(100 * result.peerBusy).toFixed(0)}% ${result.peerCpuSeconds.toFixed(1)}s`, 11],
        [(result.wallMs / 1000).toFixed(2), 7],
      ]),
    );
  });
  rounds.forEach(({ result, outcomes: seen }, i) => {
    console.log(
      `  round ${i + 1}: client errors: ${describeErrors(result.errors)}; relay log outcomes: ${describeErrors(seen)}`,
    );
  });
  console.log(
    '  ("open at once": streams the upstream was serving at one moment; "busy": share of the round the process\'s event loop was busy, and its CPU time)',
  );

  console.log('\n  Memory of the relay process (MiB; "before" and "after" follow a full GC)');
  console.log(
    row([
      ['', 26],
      ['rss', 9],
      ['heapUsed', 9],
      ['external', 9],
      ['open fds', 9],
    ]),
  );
  const memRow = (label: string, m: Memory) =>
    console.log(
      row([
        [label, 26],
        [mib(m.rss), 9],
        [mib(m.heapUsed), 9],
        [mib(m.external), 9],
        [String(m.fds), 9],
      ]),
    );
  memRow('before', before);
  rounds.forEach(({ peak, after }, i) => {
    memRow(`peak, round ${i + 1}`, peak);
    memRow(`after round ${i + 1}`, after);
  });
  const last = rounds.at(-1);
  const first = rounds[0];
  if (first && last) {
    const peakHeap = Math.max(...rounds.map((r) => r.peak.heapUsed));
    const peakRss = Math.max(...rounds.map((r) => r.peak.rss));
    const heapGrowth = peakHeap - before.heapUsed;
    const heapKept = last.after.heapUsed - before.heapUsed;
    console.log(
      `  at the peak: heapUsed ${signed(heapGrowth / MiB)} MiB, rss ${signed((peakRss - before.rss) / MiB)} MiB over before, about ${(heapGrowth / 1024 / holdStreams).toFixed(0)} KiB of heap per open relay`,
    );
    console.log(
      `  after the last round vs before: heapUsed ${signed(heapKept / MiB)} MiB (${heapGrowth > 0 ? Math.max(0, (100 * heapKept) / heapGrowth).toFixed(0) : '—'}% of the peak's growth kept), rss ${signed((last.after.rss - before.rss) / MiB)} MiB, open fds ${signed(last.after.fds - before.fds, 0)}`,
    );
    if (rounds.length > 1) {
      console.log(
        `  after round ${rounds.length} vs after round 1 (growth per round, if any): heapUsed ${signed((last.after.heapUsed - first.after.heapUsed) / MiB)} MiB, rss ${signed((last.after.rss - first.after.rss) / MiB)} MiB`,
      );
    }
  }
  const totalErrors =
    errorTotal(ttfb.errors) + errorTotal(bulk.errors) + rounds.reduce((sum, r) => sum + errorTotal(r.result.errors), 0);
  console.log(`\n  errors in all phases: ${totalErrors}`);
}

if (process.env[ROLE_ENV] === 'peer') await runPeer();
else await runMain();
