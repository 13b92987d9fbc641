// ACUs with the browser's own Web Crypto (Chromium under web-test-runner): the same records, hashes
// and signatures as in Node, keys that survive IndexedDB, and the vectors fetched from fixtures/.
import { expect } from '@open-wc/testing';
import { answerDraft, copy, userDraft } from './fixtures/drafts.js';
import {
  type Acu,
  AcuKeySet,
  type AcuPublicKey,
  acuHashedFields,
  canonicalJson,
  createAcu,
  generateSigner,
  signerFromKeyPair,
  verifyAcu,
  verifyChain,
} from './index.js';

async function fixture<T>(name: string): Promise<T> {
  const response = await fetch(new URL(`./fixtures/${name}`, import.meta.url));
  return (await response.json()) as T;
}

async function platformHasEd25519(): Promise<boolean> {
  try {
    await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']);
    return true;
  } catch {
    return false;
  }
}

function idbRoundTrip<T>(value: T): Promise<T> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(`tessera-acu-test-${Math.random()}`, 1);
    open.onupgradeneeded = () => open.result.createObjectStore('keys');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction('keys', 'readwrite');
      tx.objectStore('keys').put(value, 'me');
      const get = tx.objectStore('keys').get('me');
      tx.oncomplete = () => {
        db.close();
        resolve(get.result as T);
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

describe('ACUs in the browser (real Web Crypto)', () => {
  it('picks Ed25519 when the platform has it, with a non-extractable private key', async () => {
    const signer = await generateSigner('user-ada');
    expect(signer.algorithm).to.equal((await platformHasEd25519()) ? 'Ed25519' : 'ECDSA-P256');
    expect(signer.keyPair.privateKey.extractable).to.equal(false);
  });

  for (const algorithm of ['auto', 'ECDSA-P256'] as const) {
    it(`creates and verifies a branched conversation (${algorithm})`, async () => {
      const signer = await generateSigner('user-ada', { algorithm });
      const keys = new AcuKeySet([signer.publicKey]);
      const question = await createAcu(userDraft(), { signer });
      const answer = await createAcu(answerDraft(), { signer, parent: question });
      const regenerated = await createAcu(answerDraft('Another answer'), { signer, parent: question });
      const stopped = await createAcu(
        answerDraft('Half an', { content: { role: 'assistant', text: 'Half an', status: 'incomplete' } }),
        { signer, parent: answer },
      );
      for (const acu of [question, answer, regenerated, stopped]) {
        expect(await verifyAcu(acu, keys)).to.deep.equal({ ok: true });
      }
      expect(await verifyChain([stopped, regenerated, answer, question], keys)).to.deep.equal({
        ok: true,
        checked: 4,
        roots: 1,
        branchPoints: 1,
      });

      const tampered = copy(answer);
      tampered.content.text = 'Not what was said';
      const result = await verifyAcu(tampered, keys);
      expect(result.ok).to.equal(false);
      expect(!result.ok && result.reason).to.equal('hash-mismatch');

      const chain = await verifyChain([question, tampered, regenerated, stopped], keys);
      expect(!chain.ok && chain.failures.map((f) => [f.index, f.reason])).to.deep.equal([[1, 'hash-mismatch']]);

      const shared = copy(answer);
      shared.permissions.visibility = 'public';
      expect(await verifyAcu(shared, keys)).to.deep.equal({ ok: true });
    });
  }

  it('keeps the signing key through IndexedDB (structured clone of a non-extractable key)', async () => {
    const signer = await generateSigner('user-ada');
    const stored = await idbRoundTrip(signer.keyPair);
    const revived = await signerFromKeyPair('user-ada', stored);
    expect(revived.keyId).to.equal(signer.keyId);
    const acu = await createAcu(userDraft(), { signer: revived });
    expect(await verifyAcu(acu, [signer.publicKey])).to.deep.equal({ ok: true });
  });

  it('verifies the golden ACUs sealed in Node, byte for byte', async () => {
    const golden = await fixture<{ publicKey: AcuPublicKey; canonical: string[]; acus: Acu[] }>('acu-v1-golden.json');
    expect(await verifyChain(golden.acus, [golden.publicKey])).to.deep.equal({
      ok: true,
      checked: 2,
      roots: 1,
      branchPoints: 0,
    });
    expect(golden.acus.map((acu) => canonicalJson(acuHashedFields(acu)))).to.deep.equal(golden.canonical);
  });

  it('canonicalizes our RFC 8785 vectors as Node does', async () => {
    const { vectors } = await fixture<{ vectors: { name: string; input: string; expected: string }[] }>(
      'jcs-vectors.json',
    );
    for (const vector of vectors)
      expect(canonicalJson(JSON.parse(vector.input)), vector.name).to.equal(vector.expected);
  });
});
