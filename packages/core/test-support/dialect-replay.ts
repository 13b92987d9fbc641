/**
 * Shared helpers for the dialect tests (src/mux/providers/dialects/*.test.ts): replaying a
 * response body through an adapter's `parseStream` the way the router does, framing vercel/ai's
 * `*.chunks.txt` recordings, and locating the shared recorded wire fixtures.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TesseraError } from '../src/errors/tessera-error.js';
import { MuxStream, type PartialResult } from '../src/mux/mux-stream.js';
import type { AdapterCallContext, DialectAdapter } from '../src/mux/providers/provider.js';
import type { MuxResult, StreamPart } from '../src/mux/schema.js';

/** Splits `text`'s bytes into reads of `chunkSize` bytes (inside multi-byte characters too), as a network does. */
export function chunkedBody(text: string, chunkSize: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + chunkSize));
      offset += chunkSize;
    },
  });
}

/** Which adapter to replay a body through, and how. */
export interface DialectReplay {
  adapter: Pick<DialectAdapter, 'parseStream'>;
  context: AdapterCallContext;
  /** Provider and model of the `start` part that opens the stream. */
  provider: string;
  model: string;
  /** Bytes per network read of the body. */
  chunkSize: number;
  /**
   * true (the default): what `parseStream` throws becomes a final `error` part, as the router
   * emits it. false: the throw ends the stream as is, so `parts` has no `error` part. Either
   * way `result` rejects with what was thrown.
   */
  errorsAsParts?: boolean;
}

/** A replay's outcome: how `stream.result` settled. */
export type Settled = { ok: true; value: MuxResult } | { ok: false; error: TesseraError };

export interface Replayed {
  stream: MuxStream;
  /** Every part, the `start` part first. */
  parts: StreamPart[];
  result: Settled;
  /** `stream.partial` once the stream has settled. */
  partial: PartialResult;
}

/** A MuxStream over a `start` part, then the adapter's parts for `text` read in `chunkSize` pieces. */
export function replayStream(text: string, options: DialectReplay): MuxStream {
  const { adapter, context, provider, model, chunkSize, errorsAsParts = true } = options;
  return new MuxStream(
    (async function* (): AsyncGenerator<StreamPart> {
      yield { type: 'start', provider, model };
      if (!errorsAsParts) {
        yield* adapter.parseStream(chunkedBody(text, chunkSize), context);
        return;
      }
      try {
        yield* adapter.parseStream(chunkedBody(text, chunkSize), context);
      } catch (error) {
        yield { type: 'error', error: error as TesseraError };
      }
    })(),
  );
}

/** Replays `text` to the end, collecting every part and how the result settled. */
export async function replayDialect(text: string, options: DialectReplay): Promise<Replayed> {
  const stream = replayStream(text, options);
  const parts: StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  const result = await stream.result.then(
    (value): Settled => ({ ok: true, value }),
    (error: unknown): Settled => ({ ok: false, error: error as TesseraError }),
  );
  return { stream, parts, result, partial: stream.partial };
}

/** Replays `text`, which must give an answer: its parts and the result's fields. */
export async function replayAnswer(text: string, options: DialectReplay) {
  const { parts, result } = await replayDialect(text, options);
  assert.ok(result.ok, `expected an answer, got ${result.ok ? '' : result.error.message}`);
  return { parts, ...result.value };
}

/** Replays `text`, which must fail with a TesseraError: it, the parts and what arrived before it. */
export async function replayFailure(text: string, options: DialectReplay) {
  const { parts, result, partial } = await replayDialect(text, options);
  assert.ok(!result.ok, 'expected the stream to fail');
  assert.ok(result.error instanceof TesseraError, String(result.error));
  return { parts, error: result.error, partial };
}

export interface ChunkFraming {
  /** Line ending of the framed events; `\n` unless told. */
  eol?: '\n' | '\r\n';
  /** Names each event (an `event:` line before its `data:`) from its payload line. */
  event?: (payload: string) => string;
  /** Ends with `data: [DONE]`, as Chat Completions streams do. */
  done?: boolean;
}

/**
 * vercel/ai's `*.chunks.txt` recordings keep one JSON payload per line; this frames each as an
 * SSE `data:` event (blank lines dropped), as the provider sent it.
 */
export function frameChunks(text: string, framing: ChunkFraming = {}): string {
  const { eol = '\n', event, done = false } = framing;
  const events = text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => `${event ? `event: ${event(line)}${eol}` : ''}data: ${line}${eol}${eol}`);
  if (done) events.push(`data: [DONE]${eol}${eol}`);
  return events.join('');
}

export interface SharedWire {
  /** false when the fixtures are present, else why the tests that need them are skipped (for `test`'s `skip`). */
  skip: false | string;
  /** A fixture's text. */
  read(name: string): string;
  /** The folder's absolute path. */
  dir: string;
}

/**
 * The recorded wire fixtures in ../shared/fixtures/wire (outside this repository; see its
 * SOURCES.md). When they are absent, logs `# SKIP <label>: …` once, and `skip` says why.
 */
export function sharedWire(label: string): SharedWire {
  const dir = fileURLToPath(new URL('../../../../shared/fixtures/wire/', import.meta.url));
  const present = existsSync(join(dir, 'SOURCES.md'));
  const skip = present ? false : `../shared/fixtures/wire is absent (looked in ${dir})`;
  if (!present) console.log(`# SKIP ${label}: ${skip}`);
  return { skip, read: (name) => readFileSync(join(dir, name), 'utf8'), dir };
}
