import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { createAcu } from './create.js';
import { answerDraft, CONVERSATION, copy, userDraft } from './fixtures/drafts.js';
import { computeAcuHash } from './hash.js';
import type { Acu } from './schema.js';
import { AcuKeySet, type AcuSigner, generateSigner } from './signing.js';
import { verifyChain } from './verify.js';

/**
 * A conversation with branches:
 *
 *   q1 ─┬─ a1 ── q2 ── a2
 *       └─ a1b (regenerated answer) ── q2b ─┬─ a2b
 *                                           └─ a2c
 *   q1e (the first question edited: a second root)
 */
async function conversation(signer: AcuSigner) {
  const q1 = await createAcu(userDraft('First question'), { signer });
  const a1 = await createAcu(answerDraft('First answer'), { signer, parent: q1 });
  const a1b = await createAcu(answerDraft('First answer, regenerated'), { signer, parent: q1 });
  const q2 = await createAcu(userDraft('Second question'), { signer, parent: a1 });
  const a2 = await createAcu(answerDraft('Second answer'), { signer, parent: q2 });
  const q2b = await createAcu(userDraft('Another second question'), { signer, parent: a1b });
  const a2b = await createAcu(answerDraft('Answer b'), { signer, parent: q2b });
  const a2c = await createAcu(answerDraft('Answer c'), { signer, parent: q2b });
  const q1e = await createAcu(userDraft('First question, edited'), { signer });
  return { q1, a1, a1b, q2, a2, q2b, a2b, a2c, q1e };
}

for (const algorithm of ['Ed25519', 'ECDSA-P256'] as const) {
  describe(`verifyChain (${algorithm})`, () => {
    let signer: AcuSigner;
    let keys: AcuKeySet;
    let c: Awaited<ReturnType<typeof conversation>>;
    let all: Acu[];

    before(async () => {
      signer = await generateSigner('user-ada', { algorithm });
      keys = new AcuKeySet([signer.publicKey]);
      c = await conversation(signer);
      all = Object.values(c);
    });

    test('a conversation with branches verifies, in any order', async () => {
      assert.deepEqual(await verifyChain(all, keys), { ok: true, checked: 9, roots: 2, branchPoints: 3 });
      assert.deepEqual(await verifyChain([...all].reverse(), [signer.publicKey]), {
        ok: true,
        checked: 9,
        roots: 2,
        branchPoints: 3,
      });
    });

    test('an empty conversation verifies', async () => {
      assert.deepEqual(await verifyChain([], keys), { ok: true, checked: 0, roots: 0, branchPoints: 0 });
    });

    test('a tampered ACU in one branch is the one reported, with hash-mismatch', async () => {
      const list = all.map(copy);
      const index = list.findIndex((a) => a.id === c.q2b.id);
      list[index]!.content.text = 'Changed';
      const result = await verifyChain(list, keys);
      assert.equal(result.ok, false);
      assert.deepEqual(!result.ok && result.failures, [
        {
          ok: false,
          index,
          id: c.q2b.id,
          reason: 'hash-mismatch',
          field: 'provenance.hash',
          message: 'This message was changed after it was sealed: its content no longer matches its hash.',
        },
      ]);
    });

    test('a parent re-hashed after tampering: bad signature on the parent, parentHash mismatch on its children', async () => {
      const list = all.map(copy);
      const parent = list.find((a) => a.id === c.q2b.id)!;
      parent.content.text = 'Changed';
      parent.provenance.hash = await computeAcuHash(parent);
      const result = await verifyChain(list, keys);
      const failures = !result.ok ? result.failures.map((f) => [f.id, f.reason, f.field]) : [];
      assert.deepEqual(
        failures.sort(),
        [
          [c.a2b.id, 'parent-hash-mismatch', 'provenance.parentHash'],
          [c.a2c.id, 'parent-hash-mismatch', 'provenance.parentHash'],
          [c.q2b.id, 'bad-signature', 'provenance.signature'],
        ].sort(),
      );
    });

    test('a parent replaced by another record with its id (validly signed) breaks the child link', async () => {
      const impostor = await createAcu(userDraft('Not what was asked', { id: c.q2.id }), { signer, parent: c.a1 });
      const list = all.map((a) => (a.id === c.q2.id ? impostor : a));
      const result = await verifyChain(list, keys);
      assert.deepEqual(!result.ok && result.failures.map((f) => [f.id, f.reason]), [[c.a2.id, 'parent-hash-mismatch']]);
    });

    test('a missing parent is reported on the child', async () => {
      const list = all.filter((a) => a.id !== c.a1b.id);
      const result = await verifyChain(list, keys);
      assert.deepEqual(!result.ok && result.failures.map((f) => [f.id, f.reason, f.field]), [
        [c.q2b.id, 'parent-missing', 'provenance.parentId'],
      ]);
    });

    test('an unknown signer is reported on the ACU it signed', async () => {
      const stranger = await generateSigner('user-ada', { algorithm });
      const foreign = await createAcu(answerDraft('From another device'), { signer: stranger, parent: c.q2 });
      const result = await verifyChain([...all, foreign], keys);
      assert.deepEqual(!result.ok && result.failures.map((f) => [f.index, f.reason]), [[9, 'unknown-signer']]);
      assert.equal((await verifyChain([...all, foreign], [signer.publicKey, stranger.publicKey])).ok, true);
    });

    test('duplicate ids and ACUs of another conversation are reported', async () => {
      const other = await createAcu(userDraft('Elsewhere', { metadata: { conversationId: `${CONVERSATION}-other` } }), {
        signer,
      });
      const result = await verifyChain([...all, copy(c.a1), other], keys, { conversationId: CONVERSATION });
      assert.deepEqual(!result.ok && result.failures.map((f) => [f.index, f.reason, f.field]), [
        [9, 'duplicate-id', 'id'],
        [10, 'wrong-conversation', 'metadata.conversationId'],
      ]);
    });

    test('a record that is not an ACU is reported with its field', async () => {
      const broken = { ...copy(c.a2), content: undefined };
      const result = await verifyChain([...all.filter((a) => a.id !== c.a2.id), broken], keys);
      assert.deepEqual(!result.ok && result.failures.map((f) => [f.id, f.reason, f.field]), [
        [c.a2.id, 'schema', 'content'],
      ]);
    });
  });
}

test('verifyChain on 2,000 ACUs (one long branch) stays fast and exact', async () => {
  const signer = await generateSigner('user-ada');
  const acus: Acu[] = [];
  let parent: Acu | null = null;
  for (let i = 0; i < 2000; i++) {
    parent = await createAcu(i % 2 ? answerDraft(`a${i}`) : userDraft(`q${i}`), { signer, parent });
    acus.push(parent);
  }
  acus[1234] = { ...acus[1234]!, createdAt: '2000-01-01T00:00:00.000Z' };
  const result = await verifyChain(acus, [signer.publicKey]);
  assert.deepEqual(!result.ok && result.failures.map((f) => [f.index, f.reason]), [[1234, 'hash-mismatch']]);
});
