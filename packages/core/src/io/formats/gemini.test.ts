import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { TesseraError } from '../../errors/tessera-error.js';
import { parseImport } from '../import.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));

test('gemini: rows sharing a gemini.google.com link are one conversation, in time order; the rest stand alone', async () => {
  const { conversations, report } = await parseImport(fixture('gemini-activity.json'));
  assert.equal(report.format, 'gemini');
  assert.equal(report.conversations, 4);
  const thread = conversations[0]!;
  assert.equal(thread.sourceId, 'thread-owl');
  assert.equal(thread.title, '', 'a title is never invented');
  assert.deepEqual(
    thread.messages.map((m) => [m.role, m.text]),
    [
      ['user', 'When do owls call?'],
      ['assistant', '<p>Mostly at night.</p>\n<ul><li>Especially in winter.</li></ul>'],
      ['user', 'And in autumn?'],
      ['assistant', '<p>In autumn owls <b>call</b> more.</p>'],
    ],
  );
  assert.equal(thread.messages[2]!.parentSourceId, thread.messages[1]!.sourceId);
  assert.equal(thread.createdAt, '2026-05-02T10:00:00.000Z');
  assert.equal(thread.updatedAt, '2026-05-02T10:05:00.000Z');
});

test('gemini: the answer stays HTML, one part per safeHtmlItem; attached files are named, without bytes', async () => {
  const thread = (await parseImport(fixture('gemini-activity.json'))).conversations[0]!;
  assert.deepEqual(thread.messages[1]!.parts, [
    { type: 'text', text: '<p>Mostly at night.</p>', format: 'html' },
    { type: 'text', text: '<ul><li>Especially in winter.</li></ul>', format: 'html' },
  ]);
  assert.deepEqual(thread.messages[0]!.parts.slice(1), [
    { type: 'attachment', name: 'owl-recording.mp3' },
    { type: 'image-reference', name: 'owl.jpg' },
  ]);
});

test('gemini: localized prefixes are removed; an unknown one is kept whole and reported', async () => {
  const { conversations, report } = await parseImport(fixture('gemini-activity.json'));
  const prompts = conversations.map((c) => c.messages[0]!.text);
  assert.ok(prompts.includes('フクロウは何を食べますか'));
  assert.ok(prompts.includes('Ρώτησες για κουκουβάγιες'));
  assert.match(report.warnings.join('\n'), /1 prompt kept Google’s prefix/);
});

test('gemini: non-exchange rows and other products are skipped with a reason; a prompt without answer is imported alone', async () => {
  const { conversations, report } = await parseImport(fixture('gemini-activity.json'));
  assert.deepEqual(
    report.skipped.map((s) => s.where),
    ['item 5 "Created Gemini Canvas titled Owl facts"', 'item 7 "Watched Owls at night"'],
  );
  const lonely = conversations.find((c) => c.messages.length === 1)!;
  assert.equal(lonely.messages[0]!.text, 'A prompt whose answer was not kept');
  assert.match(report.warnings.join('\n'), /1 prompt came without an answer/);
});

test('gemini: ids come from the row (time and title), so a re-export gives the same ids', async () => {
  const rows = JSON.parse(new TextDecoder().decode(fixture('gemini-activity.json')));
  const first = await parseImport(rows);
  const again = await parseImport([
    { header: 'Gemini Apps', title: 'Prompted new', time: '2026-06-01T00:00:00Z' },
    ...rows,
  ]);
  for (const id of first.report.conversationIds) assert.ok(again.report.conversationIds.includes(id));
});

test('gemini: another Google product’s activity is refused, saying which part of Takeout to export', async () => {
  await assert.rejects(parseImport(fixture('google-search-activity.json')), (error: unknown) => {
    assert.ok(error instanceof TesseraError && error.code === 'validation');
    assert.match(error.message, /Google Takeout activity, but not from Gemini Apps/);
    return true;
  });
});
