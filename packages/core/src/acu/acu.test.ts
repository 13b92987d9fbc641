import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { TesseraError } from '../errors/tessera-error.js';
import { canonicalJson } from './canonical.js';
import { type AcuDraft, createAcu } from './create.js';
import { answerDraft, CONVERSATION, copy, userDraft } from './fixtures/drafts.js';
import { acuSignedBytes, computeAcuHash } from './hash.js';
import { type Acu, acuHashedFields } from './schema.js';
import { AcuKeySet, type AcuPublicKey, type AcuSigner, generateSigner, signerFromKeyPair } from './signing.js';
import { verifyAcu } from './verify.js';

const set = Object.assign;
const BEEF = '01947f3a-8c00-7000-8000-00000000beef';

/** Every hashed field, and a change to it. Each must make verification fail with `hash-mismatch`. */
const HASHED_TAMPERS: [string, (acu: Acu) => void][] = [
  ['id', (a) => set(a, { id: BEEF })],
  ['ownerId', (a) => set(a, { ownerId: 'mallory' })],
  ['createdAt', (a) => set(a, { createdAt: '2020-01-01T00:00:00.000Z' })],
  ['content.role', (a) => set(a.content, { role: 'system' })],
  ['content.text', (a) => set(a.content, { text: `${a.content.text}!` })],
  ['content.parts (text)', (a) => set(a.content, { parts: [{ type: 'text', text: 'other' }] })],
  ['content.parts (added)', (a) => a.content.parts.push({ type: 'reasoning', text: 'injected' })],
  ['content.model', (a) => set(a.content, { model: 'gpt-4o-mini' })],
  ['content.model (removed)', (a) => delete a.content.model],
  ['content.provider', (a) => set(a.content, { provider: 'mistral' })],
  ['content.tokens.input', (a) => set(a.content.tokens!, { input: 13 })],
  ['content.tokens.output', (a) => set(a.content.tokens!, { output: 0 })],
  ['content.tokens (added)', (a) => set(a.content.tokens!, { reasoning: 4 })],
  ['content.status', (a) => set(a.content, { status: 'incomplete' })],
  ['provenance.parentId', (a) => set(a.provenance, { parentId: BEEF })],
  ['provenance.parentHash', (a) => set(a.provenance, { parentHash: `sha256:${'0'.repeat(64)}` })],
  ['provenance.forkSourceId', (a) => set(a.provenance, { forkSourceId: BEEF })],
  ['provenance.forkSourceId (removed)', (a) => delete a.provenance.forkSourceId],
  ['provenance.remixOf', (a) => a.provenance.remixOf.push(BEEF)],
  ['metadata.conversationId', (a) => set(a.metadata, { conversationId: 'another-conversation' })],
  ['metadata.contextSnapshotId', (a) => set(a.metadata, { contextSnapshotId: 'ctx-2' })],
  ['metadata.importedFrom', (a) => set(a.metadata, { importedFrom: { format: 'chatgpt', id: 'x' } })],
  ['provenance.hash', (a) => set(a.provenance, { hash: `sha256:${'f'.repeat(64)}` })],
];

/** Fields outside the hash: changing them must keep both the hash and verification. */
const UNHASHED_CHANGES: [string, (acu: Acu) => void][] = [
  ['permissions.visibility', (a) => set(a.permissions, { visibility: 'public' })],
  ['metadata.tags', (a) => set(a.metadata, { tags: ['moved', 'retagged'] })],
  ['metadata.projectId', (a) => set(a.metadata, { projectId: 'project-b' })],
];

for (const algorithm of ['Ed25519', 'ECDSA-P256'] as const) {
  describe(`ACU create and verify (${algorithm})`, () => {
    let signer: AcuSigner;
    let keys: AcuPublicKey[];
    let question: Acu;
    let answer: Acu;

    before(async () => {
      signer = await generateSigner('user-ada', { algorithm });
      keys = [signer.publicKey];
      question = await createAcu(userDraft(), { signer });
      answer = await createAcu(
        answerDraft('One tile of a mosaic.', {
          forkSourceId: '01947f3a-8c00-7000-8000-00000000f00d',
          remixOf: ['01947f3a-8c00-7000-8000-00000000aaaa'],
        }),
        { signer, parent: question },
      );
    });

    test('a new ACU is a valid v1 record that verifies', async () => {
      assert.equal(signer.algorithm, algorithm);
      assert.equal(answer.schemaVersion, 1);
      assert.equal(answer.ownerId, 'user-ada');
      assert.match(answer.provenance.hash, /^sha256:[0-9a-f]{64}$/);
      assert.equal(answer.provenance.algorithm, algorithm);
      assert.equal(answer.provenance.signerKeyId, signer.keyId);
      assert.deepEqual(await verifyAcu(question, keys), { ok: true });
      assert.deepEqual(await verifyAcu(answer, keys), { ok: true });
    });

    test('chains the parent: parentId and parentHash', () => {
      assert.equal(question.provenance.parentId, null);
      assert.equal(question.provenance.parentHash, null);
      assert.equal(answer.provenance.parentId, question.id);
      assert.equal(answer.provenance.parentHash, question.provenance.hash);
    });

    test('fills in defaults: text part, complete, private, no tags, no lineage', () => {
      assert.deepEqual(question.content.parts, [{ type: 'text', text: 'What is a tessera?' }]);
      assert.equal(question.content.status, 'complete');
      assert.deepEqual(question.permissions, { visibility: 'private' });
      assert.deepEqual(question.metadata.tags, []);
      assert.deepEqual(question.provenance.remixOf, []);
      assert.equal('forkSourceId' in question.provenance, false);
    });

    for (const [field, tamper] of HASHED_TAMPERS) {
      test(`tampering ${field} fails with hash-mismatch`, async () => {
        const tampered = copy(answer);
        tamper(tampered);
        assert.deepEqual(await verifyAcu(tampered, keys), {
          ok: false,
          reason: 'hash-mismatch',
          field: 'provenance.hash',
          message: 'This message was changed after it was sealed: its content no longer matches its hash.',
        });
      });
    }

    test('tampering content and re-computing the hash fails with bad-signature', async () => {
      const tampered = copy(answer);
      tampered.content.text = 'Something the owner never said.';
      tampered.provenance.hash = await computeAcuHash(tampered);
      const result = await verifyAcu(tampered, keys);
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.reason, 'bad-signature');
      assert.equal(!result.ok && result.field, 'provenance.signature');
    });

    test('re-sealing with another key is an unknown signer, and an owner mismatch when that key is trusted', async () => {
      const mallory = await generateSigner('mallory', { algorithm });
      const forged = copy(answer);
      forged.content.text = 'Forged.';
      forged.provenance.hash = await computeAcuHash(forged);
      const signature = await mallory.sign(acuSignedBytes(forged.provenance.hash));
      forged.provenance.signature = Buffer.from(signature).toString('base64url');
      forged.provenance.signerKeyId = mallory.keyId;
      const unknown = await verifyAcu(forged, keys);
      assert.equal(!unknown.ok && unknown.reason, 'unknown-signer');
      assert.equal(!unknown.ok && unknown.field, 'provenance.signerKeyId');
      const claimed = await verifyAcu(forged, [...keys, mallory.publicKey]);
      assert.equal(!claimed.ok && claimed.reason, 'owner-mismatch');
      assert.equal(!claimed.ok && claimed.field, 'ownerId');
    });

    test('a changed signature fails with bad-signature', async () => {
      const tampered = copy(answer);
      const sig = tampered.provenance.signature;
      tampered.provenance.signature = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
      const result = await verifyAcu(tampered, keys);
      assert.equal(!result.ok && result.reason, 'bad-signature');
      tampered.provenance.signature = 'A';
      const short = await verifyAcu(tampered, keys);
      assert.equal(!short.ok && short.reason, 'bad-signature');
    });

    test('a mislabelled algorithm fails with algorithm-mismatch', async () => {
      const tampered = copy(answer);
      tampered.provenance.algorithm = algorithm === 'Ed25519' ? 'ECDSA-P256' : 'Ed25519';
      const result = await verifyAcu(tampered, keys);
      assert.equal(!result.ok && result.reason, 'algorithm-mismatch');
      assert.equal(!result.ok && result.field, 'provenance.algorithm');
    });

    for (const [field, change] of UNHASHED_CHANGES) {
      test(`changing ${field} keeps the hash and the signature`, async () => {
        const changed = copy(answer);
        change(changed);
        assert.equal(await computeAcuHash(changed), answer.provenance.hash);
        assert.deepEqual(await verifyAcu(changed, keys), { ok: true });
      });
    }

    test('survives a JSON round trip', async () => {
      const revived = JSON.parse(JSON.stringify(answer)) as Acu;
      assert.deepEqual(revived, answer);
      assert.deepEqual(await verifyAcu(revived, keys), { ok: true });
    });

    test('an interrupted answer is an ACU marked incomplete', async () => {
      const partial = await createAcu(
        answerDraft('One tile of', { content: { role: 'assistant', text: 'One tile of', status: 'incomplete' } }),
        { signer, parent: question },
      );
      assert.equal(partial.content.status, 'incomplete');
      assert.deepEqual(await verifyAcu(partial, keys), { ok: true });
    });
  });
}

describe('ACU schema failures say which field', () => {
  let signer: AcuSigner;
  let acu: Acu;
  before(async () => {
    signer = await generateSigner('user-ada');
    acu = await createAcu(answerDraft(), { signer });
  });

  const cases: [string, (a: Record<string, unknown> & Acu) => void, string][] = [
    ['missing content.role', (a) => void delete (a.content as Partial<Acu['content']>).role, 'content.role'],
    [
      'bad hash format',
      (a) => {
        a.provenance.hash = 'md5:abc';
      },
      'provenance.hash',
    ],
    [
      'bad id',
      (a) => {
        a.id = 'not-a-uuid';
      },
      'id',
    ],
    [
      'unknown part type',
      (a) => {
        a.content.parts = [{ type: 'image' } as never];
      },
      'content.parts.0.type',
    ],
    [
      'extra top-level field',
      (a) => {
        a.consent = 'opted-in';
      },
      '(root)',
    ],
    [
      'parentHash without parentId',
      (a) => {
        a.provenance.parentHash = `sha256:${'a'.repeat(64)}`;
      },
      'provenance.parentHash',
    ],
    [
      'unknown visibility',
      (a) => {
        a.permissions.visibility = 'everyone' as never;
      },
      'permissions.visibility',
    ],
  ];
  for (const [name, change, field] of cases) {
    test(name, async () => {
      const bad = copy(acu) as Record<string, unknown> & Acu;
      change(bad);
      const result = await verifyAcu(bad, [signer.publicKey]);
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.reason, 'schema');
      assert.equal(!result.ok && result.field, field);
    });
  }

  test('a newer schema version says to update', async () => {
    const result = await verifyAcu({ ...copy(acu), schemaVersion: 2 }, [signer.publicKey]);
    assert.equal(!result.ok && result.reason, 'schema');
    assert.equal(!result.ok && result.field, 'schemaVersion');
    assert.match(!result.ok ? result.message : '', /update Tessera/);
  });

  test('a record without a version says to migrate', async () => {
    const { schemaVersion: _, ...old } = copy(acu);
    const result = await verifyAcu(old, [signer.publicKey]);
    assert.equal(!result.ok && result.field, 'schemaVersion');
    assert.match(!result.ok ? result.message : '', /migrateAcu/);
  });

  test('not an object at all', async () => {
    const result = await verifyAcu('hello', [signer.publicKey]);
    assert.equal(!result.ok && result.reason, 'schema');
    assert.equal(!result.ok && result.field, '(root)');
  });
});

describe('createAcu', () => {
  let signer: AcuSigner;
  before(async () => {
    signer = await generateSigner('user-ada');
  });

  test('rejects an invalid draft with a validation error naming the field', async () => {
    await assert.rejects(
      createAcu({ content: { role: 'robot', text: 'x' }, metadata: { conversationId: 'c' } } as unknown as AcuDraft, {
        signer,
      }),
      (error: unknown) =>
        error instanceof TesseraError && error.code === 'validation' && /content\.role/.test(error.message),
    );
  });

  test('refuses a parent from another conversation', async () => {
    const parent = await createAcu(userDraft(), { signer });
    await assert.rejects(
      createAcu({ ...answerDraft(), metadata: { conversationId: 'elsewhere' } }, { signer, parent }),
      (error: unknown) => error instanceof TesseraError && error.code === 'validation' && /fork/.test(error.message),
    );
  });

  test('refuses text RFC 8785 cannot represent (a lone surrogate)', async () => {
    await assert.rejects(
      createAcu(userDraft('broken \ud83d'), { signer }),
      (error: unknown) => error instanceof TesseraError && error.code === 'validation',
    );
  });

  test('keeps a given id and createdAt (imports), and ids are UUIDv7 otherwise', async () => {
    const imported = await createAcu(
      userDraft('old', {
        id: '01947f3a-8c00-7000-8000-000000000123',
        createdAt: '2023-03-01T10:00:00.000Z',
        metadata: { conversationId: CONVERSATION, importedFrom: { format: 'claude', id: 'msg_1' } },
      }),
      { signer },
    );
    assert.equal(imported.id, '01947f3a-8c00-7000-8000-000000000123');
    assert.equal(imported.createdAt, '2023-03-01T10:00:00.000Z');
    const fresh = await createAcu(userDraft(), { signer });
    assert.match(fresh.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7/);
  });

  test('the hash is SHA-256 of the canonical hashed fields (checked with node:crypto)', async () => {
    const acu = await createAcu(answerDraft(), { signer });
    const expected = createHash('sha256')
      .update(canonicalJson(acuHashedFields(acu)), 'utf8')
      .digest('hex');
    assert.equal(acu.provenance.hash, `sha256:${expected}`);
  });

  test('the hashed fields are exactly the documented ones', async () => {
    const acu = await createAcu(
      answerDraft('x', { forkSourceId: '01947f3a-8c00-7000-8000-00000000f00d', permissions: { visibility: 'public' } }),
      { signer },
    );
    const hashed = acuHashedFields({ ...acu, ...({ extra: 'ignored' } as object) });
    assert.deepEqual(Object.keys(hashed).sort(), [
      'content',
      'createdAt',
      'id',
      'metadata',
      'ownerId',
      'provenance',
      'schemaVersion',
    ]);
    assert.deepEqual(Object.keys(JSON.parse(canonicalJson(hashed.provenance))), [
      'forkSourceId',
      'parentHash',
      'parentId',
      'remixOf',
    ]);
    assert.deepEqual(Object.keys(JSON.parse(canonicalJson(hashed.metadata))), ['contextSnapshotId', 'conversationId']);
  });
});

describe('golden v1 ACUs (RFC 8037 test key)', () => {
  interface Golden {
    privateJwk: JsonWebKey;
    publicKey: AcuPublicKey;
    drafts: AcuDraft[];
    canonical: string[];
    acus: Acu[];
  }
  const golden = JSON.parse(readFileSync(new URL('./fixtures/acu-v1-golden.json', import.meta.url), 'utf8')) as Golden;

  test('the stored ACUs still verify as a chain', async () => {
    const keys = new AcuKeySet([golden.publicKey]);
    for (const acu of golden.acus) assert.deepEqual(await verifyAcu(acu, keys), { ok: true });
    assert.equal(golden.acus[1]!.provenance.parentHash, golden.acus[0]!.provenance.hash);
  });

  test('the canonical hashed view and the hash are unchanged', async () => {
    for (const [i, acu] of golden.acus.entries()) {
      assert.equal(canonicalJson(acuHashedFields(acu)), golden.canonical[i]);
      const digest = createHash('sha256').update(golden.canonical[i]!, 'utf8').digest('hex');
      assert.equal(acu.provenance.hash, `sha256:${digest}`);
    }
  });

  test('sealing the same drafts again gives byte-identical records (Ed25519 is deterministic)', async () => {
    const { d: _, ...publicJwk } = golden.privateJwk;
    const signer = await signerFromKeyPair(golden.publicKey.ownerId, {
      privateKey: await crypto.subtle.importKey('jwk', golden.privateJwk, { name: 'Ed25519' }, false, ['sign']),
      publicKey: await crypto.subtle.importKey('jwk', publicJwk, { name: 'Ed25519' }, true, ['verify']),
    });
    assert.equal(signer.keyId, 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
    const first = await createAcu(golden.drafts[0]!, { signer });
    const second = await createAcu(golden.drafts[1]!, { signer, parent: first });
    assert.equal(JSON.stringify([first, second]), JSON.stringify(golden.acus));
  });
});
