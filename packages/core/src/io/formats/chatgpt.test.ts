import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { zipSync } from 'fflate';
import { parseImport } from '../import.js';
import type { ImportedConversation } from '../imported.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
const message = (c: ImportedConversation, id: string) => c.messages.find((m) => m.sourceId === id)!;

test('chatgpt: every branch is kept, parents before children, siblings in the order the tree gives', async () => {
  const { conversations, report } = await parseImport(fixture('chatgpt-quirks.json'));
  assert.equal(report.format, 'chatgpt');
  assert.deepEqual(report.conversationIds, ['conv-bees']);
  const c = conversations[0]!;
  assert.deepEqual(
    c.messages.map((m) => m.sourceId),
    ['sys', 'ctx', 'u1', 'a1', 'u2', 'c1', 'x1', 'th', 'rr', 'img', 'new', 'void', 'u2b', 'a3', 'a1b', 'up'],
  );
  // A regenerated answer (a1, a1b), an edited question (u2, u2b), and a first message that lost its parent (up).
  assert.equal(report.branches, 3);
  assert.equal(report.acus, 16);
  assert.equal(c.activeLeafSourceId, 'a3');
  assert.equal(c.projectId, 'g-p-apiary');
  assert.equal(c.createdAt, '2023-11-14T22:13:20.500Z');
});

test('chatgpt: hidden and system nodes are imported and marked; custom instructions read as text', async () => {
  const c = (await parseImport(fixture('chatgpt-quirks.json'))).conversations[0]!;
  assert.deepEqual(message(c, 'sys'), {
    sourceId: 'sys',
    parentSourceId: null,
    role: 'system',
    text: '',
    parts: [],
    hidden: true,
  });
  assert.equal(message(c, 'ctx').text, 'I keep bees.\n\nBe brief.');
  assert.equal(message(c, 'ctx').hidden, true);
  assert.equal(message(c, 'u1').hidden, undefined);
});

test('chatgpt: tool calls, tool output, reasoning, images and attachments become parts', async () => {
  const c = (await parseImport(fixture('chatgpt-quirks.json'))).conversations[0]!;
  assert.deepEqual(message(c, 'c1').parts, [{ type: 'tool-call', toolName: 'python', input: 'plot(bees)' }]);
  assert.deepEqual(message(c, 'x1').parts, [{ type: 'tool-result', toolName: 'python', output: '<figure>' }]);
  assert.equal(message(c, 'x1').role, 'tool');
  assert.deepEqual(message(c, 'th').parts, [
    { type: 'reasoning', text: 'The counts look seasonal.', title: 'Checking the data' },
    { type: 'reasoning', text: '', title: 'Done' },
  ]);
  assert.deepEqual(message(c, 'rr').parts, [{ type: 'reasoning', text: 'Thought for 3s' }]);
  assert.deepEqual(message(c, 'img').parts, [
    {
      type: 'image-reference',
      ref: 'sediment://file_00aa11',
      sizeBytes: 1234,
      width: 512,
      height: 256,
      prompt: 'a bee chart',
    },
  ]);
  // The upload: the image is named from metadata.attachments; the PDF only listed there is added.
  assert.deepEqual(message(c, 'up').parts, [
    {
      type: 'image-reference',
      ref: 'file-service://file-up1',
      sizeBytes: 99,
      name: 'frame.jpg',
      mimeType: 'image/jpeg',
    },
    { type: 'text', text: 'What is on this frame?' },
    { type: 'attachment', ref: 'file-doc2', name: 'notes.pdf', mimeType: 'application/pdf', sizeBytes: 2048 },
  ]);
});

test('chatgpt: citation markers stay in the text; the sources they point at are on the part', async () => {
  const c = (await parseImport(fixture('chatgpt-quirks.json'))).conversations[0]!;
  const answer = message(c, 'a1');
  assert.equal(answer.text, 'About 50,000 in summer【3:0†source】.');
  assert.deepEqual(answer.parts[0], {
    type: 'text',
    text: answer.text,
    citations: [{ marker: '【3:0†source】', title: 'Hive basics', url: 'https://bees.example/hive' }],
  });
  assert.equal(answer.model, 'gpt-4o');
  assert.equal(message(c, 'a1b').status, 'incomplete');
});

test('chatgpt: what is not imported is reported with where and why, and the tree closes over it', async () => {
  const { conversations, report } = await parseImport(fixture('chatgpt-quirks.json'));
  const c = conversations[0]!;
  const why = (where: string) => report.skipped.find((s) => s.where.endsWith(where))?.why;
  assert.match(why('message odd')!, /content type "widget_state" .* no text/);
  assert.match(why('message who')!, /author role "critic"/);
  assert.match(why('message gone')!, /no message/);
  assert.match(why('(conv-broken)')!, /`mapping` is missing/);
  assert.match(why('(conv-empty)')!, /no messages/);
  assert.match(report.skipped.find((s) => s.where.includes('Bees again'))!.why, /appears again/);
  assert.equal(report.skipped.length, 6);
  // Children of skipped nodes answer the nearest imported ancestor.
  assert.equal(message(c, 'void').parentSourceId, 'new');
  assert.equal(message(c, 'a3').parentSourceId, 'u2b');
  assert.equal(message(c, 'up').parentSourceId, null);
  assert.match(report.warnings.join('\n'), /content type "sonic_mystery", unknown to Tessera: its text was kept/);
  assert.match(report.warnings.join('\n'), /1 message answers a message that is not in the export/);
  assert.match(report.warnings.join('\n'), /3 images and attachments are referenced without their bytes/);
});

test('chatgpt: one conversation object (the web API shape) and { conversations: [...] } are read too', async () => {
  const [first] = JSON.parse(new TextDecoder().decode(fixture('chatgpt-sharded/conversations-000.json')));
  const single = await parseImport(first);
  assert.deepEqual(single.report.conversationIds, ['shard-a']);
  const wrapped = await parseImport(JSON.stringify({ conversations: [first] }));
  assert.deepEqual(wrapped.report.conversationIds, ['shard-a']);
});

test('chatgpt: the sharded ZIP is read in the manifest’s order, a missing shard is reported, assets are named and located', async () => {
  const shard = (name: string) => fixture(`chatgpt-sharded/${name}`);
  const zip = zipSync({
    'Export/export_manifest.json': shard('export_manifest.json'),
    'Export/conversations-001.json': shard('conversations-001.json'),
    'Export/conversations-000.json': shard('conversations-000.json'),
    'Export/conversation_asset_file_names.json': shard('conversation_asset_file_names.json'),
    'Export/file-pic1.dat': new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
    'Export/user.json': new TextEncoder().encode('{"id":"user-1","email":"someone@example.com"}'),
    'Export/chat.html': new TextEncoder().encode('<html></html>'),
  });
  const { conversations, report } = await parseImport(new Blob([zip]));
  assert.deepEqual(report.conversationIds, ['shard-a', 'shard-b']);
  assert.equal(report.acus, 3);
  assert.deepEqual(report.skipped, [
    {
      where: 'conversations-002.json',
      why: 'listed in Export/export_manifest.json as part of conversations.json, but it is not in the input',
    },
  ]);
  assert.equal(conversations[0]!.projectId, 'g-p-garden');
  const photo = conversations[0]!.messages[0]!.parts[0]!;
  assert.deepEqual(photo, {
    type: 'image-reference',
    ref: 'file-service://file-pic1',
    name: 'hive-photo.png',
    archivePath: 'Export/file-pic1.dat',
    width: 640,
    height: 480,
    mimeType: 'image/png',
    sizeBytes: 4242,
  });
  const voice = conversations[1]!.messages[0]!;
  assert.equal(voice.text, 'When do bees swarm?');
  assert.deepEqual(voice.parts[1], {
    type: 'attachment',
    ref: 'sediment://file_00voice',
    name: 'voice-note.wav',
    sizeBytes: 5000,
    mimeType: 'audio/wav',
  });
  // Only the voice note's bytes are missing from the ZIP; user.json is named as not read.
  assert.match(report.warnings.join('\n'), /1 image or attachment is referenced without its bytes/);
  assert.match(report.warnings.join('\n'), /1 file in the input hold[s]? no conversations .*Export\/user\.json/);
});
