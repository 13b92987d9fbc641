import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { TesseraError } from '../../errors/tessera-error.js';
import { parseImport } from '../import.js';
import { createTesseraArchive, tesseraArchiveSchema } from './tessera.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));

test('tessera archive: each conversation and memory is validated on its own; a damaged one is reported', async () => {
  const { conversations, memories, report } = await parseImport(fixture('tessera-archive.json'));
  assert.equal(report.format, 'tessera-archive');
  assert.deepEqual(report.conversationIds, ['t-ok']);
  assert.equal(conversations[0]!.messages[1]!.parts[1]!.type, 'reasoning');
  assert.deepEqual(memories, [{ sourceId: 'mem-1', kind: 'summary', text: 'Likes ping pong.' }]);
  assert.deepEqual(
    report.skipped.map((s) => s.where),
    ['memory 2', 'conversation "Damaged" (t-bad)'],
  );
  assert.match(report.skipped[1]!.why, /`messages\.0\.role`/);
});

test('tessera archive: round trip — import any export, archive it, import the archive: the same conversations', async () => {
  for (const name of [
    'chatgpt-quirks.json',
    'claude-conversations.json',
    'openwebui-chats.json',
    'gemini-activity.json',
  ]) {
    const first = await parseImport(fixture(name));
    const archive = createTesseraArchive(first.conversations, first.memories, new Date('2026-01-01T00:00:00Z'));
    tesseraArchiveSchema.parse(archive);
    const again = await parseImport(JSON.stringify(archive));
    assert.deepEqual(again.conversations, first.conversations, name);
    assert.equal(again.report.acus, first.report.acus);
    assert.equal(again.report.branches, first.report.branches);
    assert.deepEqual(again.report.skipped, []);
  }
});

test('tessera archive: one from a newer Tessera is refused, saying to update', async () => {
  await assert.rejects(
    parseImport({ format: 'tessera-archive', version: 2, conversations: [] }),
    (error: unknown) =>
      error instanceof TesseraError && error.code === 'validation' && /newer Tessera/.test(error.message),
  );
});
