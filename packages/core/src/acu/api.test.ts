import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TesseraError } from '../errors/tessera-error.js';
import { createAcuApi, loadOrCreateSigner, type SigningKeyStorage } from './api.js';
import { createAcu } from './create.js';
import { answerDraft, CONVERSATION, userDraft } from './fixtures/drafts.js';
import type { Acu } from './schema.js';
import { generateSigner } from './signing.js';

function memoryKeyStorage(): SigningKeyStorage & { puts: number } {
  const pairs = new Map<string, CryptoKeyPair>();
  return {
    puts: 0,
    async get(ownerId) {
      return pairs.get(ownerId);
    },
    async put(ownerId, keyPair) {
      this.puts++;
      pairs.set(ownerId, structuredClone(keyPair));
    },
  };
}

function setup() {
  const storage = memoryKeyStorage();
  const saved = new Map<string, Acu>();
  const api = createAcuApi({
    signer: () => loadOrCreateSigner('user-ada', storage),
    listAcus: async (conversationId) => [...saved.values()].filter((a) => a.metadata.conversationId === conversationId),
    getAcu: async (id) => saved.get(id),
  });
  const save = (acu: Acu) => {
    saved.set(acu.id, acu);
    return acu;
  };
  return { api, storage, saved, save };
}

describe('tessera.acu over a store (createAcuApi)', () => {
  test('creates on every message, chained by parent id, and verifies the stored conversation', async () => {
    const { api, storage, save } = setup();
    const question = save(await api.create(userDraft()));
    const answer = save(await api.create(answerDraft(), { parent: question.id }));
    const retry = save(await api.create(answerDraft('Again'), { parent: question }));
    assert.equal(answer.provenance.parentHash, question.provenance.hash);
    assert.equal(retry.provenance.parentId, question.id);
    assert.equal(storage.puts, 1, 'one key pair, created once and stored');
    assert.deepEqual(await api.verify(answer), { ok: true });
    assert.deepEqual(await api.verifyChain(CONVERSATION), { ok: true, checked: 3, roots: 1, branchPoints: 1 });
    assert.equal((await api.list({ conversationId: CONVERSATION })).length, 3);
  });

  test('verifyChain names the stored ACU that was changed', async () => {
    const { api, save, saved } = setup();
    const question = save(await api.create(userDraft()));
    const answer = save(await api.create(answerDraft(), { parent: question.id }));
    saved.set(answer.id, { ...answer, content: { ...answer.content, text: 'edited on disk' } });
    const result = await api.verifyChain(CONVERSATION);
    assert.deepEqual(!result.ok && result.failures.map((f) => [f.id, f.reason]), [[answer.id, 'hash-mismatch']]);
  });

  test('a new instance over the same key storage signs with the same key', async () => {
    const storage = memoryKeyStorage();
    const first = await loadOrCreateSigner('user-ada', storage);
    const second = await loadOrCreateSigner('user-ada', storage);
    assert.equal(second.keyId, first.keyId);
    assert.equal(storage.puts, 1);
  });

  test('imported ACUs of another signer verify once their key is trusted', async () => {
    const { api } = setup();
    const stranger = await generateSigner('user-bob');
    const foreign = await createAcu(userDraft('From Bob'), { signer: stranger });
    const before = await api.verify(foreign);
    assert.equal(!before.ok && before.reason, 'unknown-signer');
    api.trust(stranger.publicKey);
    assert.deepEqual(await api.verify(foreign), { ok: true });
  });

  test('a parent id that is not stored is a validation error', async () => {
    const { api } = setup();
    await assert.rejects(
      api.create(answerDraft(), { parent: '01947f3a-8c00-7000-8000-00000000dead' }),
      (error: unknown) => error instanceof TesseraError && error.code === 'validation',
    );
  });

  test('a signer that fails to load is retried on the next call', async () => {
    let calls = 0;
    const api = createAcuApi({
      signer: async () => {
        calls++;
        if (calls === 1) throw new TesseraError('storage', 'The key store is not available.');
        return generateSigner('user-ada');
      },
      listAcus: async () => [],
      getAcu: async () => undefined,
    });
    await assert.rejects(api.publicKey(), TesseraError);
    assert.equal((await api.publicKey()).ownerId, 'user-ada');
  });
});
