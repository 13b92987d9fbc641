// Deletion receipts with the browser's own Web Crypto (Chromium under web-test-runner): receipts
// signed in Node verify here, receipts signed here verify, and deleting from a real IndexedDB
// store gives a crypto-shred receipt.
import { expect } from '@open-wc/testing';
import { hashCanonical } from '../acu/hash.js';
import { generateSigner } from '../acu/signing.js';
import { uuidv7 } from '../ids/uuid-v7.js';
import { createTessera } from '../tessera.js';
import { type DeletionReceipt, issueDeletionReceipt, verifyDeletionReceipt } from './deletion-receipt.js';

// Issued in Node 20 (`issueDeletionReceipt` with `generateSigner('ada', { algorithm })`), kept as is.
const SIGNED_IN_NODE: DeletionReceipt[] = [
  {
    type: 'tessera.deletion-receipt',
    version: 1,
    ownerId: 'ada',
    conversationId: '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b',
    deletedAt: '2025-06-01T12:00:00.000Z',
    method: 'crypto-shred',
    acuHashes: [`sha256:${'a'.repeat(64)}`, `sha256:${'b'.repeat(64)}`],
    messageCount: 2,
    hash: 'sha256:eceda13fd3a1ecfe8abc361e1907a0a81dd591c7dbcbfecc196c8c03eb97e48e',
    signature: 'gPdmNiX_d9PXa7mrGxV_IuMM884o8uXuDCa5axjYWsh6C1rV3zFsmt6hAxfi1-RhqcstPW-YU0bb16rdFsa8Aw',
    publicKey: {
      keyId: 'DVBlrQAIl9260lBugsXgDLb05iiUzQY7TnyuKQELoVM',
      ownerId: 'ada',
      algorithm: 'Ed25519',
      jwk: { kty: 'OKP', crv: 'Ed25519', x: 'DvnFmNt9EqoJLBCpuX6qM0jmJlcH06BlLZsff1qEIrI' },
    },
  },
  {
    type: 'tessera.deletion-receipt',
    version: 1,
    ownerId: 'ada',
    conversationId: '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b',
    deletedAt: '2025-06-01T12:00:00.000Z',
    method: 'crypto-shred',
    acuHashes: [`sha256:${'a'.repeat(64)}`, `sha256:${'b'.repeat(64)}`],
    messageCount: 2,
    hash: 'sha256:eceda13fd3a1ecfe8abc361e1907a0a81dd591c7dbcbfecc196c8c03eb97e48e',
    signature: 'IFB41rpm3ilHTeveNHsErYWX9XWjfF34oV7smK_TRxprKNKrgjd0mdXlKwwZu7OjRQ1mGwFfSXfy8fG_wLBkiA',
    publicKey: {
      keyId: 'rHMbf6S5OBW-lXd6a5hLGKPODTiY94BQakscbyZReDI',
      ownerId: 'ada',
      algorithm: 'ECDSA-P256',
      jwk: {
        kty: 'EC',
        crv: 'P-256',
        x: '5_fGmE3RzSaquoyMo4RXZr9a6QU2QY9eqBG7dqVKkMQ',
        y: 'JOG6u397_HF2D7oYNz8YQhsfL595jdGzVyF6WwoxqrI',
      },
    },
  },
];

async function reasonOf(value: unknown): Promise<string> {
  const result = await verifyDeletionReceipt(value);
  return result.ok ? 'ok' : result.reason;
}

describe('deletion receipts in the browser (real Web Crypto)', () => {
  for (const receipt of SIGNED_IN_NODE) {
    it(`verifies a receipt signed in Node (${receipt.publicKey.algorithm}), and catches a change to it`, async () => {
      expect(await reasonOf(receipt)).to.equal('ok');
      expect(await reasonOf({ ...receipt, messageCount: 3 })).to.equal('hash-mismatch');
      const forged = { ...receipt, acuHashes: receipt.acuHashes.slice(1) };
      const { hash, signature, publicKey, ...unsigned } = forged;
      expect(await reasonOf({ ...forged, hash: await hashCanonical(unsigned) })).to.equal('bad-signature');
    });
  }

  for (const algorithm of ['auto', 'ECDSA-P256'] as const) {
    it(`issues and verifies a receipt here (${algorithm})`, async () => {
      const signer = await generateSigner('ada', { algorithm });
      const receipt = await issueDeletionReceipt(signer, {
        ownerId: 'ada',
        conversationId: uuidv7(),
        method: 'erase',
        acuHashes: [`sha256:${'c'.repeat(64)}`],
        messageCount: 1,
        deletedAt: new Date().toISOString(),
      });
      expect(await reasonOf(receipt)).to.equal('ok');
      expect(await reasonOf(JSON.parse(JSON.stringify(receipt)))).to.equal('ok');
      expect(await reasonOf({ ...receipt, method: 'crypto-shred' })).to.equal('hash-mismatch');
      const other = await generateSigner('ada', { algorithm });
      expect(await reasonOf({ ...receipt, publicKey: { ...receipt.publicKey, jwk: other.publicKey.jwk } })).to.equal(
        'key-id-mismatch',
      );
    });
  }

  it('deleting from an IndexedDB store crypto-shreds and returns a receipt of the stored ACUs', async () => {
    const tessera = createTessera({ store: 'indexeddb', databaseName: `tessera-receipt-test-${uuidv7()}` });
    try {
      const store = await tessera.store.open();
      const now = new Date().toISOString();
      const conversationId = uuidv7();
      await store.putConversation({ id: conversationId, title: 'To be shredded', createdAt: now, updatedAt: now });
      const question = await tessera.acu.create({
        content: { role: 'user', text: 'Forget this' },
        metadata: { conversationId },
      });
      const answer = await tessera.acu.create(
        { content: { role: 'assistant', text: 'Forgotten' }, metadata: { conversationId } },
        { parent: question },
      );
      await store.putAcus([question, answer]);
      const stored = (await tessera.acu.list({ conversationId })).map((acu) => acu.provenance.hash);
      expect(stored).to.have.length(2);

      const receipt = await tessera.store.deleteConversation(conversationId);
      expect(receipt.method).to.equal('crypto-shred');
      expect(receipt.acuHashes).to.deep.equal(stored);
      expect(await tessera.store.verifyReceipt(receipt)).to.deep.equal({ ok: true });
      expect(receipt.publicKey).to.deep.equal(await tessera.acu.publicKey());
      expect(await store.getConversation(conversationId)).to.equal(undefined);
      expect(await tessera.acu.list({ conversationId })).to.deep.equal([]);
      const [entry] = await tessera.store.audit({ limit: 1 });
      expect(entry?.action).to.equal('conversation.delete');
      expect(entry?.receiptHash).to.equal(receipt.hash);
      expect(entry?.origin).to.equal(location.origin);
    } finally {
      await tessera.close();
    }
  });
});
