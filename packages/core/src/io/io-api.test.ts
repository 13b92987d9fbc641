import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { strFromU8, unzipSync } from 'fflate';
import { createAcuApi } from '../acu/api.js';
import { generateSigner } from '../acu/signing.js';
import { verifyChain } from '../acu/verify.js';
import { TesseraError } from '../errors/tessera-error.js';
import { MemoryStore } from '../store/memory-store.js';
import { createIoApi } from './io-api.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

function instance(ownerId: string) {
  const store = new MemoryStore();
  const acu = createAcuApi({
    signer: () => generateSigner(ownerId),
    listAcus: (id) => store.listAcus(id),
    getAcu: (id) => store.getAcu(id),
  });
  const io = createIoApi({ store: async () => store, acu });
  return { store, acu, io };
}

test('imports a ChatGPT export: records, messages and ACUs stored, every branch, chains verify', async () => {
  const { store, acu, io } = instance('user-ada');
  const report = await io.import(fixture('chatgpt-quirks.json'));
  assert.equal(report.format, 'chatgpt');
  assert.equal(report.conversations, 1);
  assert.equal(report.acus, 16);
  assert.equal(report.branches, 3);
  const [id] = report.conversationIds;
  assert.ok(id);
  assert.deepEqual(
    (await store.listConversations()).map((c) => c.id),
    [id],
  );
  const conversation = await store.getConversation(id);
  assert.equal(conversation?.createdAt, '2023-11-14T22:13:20.500Z');
  const acus = await store.listAcus(id);
  const messages = await store.listMessages(id);
  assert.equal(acus.length, 16);
  assert.equal(messages.length, 16);
  assert.deepEqual(await acu.verifyChain(id), { ok: true, checked: 16, roots: 2, branchPoints: 3 });
  for (const m of messages) assert.equal(m.acuId, m.id);
  const byId = new Map(acus.map((a) => [a.id, a]));
  for (const m of messages) assert.equal(byId.get(m.id)?.provenance.parentId, m.parentId);
  const sys = acus.find((a) => a.metadata.importedFrom?.id === 'sys');
  assert.deepEqual(sys?.metadata.importedFrom, { format: 'chatgpt', id: 'sys' });
  assert.deepEqual(sys?.metadata.tags, ['hidden']);
  const tool = acus.find((a) => a.metadata.importedFrom?.id === 'x1');
  assert.equal(tool?.content.role, 'tool');
  assert.equal(messages.find((m) => m.id === tool?.id)?.role, 'assistant');
  assert.ok(report.warnings.some((w) => w.includes('tool message')));
});

test('invalid input throws validation and writes nothing', async () => {
  const { store, io } = instance('user-ada');
  await assert.rejects(
    io.import(fixture('not-an-export.txt')),
    (e) => e instanceof TesseraError && e.code === 'validation',
  );
  await assert.rejects(io.import({ hello: 'world' }), (e) => e instanceof TesseraError && e.code === 'validation');
  assert.deepEqual(await store.listConversations(), []);
});

test('each conversation is stored as it is read: progress covers the writing, a stop keeps what came before', async () => {
  const { store, io } = instance('user-ada');
  const [bees] = JSON.parse(fixture('chatgpt-quirks.json')) as { id: string; conversation_id: string }[];
  const five = Array.from({ length: 5 }, (_, i) => ({ ...bees, id: `conv-${i}`, conversation_id: `conv-${i}` }));
  const storedAtProgress: number[] = [];
  const controller = new AbortController();
  const importing = io.import(JSON.stringify(five), {
    signal: controller.signal,
    onProgress: (progress) => {
      storedAtProgress.push(progress.conversations);
      if (progress.conversations === 2) controller.abort();
    },
  });
  await assert.rejects(importing, (e) => e instanceof TesseraError && e.code === 'aborted');
  assert.deepEqual(storedAtProgress, [1, 2]);
  const stored = await store.listConversations();
  assert.equal(stored.length, 2);
  for (const c of stored) assert.equal((await store.listAcus(c.id)).length, 16);
});

test('exports json, markdown and zip (manifest hashes match)', async () => {
  const { acu, io } = instance('user-ada');
  const report = await io.import(fixture('chatgpt-quirks.json'));
  const archive = JSON.parse(new TextDecoder().decode(await io.export({ format: 'json' })));
  assert.equal(archive.format, 'tessera-archive');
  assert.equal(archive.version, 2);
  assert.equal(archive.owner.id, 'user-ada');
  assert.deepEqual(archive.owner.publicKey, await acu.publicKey());
  assert.equal(archive.conversations.length, 1);
  assert.equal(archive.conversations[0].id, report.conversationIds[0]);
  assert.equal(archive.conversations[0].acus.length, 16);
  assert.equal((await verifyChain(archive.conversations[0].acus, [archive.owner.publicKey])).ok, true);

  const markdown = new TextDecoder().decode(await io.export({ format: 'markdown' }));
  assert.match(markdown, /^# Bees\n/);
  assert.match(markdown, /branch 2 of 2/);
  assert.equal((markdown.match(/^## /gm) ?? []).length, 16);

  const files = unzipSync(await io.export({ format: 'zip' }));
  const manifest = JSON.parse(strFromU8(files['manifest.json'] as Uint8Array));
  const paths = manifest.files.map((f: { path: string }) => f.path);
  assert.deepEqual(paths.sort(), [
    'archive.json',
    `conversations/bees-${report.conversationIds[0]!.replaceAll('-', '').slice(-8)}.md`,
  ]);
  for (const file of manifest.files) {
    const bytes = files[file.path] as Uint8Array;
    const digest = Buffer.from(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)).toString('hex');
    assert.equal(digest, file.sha256, file.path);
    assert.equal(bytes.length, file.bytes);
  }
  await assert.rejects(io.export({ format: 'json', conversationIds: ['nope'] }), (e) => e instanceof TesseraError);
});

test('round trip: export json, import into an empty store of another owner: same ACUs, verified', async () => {
  const a = instance('user-ada');
  await a.io.import(fixture('chatgpt-quirks.json'));
  await a.io.import(fixture('claude-conversations.json'));
  const bytes = await a.io.export({ format: 'json' });
  const archive = JSON.parse(new TextDecoder().decode(bytes));

  const b = instance('user-grace');
  const report = await b.io.import(bytes);
  assert.equal(report.format, 'tessera-archive');
  assert.deepEqual(report.skipped, []);
  assert.deepEqual(report.conversationIds.sort(), archive.conversations.map((c: { id: string }) => c.id).sort());
  let total = 0;
  for (const id of report.conversationIds) {
    const original = await a.store.listAcus(id);
    const copied = await b.store.listAcus(id);
    assert.deepEqual(copied, original);
    total += copied.length;
    const chain = await b.acu.verifyChain(id);
    assert.equal(chain.ok, true);
    assert.deepEqual(chain, await a.acu.verifyChain(id));
    assert.equal((await b.store.listMessages(id)).length, copied.length);
  }
  assert.equal(report.acus, total);

  // The ZIP imports the same way, and a second import of the same archive skips what is there.
  const c = instance('user-hopper');
  const fromZip = await c.io.import(new Blob([(await a.io.export({ format: 'zip' })) as Uint8Array<ArrayBuffer>]));
  assert.equal(fromZip.acus, total);
  const again = await c.io.import(bytes);
  assert.equal(again.conversations, 0);
  assert.equal(again.skipped.length, report.conversations);
});

test('a tampered archive ACU is skipped with its reason, with the descendants that depend on it', async () => {
  const a = instance('user-ada');
  const imported = await a.io.import(fixture('chatgpt-quirks.json'));
  const archive = JSON.parse(new TextDecoder().decode(await a.io.export({ format: 'json' })));
  const acus = archive.conversations[0].acus as {
    id: string;
    content: { text: string };
    provenance: { parentId: string | null };
  }[];
  const leaf = acus.find((x) => !acus.some((y) => y.provenance.parentId === x.id));
  assert.ok(leaf);
  leaf.content.text = 'edited after export';

  const b = instance('user-grace');
  const report = await b.io.import(JSON.stringify(archive));
  assert.equal(report.acus, imported.acus - 1);
  assert.equal(report.skipped.length, 1);
  assert.match(report.skipped[0]!.where, new RegExp(leaf.id));
  assert.match(report.skipped[0]!.why, /hash-mismatch/);
  assert.equal((await b.acu.verifyChain(report.conversationIds[0]!)).ok, true);

  // A tampered inner ACU takes its descendants with it, each reported.
  const inner = acus.find((x) => x.provenance.parentId === null && acus.some((y) => y.provenance.parentId === x.id));
  assert.ok(inner);
  inner.content.text = 'also edited';
  const c = instance('user-hopper');
  const second = await c.io.import(archive);
  assert.ok(second.skipped.some((s) => /parent .* is missing or was skipped/.test(s.why)));
  assert.equal(second.acus + second.skipped.length, imported.acus);
});
