import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseImport } from '../import.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));

test('openwebui: history.messages is the whole tree; regenerations are siblings; the current leaf is kept', async () => {
  const { conversations, report } = await parseImport(fixture('openwebui-chats.json'));
  assert.equal(report.format, 'openwebui');
  assert.deepEqual(report.conversationIds, ['owu-tree', 'owu-linear']);
  const tree = conversations[0]!;
  assert.deepEqual(
    tree.messages.map((m) => [m.sourceId, m.parentSourceId, m.model]),
    [
      ['q1', null, undefined],
      ['b1', 'q1', 'llama3'],
      ['b2', 'q1', 'mistral'],
    ],
  );
  assert.equal(report.branches, 1);
  assert.equal(tree.activeLeafSourceId, 'b2');
  assert.equal(tree.projectId, 'folder-bread');
  assert.equal(tree.createdAt, '2024-03-09T16:00:00.000Z');
  assert.deepEqual(report.skipped, [
    { where: 'conversation "Sourdough" (owu-tree) › message x9', why: 'its role "robot" is not one Tessera knows' },
  ]);
});

test('openwebui: inline <details type="reasoning"> is kept in the text and parsed into a reasoning part', async () => {
  const tree = (await parseImport(fixture('openwebui-chats.json'))).conversations[0]!;
  const b1 = tree.messages[1]!;
  assert.match(b1.text, /^<details type="reasoning"/);
  assert.deepEqual(b1.parts, [
    { type: 'reasoning', text: 'Warm kitchens are faster.' },
    { type: 'text', text: 'Four to six hours.' },
  ]);
  const b2 = tree.messages[2]!;
  assert.equal(b2.status, 'incomplete');
  assert.deepEqual(b2.parts, [
    {
      type: 'text',
      text: 'Overnight in the fridge.',
      citations: [{ url: 'https://bread.example', title: 'Bread guide' }],
    },
  ]);
});

test('openwebui: files are references; an image embedded as a data URL is noted, not carried', async () => {
  const { conversations, report } = await parseImport(fixture('openwebui-chats.json'));
  assert.deepEqual(conversations[0]!.messages[0]!.parts.slice(1), [
    { type: 'image-reference', mimeType: 'image/png' },
    { type: 'attachment', ref: 'f1', name: 'recipe.pdf', mimeType: 'application/pdf', sizeBytes: 3000 },
  ]);
  assert.match(report.warnings.join('\n'), /1 image embedded in the export as data URLs was not imported/);
});

test('openwebui: an older chat with only the linear chat.messages reads as a chain; an error is kept as status', async () => {
  const linear = (await parseImport(fixture('openwebui-chats.json'))).conversations[1]!;
  assert.deepEqual(
    linear.messages.map((m) => [m.role, m.text, m.status]),
    [
      ['user', 'Hi', undefined],
      ['assistant', 'Hello', 'error'],
    ],
  );
  assert.equal(linear.messages[1]!.parentSourceId, linear.messages[0]!.sourceId);
});
