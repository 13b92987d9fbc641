import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseImport } from '../import.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));

test('grok: wrapped responses with MongoDB dates; parent_response_id makes a branch; thinking is reasoning', async () => {
  const { conversations, report } = await parseImport(fixture('grok-export.json'));
  assert.equal(report.format, 'grok');
  const c = conversations[0]!;
  assert.deepEqual(
    c.messages.map((m) => [m.sourceId, m.parentSourceId, m.role, m.createdAt]),
    [
      ['r1', null, 'user', '2025-04-01T08:00:00.000Z'],
      ['r2', 'r1', 'assistant', '2025-04-01T08:00:10.000Z'],
      ['r3', 'r1', 'assistant', '2025-04-01T08:00:20.000Z'],
    ],
  );
  assert.equal(report.branches, 1);
  assert.deepEqual(c.messages[1]!.parts[0], { type: 'reasoning', text: 'Consider GR and J2.' });
  assert.equal(c.messages[2]!.status, 'incomplete');
  assert.deepEqual(report.skipped, [
    { where: '`projects`', why: '1 item of Grok projects, not conversations: not imported' },
  ]);
});

test('grok: flat responses without parents form a line in time order', async () => {
  const { conversations } = await parseImport({
    conversations: [
      {
        conversation: { title: 'Flat', create_time: '2026-01-01T00:00:00Z' },
        responses: [
          { sender: 'assistant', message: 'Second', create_time: '2026-01-01T00:00:02Z' },
          { sender: 'human', message: 'First', create_time: '2026-01-01T00:00:01Z' },
        ],
      },
    ],
  });
  const c = conversations[0]!;
  assert.deepEqual(
    c.messages.map((m) => m.text),
    ['First', 'Second'],
  );
  assert.equal(c.messages[1]!.parentSourceId, c.messages[0]!.sourceId);
});
