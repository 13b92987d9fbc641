import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseImport } from '../import.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));

test('chatbot-ui: the conversation prompt is a hidden system message; saved prompts and folders are reported', async () => {
  const { conversations, report } = await parseImport(fixture('chatbot-ui-export.json'));
  assert.equal(report.format, 'chatbot-ui');
  const c = conversations[0]!;
  assert.deepEqual(
    c.messages.map((m) => [m.sourceId, m.parentSourceId, m.role, m.hidden, m.model]),
    [
      ['cb-1:system', null, 'system', true, undefined],
      ['cb-1:0', 'cb-1:system', 'user', undefined, undefined],
      ['cb-1:1', 'cb-1:0', 'assistant', undefined, 'gpt-4'],
    ],
  );
  assert.equal(c.projectId, 'fold-1');
  assert.deepEqual(
    report.skipped.map((s) => s.where),
    ['prompt "Knot helper" (pr-1)', 'folder "Sailing" (fold-1)'],
  );
});
