import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseImport } from '../import.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));

test('deepseek: the mapping tree with fragments; the root’s two children are a branch', async () => {
  const { conversations, report } = await parseImport(fixture('deepseek-conversations.json'));
  assert.equal(report.format, 'deepseek');
  const c = conversations[0]!;
  assert.deepEqual(
    c.messages.map((m) => [m.sourceId, m.parentSourceId, m.role]),
    [
      ['1', null, 'user'],
      ['2', '1', 'assistant'],
      ['3', null, 'user'],
    ],
  );
  assert.equal(report.branches, 1);
  assert.equal(c.createdAt, '2025-01-05T04:00:00.000Z', 'inserted_at, its +08:00 offset applied');
});

test('deepseek: THINK is reasoning, SEARCH a tool result, RESPONSE the text; unknown fragments are reported', async () => {
  const { conversations, report } = await parseImport(fixture('deepseek-conversations.json'));
  const answer = conversations[0]!.messages[1]!;
  assert.equal(answer.text, 'No: 91 = 7 × 13.');
  assert.equal(answer.model, 'deepseek-reasoner');
  assert.deepEqual(
    answer.parts.map((p) => p.type),
    ['reasoning', 'tool-result', 'text'],
  );
  assert.equal(conversations[0]!.messages[0]!.model, undefined, 'a request has no model');
  assert.deepEqual(conversations[0]!.messages[0]!.parts[1], { type: 'attachment', name: 'primes.txt' });
  assert.deepEqual(report.skipped, [
    {
      where: 'conversation "Prime numbers" (ds-1) › message 2 › fragments[3]',
      why: 'its fragment type "TEMPLATE_RESPONSE" is not one Tessera reads',
    },
  ]);
});
