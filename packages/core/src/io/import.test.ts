import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { zipSync } from 'fflate';
import { TesseraError } from '../errors/tessera-error.js';
import { detectImportFormat, type ImportProgress, parseImport } from './import.js';
import type { ImportedConversation } from './imported.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
const text = (name: string) => new TextDecoder().decode(fixture(name));
const encode = (value: string) => new TextEncoder().encode(value);

/** Asserts a `validation` TesseraError whose message matches `pattern` and says what to do. */
async function rejectsWith(promise: Promise<unknown>, pattern: RegExp, code = 'validation'): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof TesseraError, `a TesseraError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, pattern);
    if (code === 'validation') assert.match(error.message, /Import the file|Download the export again|import|Update/);
    return true;
  });
}

test('import accepts a File, a Blob, a string, an ArrayBuffer, a Uint8Array view and parsed JSON alike', async () => {
  const bytes = fixture('claude-conversations.json');
  const padded = new Uint8Array(bytes.length + 8);
  padded.set(bytes, 4);
  const inputs = [
    new File([bytes], 'conversations.json'),
    new Blob([bytes]),
    text('claude-conversations.json'),
    bytes.slice().buffer,
    padded.subarray(4, 4 + bytes.length),
    JSON.parse(text('claude-conversations.json')),
  ];
  const reports = await Promise.all(inputs.map(async (input) => (await parseImport(input)).report));
  for (const report of reports) assert.deepEqual(report, reports[0]);
  assert.deepEqual(reports[0]!.conversationIds, ['cl-tree', 'cl-legacy']);
});

test('import reads a file with a byte-order mark, and UTF-16', async () => {
  const json = text('deepseek-conversations.json');
  const bom = await parseImport(new Uint8Array([0xef, 0xbb, 0xbf, ...encode(json)]));
  assert.equal(bom.report.format, 'deepseek');
  const utf16 = new Uint8Array(2 + json.length * 2);
  utf16.set([0xff, 0xfe]);
  for (let i = 0; i < json.length; i++) {
    utf16[2 + i * 2] = json.charCodeAt(i) & 0xff;
    utf16[3 + i * 2] = json.charCodeAt(i) >> 8;
  }
  const wide = await parseImport(utf16);
  assert.deepEqual(wide.conversations, bom.conversations);
});

test('import accepts the ZIP a provider sends, finding the conversations file by what it holds, not its name', async () => {
  const zip = zipSync({
    'data-2026/chats-renamed.json': fixture('openwebui-chats.json'),
    'data-2026/picture.png': new Uint8Array([1, 2, 3]),
  });
  const { report } = await parseImport(new File([zip], 'export.zip'));
  assert.equal(report.format, 'openwebui');
  assert.equal(report.conversations, 2);
  // And a file named like ChatGPT's that is not ChatGPT's is read for what it is.
  const named = await parseImport(zipSync({ 'conversations.json': fixture('claude-conversations.json') }));
  assert.equal(named.report.format, 'claude');
});

test('import accepts several files at once: an unpacked sharded export, or ZIPs among files', async () => {
  const shard = (name: string) => new File([fixture(`chatgpt-sharded/${name}`)], name);
  const files = await parseImport([
    shard('conversations-000.json'),
    shard('conversations-001.json'),
    shard('export_manifest.json'),
  ]);
  assert.deepEqual(files.report.conversationIds, ['shard-a', 'shard-b']);
  assert.deepEqual(
    files.report.skipped.map((s) => s.where),
    ['conversations-002.json'],
  );
  const zipped = new File([zipSync({ 'conversations.json': fixture('claude-conversations.json') })], 'takeout-1.zip');
  const mixed = await parseImport([zipped, new File([fixture('claude-memories.json')], 'memories.json')]);
  assert.equal(mixed.report.conversations, 2);
  assert.equal(mixed.report.memories, 2);
});

test('the same conversation twice (shards that overlap) is imported once, the second reported', async () => {
  const shard = fixture('chatgpt-sharded/conversations-000.json');
  const { report } = await parseImport(
    zipSync({ 'a/conversations-000.json': shard, 'b/conversations-000.json': shard }),
  );
  assert.deepEqual(report.conversationIds, ['shard-a']);
  assert.deepEqual(report.skipped, [
    {
      where: 'b/conversations-000.json: conversation "Photo of the hive" (shard-a)',
      why: 'the same conversation appears again in the export; the first copy was kept',
    },
  ]);
});

test('one conversation that is not valid JSON inside a large array is reported; the others import', async () => {
  const good = JSON.stringify(JSON.parse(text('chatgpt-sharded/conversations-000.json'))[0]);
  const { report } = await parseImport(`[${good},{"conversation_id": "x", "mapping": {"a": tru}}]`);
  assert.deepEqual(report.conversationIds, ['shard-a']);
  assert.equal(report.skipped[0]!.where, 'item 2');
  assert.match(report.skipped[0]!.why, /^not valid JSON/);
});

test('bad input is a validation error that says what it is and what to do', async () => {
  await rejectsWith(parseImport(fixture('not-an-export.txt')), /not a chat export Tessera knows: it is not JSON/);
  await rejectsWith(
    parseImport('{"name": "Ada", "email": "ada@example.com"}'),
    /a JSON object with the keys "name", "email"/,
  );
  await rejectsWith(parseImport('[{"id": 1, "score": 3}]'), /a JSON list whose items have the keys "id", "score"/);
  await rejectsWith(parseImport('[]'), /empty list/);
  await rejectsWith(parseImport('42'), /not JSON|single JSON number/);
  await rejectsWith(parseImport(new Blob([])), /empty/);
  await rejectsWith(parseImport('   \n'), /empty/);
  await rejectsWith(parseImport(fixture('chatgpt-truncated.json.txt')), /cut off.*Download the export again/);
  await rejectsWith(parseImport('{"format": "tessera-archive", "version": 1, "conversations": [{'), /cut off/);
  await rejectsWith(parseImport('{"a": 1} trailing words'), /not valid JSON/);
  await rejectsWith(parseImport(null as unknown as string), /Nothing to import/);
});

test('a ZIP without a conversations file, or a damaged one, is a validation error naming what it holds', async () => {
  const zip = zipSync({ 'user.json': encode('{"id": "u"}'), 'chat.html': encode('<html></html>') });
  await rejectsWith(parseImport(zip), /the ZIP holds no conversations file \(it contains: user\.json, chat\.html\)/);
  const takeout = zipSync({ 'Takeout/My Activity/Gemini Apps/MyActivity.html': encode('<html></html>') });
  await rejectsWith(parseImport(takeout), /request it again with the JSON format/);
  const whole = zipSync({ 'conversations.json': fixture('claude-conversations.json') });
  await rejectsWith(parseImport(whole.subarray(0, whole.length - 30)), /incomplete or damaged/);
});

test('progress is reported per conversation, against the size of the input', async () => {
  const events: ImportProgress[] = [];
  const { report } = await parseImport(fixture('chatgpt-quirks.json'), { onProgress: (p) => events.push(p) });
  const perConversation = events.filter((e) => e.conversationId);
  assert.deepEqual(
    perConversation.map((e) => e.conversationId),
    ['conv-bees'],
  );
  const last = events.at(-1)!;
  assert.equal(last.done, last.total);
  assert.equal(last.conversations, report.conversations);
  assert.equal(last.messages, report.acus);
  for (let i = 1; i < events.length; i++) assert.ok(events[i]!.done >= events[i - 1]!.done);
  assert.ok(perConversation[0]!.done < last.total, 'the conversation ends before the file does');
});

test('onConversation hands conversations over one at a time (awaited) instead of collecting them', async () => {
  const seen: string[] = [];
  const result = await parseImport(fixture('openwebui-chats.json'), {
    onConversation: async (c: ImportedConversation) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      seen.push(c.sourceId);
    },
  });
  assert.deepEqual(seen, ['owu-tree', 'owu-linear']);
  assert.deepEqual(result.conversations, []);
  assert.deepEqual(result.report.conversationIds, seen);
});

test('an import can be cancelled: before it starts, and between conversations', async () => {
  await rejectsWith(
    parseImport(fixture('openwebui-chats.json'), { signal: AbortSignal.abort() }),
    /stopped/,
    'aborted',
  );
  const controller = new AbortController();
  const handed: string[] = [];
  await rejectsWith(
    parseImport(fixture('openwebui-chats.json'), {
      signal: controller.signal,
      onConversation: (c) => {
        handed.push(c.sourceId);
        controller.abort();
      },
    }),
    /stopped/,
    'aborted',
  );
  assert.deepEqual(handed, ['owu-tree']);
});

test('a long import yields to the event loop, so a timer (or a click on Cancel) gets its turn', async () => {
  const conversation = (i: number) => ({
    conversation_id: `c${i}`,
    title: `C${i}`,
    mapping: {
      r: { id: 'r', parent: null, children: ['m'], message: null },
      m: {
        id: 'm',
        parent: 'r',
        children: [],
        message: { author: { role: 'user' }, content: { content_type: 'text', parts: ['x'.repeat(2000)] } },
      },
    },
  });
  const big = JSON.stringify(Array.from({ length: 3000 }, (_, i) => conversation(i)));
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 5);
  const started = Date.now();
  await assert.rejects(
    parseImport(big, { signal: controller.signal }),
    (e: unknown) => e instanceof TesseraError && e.code === 'aborted',
  );
  assert.ok(Date.now() - started < 2000);
});

test('detectImportFormat names the format without importing', async () => {
  assert.equal(await detectImportFormat(fixture('gemini-activity.json')), 'gemini');
  assert.equal(await detectImportFormat(zipSync({ 'x/y.json': fixture('grok-export.json') })), 'grok');
  assert.equal(await detectImportFormat(fixture('sillytavern-chat.jsonl')), 'sillytavern');
  await rejectsWith(detectImportFormat('{"hello": "world"}'), /not a chat export/);
});

test('a ZIP’s big files are opened only when their turn comes; progress ends at the total either way', async () => {
  const conversation = (i: number) => ({
    conversation_id: `big-${i}`,
    title: `Big ${i}`,
    mapping: {
      r: { id: 'r', parent: null, children: ['m'], message: null },
      m: {
        id: 'm',
        parent: 'r',
        children: [],
        message: { author: { role: 'user' }, content: { content_type: 'text', parts: ['y'.repeat(10_000)] } },
      },
    },
  });
  const big = encode(JSON.stringify(Array.from({ length: 300 }, (_, i) => conversation(i))));
  const unknownBig = encode(JSON.stringify({ blob: 'z'.repeat(3_000_000) }));
  assert.ok(big.length > 2 * 1024 * 1024 && unknownBig.length > 2 * 1024 * 1024);
  const events: ImportProgress[] = [];
  const { report } = await parseImport(
    zipSync({
      'a/conversations.json': big,
      'b/sora.json': unknownBig,
      'c/conversations.json': fixture('claude-conversations.json'),
    }),
    { onProgress: (p) => events.push(p) },
  );
  assert.equal(report.conversations, 302);
  assert.ok(
    report.warnings.includes('1 file in the input holds no conversations Tessera knows and was not read: b/sora.json.'),
  );
  const last = events.at(-1)!;
  assert.equal(last.done, last.total);
  assert.equal(last.total, big.length + fixture('claude-conversations.json').length);
  assert.ok(events.some((e) => e.file === 'a/conversations.json' && e.done < big.length));
});
