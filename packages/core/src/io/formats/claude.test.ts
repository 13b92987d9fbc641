import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { zipSync } from 'fflate';
import { parseImport } from '../import.js';
import type { ImportedConversation } from '../imported.js';
import { textWithMarkup } from './claude.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
const message = (c: ImportedConversation, id: string) => c.messages.find((m) => m.sourceId === id)!;

test('claude: parent_message_uuid branches; the out-of-order array is put in time order, a human turn first at a shared time', async () => {
  const { conversations, report } = await parseImport(fixture('claude-conversations.json'));
  assert.equal(report.format, 'claude');
  assert.deepEqual(report.conversationIds, ['cl-tree', 'cl-legacy']);
  const tree = conversations[0]!;
  assert.deepEqual(
    tree.messages.map((m) => [m.sourceId, m.parentSourceId]),
    [
      ['m1', null],
      ['m2', 'm1'],
      ['m3', 'm2'],
      ['m4', 'm1'],
    ],
  );
  assert.equal(report.branches, 1);
  assert.equal(tree.projectId, 'proj-orchard');
  assert.equal(tree.projectName, 'Orchard');
  // Without parent links, the chain follows time; l1 and l2 share a timestamp, as do l3 and l4.
  assert.deepEqual(
    conversations[1]!.messages.map((m) => [m.sourceId, m.parentSourceId]),
    [
      ['l1', null],
      ['l2', 'l1'],
      ['l3', 'l2'],
      ['l4', 'l3'],
    ],
  );
});

test('claude: content[] blocks are preferred over `text`, each block a part', async () => {
  const tree = (await parseImport(fixture('claude-conversations.json'))).conversations[0]!;
  assert.equal(message(tree, 'm4').text, 'Regenerated: prune in late winter.');
  const answer = message(tree, 'm2');
  assert.equal(answer.text, 'Prune while the tree is dormant.');
  assert.deepEqual(answer.parts, [
    { type: 'reasoning', text: 'The user asks about timing.', title: 'Thinking about timing' },
    { type: 'tool-call', toolName: 'web_search', callId: 'toolu_1', input: '{"query":"apple pruning season"}' },
    { type: 'tool-result', toolName: 'web_search', callId: 'toolu_1', output: 'Late winter, while dormant.' },
    {
      type: 'text',
      text: 'Prune while the tree is dormant.',
      citations: [{ url: 'https://orchard.example/prune', title: 'Pruning guide' }],
    },
  ]);
  // Attachments keep the text Claude extracted; uploads are named, without bytes.
  assert.deepEqual(message(tree, 'm1').parts.slice(1), [
    { type: 'attachment', name: 'orchard-notes.txt', sizeBytes: 120, extractedText: 'Row 3: two old trees.' },
    { type: 'image-reference', name: 'tree.jpg' },
  ]);
});

test('claude: unknown blocks, unknown senders and empty conversations are reported', async () => {
  const { report } = await parseImport(fixture('claude-conversations.json'));
  assert.deepEqual(report.skipped, [
    {
      where: 'conversation "Pruning apple trees" (cl-tree) › message m2 › content[4]',
      why: 'its block type "hologram" is not one Tessera reads',
    },
    {
      where: 'conversation "Pruning apple trees" (cl-tree) › message m5',
      why: 'its sender "narrator" is neither human nor assistant',
    },
    { where: 'conversation cl-empty', why: 'it has no messages' },
  ]);
});

test('claude: inline <antThinking> and <antArtifact> stay in the text and become reasoning and code parts', async () => {
  const legacy = (await parseImport(fixture('claude-conversations.json'))).conversations[1]!;
  const answer = message(legacy, 'l2');
  assert.ok(answer.text.startsWith('Here you go.\n\n<antThinking>'), 'trimmed, markup kept');
  assert.deepEqual(answer.parts, [
    { type: 'text', text: 'Here you go.' },
    { type: 'reasoning', text: 'A calculator is a good artifact.' },
    { type: 'code', code: '<p>posts</p>', language: 'html', title: 'Fence calculator', id: 'fence-calc' },
    { type: 'text', text: 'Try it.' },
  ]);
  // An artifact cut off before its closing tag is left as text.
  assert.deepEqual(textWithMarkup('Look: <antArtifact identifier="x">half'), [
    { type: 'text', text: 'Look: <antArtifact identifier="x">half' },
  ]);
  assert.deepEqual(
    textWithMarkup('<antArtifact type="application/vnd.ant.code" language="python">\nprint(1)\n</antArtifact>'),
    [{ type: 'code', code: 'print(1)', language: 'python' }],
  );
});

test('claude: memories.json (both shapes) is imported as memories, not conversations', async () => {
  const v2 = await parseImport(fixture('claude-memories.json'));
  assert.equal(v2.report.conversations, 0);
  assert.equal(v2.report.memories, 2);
  assert.deepEqual(v2.memories, [
    { sourceId: 'acct-x:conversations_memory', kind: 'summary', text: '**Garden**\n\nThe user grows apples.' },
    { sourceId: 'acct-x:/garden/apples.md', kind: 'file', path: '/garden/apples.md', text: '- Two old trees in row 3' },
  ]);
  assert.deepEqual(v2.report.skipped, [{ where: 'memories › memory_files[1]', why: 'not a memory file with content' }]);
  const v1 = await parseImport(fixture('claude-memories-v1.json'));
  assert.deepEqual(
    v1.memories.map((m) => [m.sourceId, m.kind, m.title, m.createdAt]),
    [
      ['mem-a', 'entry', 'Garden', '2025-01-01T00:00:00.000Z'],
      ['mem-b', 'entry', undefined, '2025-01-02T00:00:00.000Z'],
    ],
  );
});

test('claude: a design chat (second dialect) is a conversation; projects are reported, not imported', async () => {
  const design = await parseImport(fixture('claude-design-chat.json'));
  const c = design.conversations[0]!;
  assert.equal(c.projectId, 'proj-d');
  assert.deepEqual(
    c.messages.map((m) => [m.sourceId, m.parentSourceId, m.role, m.text]),
    [
      ['dx0', null, 'user', 'Make it blue.'],
      ['dx1', 'dx0', 'assistant', 'Making it blue.'],
    ],
  );
  assert.deepEqual(message(c, 'dx0').parts.slice(1), [
    { type: 'attachment', ref: 'att-a', name: 'Brand', extractedText: 'Blue is #0055ff.' },
    { type: 'image-reference', ref: 'att-b', name: 'shot.png' },
  ]);
  // The empty thinking placeholder holds nothing; the error is a warning; the unknown block is skipped.
  assert.deepEqual(
    message(c, 'dx1').parts.map((p) => p.type),
    ['reasoning', 'text', 'tool-call', 'tool-result'],
  );
  assert.equal(message(c, 'dx1').createdAt, '2026-01-01T00:00:05.000Z');
  assert.match(design.report.warnings.join('\n'), /1 message carries an error .*upstream overloaded/);
  assert.match(design.report.skipped[0]!.where, /contentBlocks\[5\]$/);
  const projects = await parseImport(fixture('claude-projects.json'));
  assert.equal(projects.report.conversations, 0);
  assert.match(projects.report.skipped[0]!.why, /a Claude project .* not imported/);
});

test('claude: the ZIP with conversations.json, memories.json, projects.json and users.json', async () => {
  const zip = zipSync({
    'conversations.json': fixture('claude-conversations.json'),
    'memories.json': fixture('claude-memories.json'),
    'projects.json': fixture('claude-projects.json'),
    'design_chats/design-x.json': fixture('claude-design-chat.json'),
    'users.json': new TextEncoder().encode('[{"uuid":"u","full_name":"A","email_address":"a@example.com"}]'),
  });
  const { report } = await parseImport(zip);
  assert.equal(report.format, 'claude');
  assert.deepEqual(report.conversationIds, ['cl-tree', 'cl-legacy', 'design-x']);
  assert.equal(report.memories, 2);
  assert.ok(report.skipped.some((s) => s.where === 'projects.json: project "Orchard" (proj-orchard)'));
  assert.match(report.warnings.join('\n'), /not read: users\.json/);
});
