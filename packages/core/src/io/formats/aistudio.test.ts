import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseImport } from '../import.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));

test('aistudio: the system instruction first, thought chunks as reasoning, Drive images as references', async () => {
  const { conversations, report } = await parseImport(fixture('aistudio-prompt.json'));
  assert.equal(report.format, 'aistudio');
  const c = conversations[0]!;
  assert.deepEqual(
    c.messages.map((m) => [m.role, m.parts.map((p) => p.type).join(','), m.model]),
    [
      ['system', 'text', undefined],
      ['user', 'text', undefined],
      ['assistant', 'reasoning', 'models/gemini-2.5-pro'],
      ['assistant', 'text', 'models/gemini-2.5-pro'],
      ['user', 'image-reference', undefined],
    ],
  );
  assert.match(report.skipped[0]!.why, /role "critic"/);
  // No id in the file: the id is derived from its content, the same on every import.
  assert.deepEqual((await parseImport(fixture('aistudio-prompt.json'))).report.conversationIds, report.conversationIds);
});
