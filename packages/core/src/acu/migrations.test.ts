import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { TesseraError } from '../errors/tessera-error.js';
import { messageRecordSchema } from '../store/schema.js';
import { createAcu } from './create.js';
import { answerDraft, copy } from './fixtures/drafts.js';
import { acuVersionOf, migrateAcu, migrateAcus } from './migrations.js';
import { type AcuSigner, generateSigner } from './signing.js';
import { verifyAcu, verifyChain } from './verify.js';

const { records } = JSON.parse(
  readFileSync(new URL('./fixtures/message-records-v0.json', import.meta.url), 'utf8'),
) as {
  records: Record<string, unknown>[];
};
const byId = (id: string) => records.find((r) => r.id === id)!;

const validationError = (pattern: RegExp) => (error: unknown) =>
  error instanceof TesseraError && error.code === 'validation' && pattern.test(error.message);

describe('ACU migrations', () => {
  let signer: AcuSigner;
  before(async () => {
    signer = await generateSigner('user-ada');
  });

  test('the v0 fixture is what the store writes today (MessageRecord)', () => {
    for (const record of records) assert.ok(messageRecordSchema.safeParse(record).success, String(record.id));
  });

  test('versions are recognized', async () => {
    assert.equal(acuVersionOf(records[0]), 0);
    assert.equal(acuVersionOf(await createAcu(answerDraft(), { signer })), 1);
    assert.equal(acuVersionOf({ schemaVersion: 7 }), 7);
    assert.equal(acuVersionOf({ hello: 'world' }), undefined);
    assert.equal(acuVersionOf([]), undefined);
    assert.equal(acuVersionOf({ schemaVersion: '1' }), undefined);
  });

  test('a v1 ACU passes through unchanged', async () => {
    const acu = await createAcu(answerDraft(), { signer });
    assert.deepEqual(await migrateAcu(JSON.parse(JSON.stringify(acu))), acu);
  });

  test('a v0 conversation (out of order, with a branch) becomes a verified v1 chain', async () => {
    const acus = await migrateAcus(records, { signer });
    assert.equal(acus.length, records.length);
    const result = await verifyChain(acus, [signer.publicKey]);
    assert.deepEqual(result, { ok: true, checked: 6, roots: 1, branchPoints: 1 });
    // Input order is kept.
    acus.forEach((acu, i) => {
      if (records[i]!.id !== 'legacy-7') assert.equal(acu.id, records[i]!.id);
    });
  });

  test('v0 fields map onto v1', async () => {
    const acus = await migrateAcus(records, { signer });
    const find = (id: string) => acus.find((a) => a.id === id)!;

    const answer = find('01947f3a-8c00-7000-8000-0000000000a3');
    assert.deepEqual(answer.content, {
      role: 'assistant',
      text: 'Canberra.',
      parts: [
        { type: 'reasoning', text: 'Not Sydney.' },
        { type: 'text', text: 'Canberra.' },
      ],
      model: 'gpt-4o',
      provider: 'openai',
      tokens: { input: 20, output: 3, cachedInput: 4, reasoning: 2 },
      status: 'complete',
    });
    assert.equal(answer.createdAt, byId('01947f3a-8c00-7000-8000-0000000000a3').createdAt);
    assert.equal(answer.ownerId, 'user-ada');
    assert.equal(answer.metadata.conversationId, '01947f3a-8b00-7000-8000-0000000000c1');
    assert.deepEqual(answer.permissions, { visibility: 'private' });

    // Stopped by the user: incomplete, partial text kept.
    const stopped = find('01947f3a-8c00-7000-8000-0000000000a4');
    assert.equal(stopped.content.status, 'incomplete');
    assert.equal(stopped.content.text, 'Canb');
    // Left `streaming` when the app closed: incomplete, nothing dropped.
    const streaming = find('01947f3a-8c00-7000-8000-0000000000a6');
    assert.equal(streaming.content.status, 'incomplete');
    assert.deepEqual(streaming.content.parts, []);

    // A v0 id that is not a UUIDv7 gets a new id; the old one is kept as its source, and the child follows it.
    const legacy = acus.find((a) => a.metadata.importedFrom?.id === 'legacy-7')!;
    assert.match(legacy.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    assert.deepEqual(legacy.metadata.importedFrom, { format: 'tessera-message-v0', id: 'legacy-7' });
    assert.equal(streaming.provenance.parentId, legacy.id);
    assert.equal(streaming.provenance.parentHash, legacy.provenance.hash);
  });

  test('one v0 record at a time, given its upgraded parent', async () => {
    const system = await migrateAcu(byId('01947f3a-8c00-7000-8000-0000000000a1'), { signer });
    const question = await migrateAcu(byId('01947f3a-8c00-7000-8000-0000000000a2'), {
      signer,
      parent: (id) => (id === system.id ? system : undefined),
    });
    assert.equal(question.provenance.parentHash, system.provenance.hash);
    assert.deepEqual(await verifyAcu(question, [signer.publicKey]), { ok: true });
  });

  test('a v0 record whose parent is not upgraded yet says so', async () => {
    await assert.rejects(
      migrateAcu(byId('01947f3a-8c00-7000-8000-0000000000a2'), { signer }),
      validationError(/Upgrade message 01947f3a-8c00-7000-8000-0000000000a1 first/),
    );
  });

  test('v0 needs the owner signer', async () => {
    await assert.rejects(migrateAcu(byId('01947f3a-8c00-7000-8000-0000000000a1')), validationError(/signing key/));
  });

  test('a newer version says to update Tessera', async () => {
    const acu = copy(await createAcu(answerDraft(), { signer }));
    await assert.rejects(
      migrateAcu({ ...acu, schemaVersion: 2 }),
      validationError(/newer version of Tessera .*update Tessera/),
    );
  });

  test('something that is no known version is refused', async () => {
    await assert.rejects(migrateAcu({ title: 'a conversation' }), validationError(/not a Tessera message record/));
    await assert.rejects(migrateAcu(null), validationError(/not a Tessera message record/));
  });

  test('a v1 record that fails the schema is a validation error naming the field', async () => {
    const acu = copy(await createAcu(answerDraft(), { signer }));
    (acu.content as { role: string }).role = 'robot';
    await assert.rejects(migrateAcu(acu), validationError(/content\.role/));
  });

  test('records that form a loop are refused', async () => {
    const a = { ...byId('01947f3a-8c00-7000-8000-0000000000a1'), parentId: '01947f3a-8c00-7000-8000-0000000000a2' };
    const b = byId('01947f3a-8c00-7000-8000-0000000000a2');
    await assert.rejects(migrateAcus([a, b], { signer }), validationError(/loop/));
  });
});
