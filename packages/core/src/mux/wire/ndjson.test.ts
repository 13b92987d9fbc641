import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readNdjsonLines } from './ndjson.js';

/** A body delivered as the given chunks, each encoded separately, as a network splits it. */
function body(...chunks: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
      controller.close();
    },
  });
}

async function lines(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of readNdjsonLines(stream)) out.push(line);
  return out;
}

test('yields one line per newline-terminated record', async () => {
  assert.deepEqual(await lines(body('{"a":1}\n{"b":2}\n')), ['{"a":1}', '{"b":2}']);
});

test('yields a last line that has no newline after it', async () => {
  assert.deepEqual(await lines(body('{"a":1}\n{"done":true}')), ['{"a":1}', '{"done":true}']);
});

test('drops the carriage return of CRLF line endings, even when it ends one chunk and LF starts the next', async () => {
  assert.deepEqual(await lines(body('{"a":1}\r\n{"b":2}\r', '\n{"c":3}\r\n')), ['{"a":1}', '{"b":2}', '{"c":3}']);
});

test('skips blank and whitespace-only lines', async () => {
  assert.deepEqual(await lines(body('\n{"a":1}\n\n  \n\r\n{"b":2}\n\n')), ['{"a":1}', '{"b":2}']);
});

test('joins a line split across chunks at any byte, including inside a multi-byte character', async () => {
  const text = '{"content":"café ☕"}\n{"done":true}\n';
  const bytes = new TextEncoder().encode(text);
  for (let cut = 1; cut < bytes.length; cut++) {
    const got = await lines(body(bytes.slice(0, cut), bytes.slice(cut)));
    assert.deepEqual(got, ['{"content":"café ☕"}', '{"done":true}'], `cut at byte ${cut}`);
  }
});

test('yields nothing for an empty body', async () => {
  assert.deepEqual(await lines(body()), []);
});

test('yields lines as they arrive, before the body ends', async () => {
  let push: ((text: string) => void) | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      push = (text) => controller.enqueue(new TextEncoder().encode(text));
    },
  });
  const iterator = readNdjsonLines(stream)[Symbol.asyncIterator]();
  push?.('{"first":true}\n{"sec');
  assert.deepEqual(await iterator.next(), { done: false, value: '{"first":true}' });
  push?.('ond":true}\n');
  assert.deepEqual(await iterator.next(), { done: false, value: '{"second":true}' });
  await iterator.return?.(undefined);
});

test('cancels the body when the reader stops early', async () => {
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"a":1}\n{"b":2}\n'));
    },
    cancel() {
      cancelled = true;
    },
  });
  for await (const line of readNdjsonLines(stream)) {
    assert.equal(line, '{"a":1}');
    break;
  }
  assert.equal(cancelled, true);
});
