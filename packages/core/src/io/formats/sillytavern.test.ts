import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseImport } from '../import.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));

test('sillytavern: JSON Lines; swipes are sibling answers and the chosen one carries the chat on', async () => {
  const { conversations, report } = await parseImport(fixture('sillytavern-chat.jsonl'));
  assert.equal(report.format, 'sillytavern');
  const c = conversations[0]!;
  const id = c.sourceId;
  assert.deepEqual(
    c.messages.map((m) => [m.sourceId.slice(id.length), m.parentSourceId?.slice(id.length) ?? null, m.role, m.text]),
    [
      [':1', null, 'assistant', 'Welcome aboard.'],
      [':2', ':1', 'user', 'Where to?'],
      [':3:swipe:0', ':2', 'assistant', 'To the south.'],
      [':3', ':2', 'assistant', 'To the north.'],
      [':4', ':3', 'user', 'Aye.'],
      [':5', ':4', 'system', 'The wind rises.'],
      [':3:swipe:2', ':2', 'assistant', 'Nowhere.'],
    ],
  );
  assert.equal(report.branches, 1);
  assert.deepEqual(c.messages[3]!.parts[0], { type: 'reasoning', text: 'North is safer.' });
  assert.equal(c.messages[4]!.createdAt, '2026-02-01T10:03:00.000Z', 'epoch milliseconds');
  assert.equal(c.messages[5]!.createdAt, undefined);
  assert.match(report.warnings.join('\n'), /1 time could not be read/);
  assert.deepEqual(
    report.skipped.map((s) => s.where),
    ['line 7'],
    'the cut-off last line',
  );
});
