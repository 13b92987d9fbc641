import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fromBase64Url, toBase64Url } from '../acu/bytes.js';
import { canonicalJson } from '../acu/canonical.js';
import { acuSignedBytes, hashCanonical } from '../acu/hash.js';
import { type AcuSigner, generateSigner } from '../acu/signing.js';
import { TesseraError } from '../errors/tessera-error.js';
import {
  DELETION_RECEIPT_SIGNATURE_CONTEXT,
  type DeletionReceipt,
  type DeletionReceiptFields,
  type DeletionReceiptVerification,
  issueDeletionReceipt,
  verifyDeletionReceipt,
} from './deletion-receipt.js';

const HASH_A = `sha256:${'a'.repeat(64)}`;
const HASH_B = `sha256:${'b'.repeat(64)}`;
const HASH_C = `sha256:${'c'.repeat(64)}`;

function fields(overrides: Partial<DeletionReceiptFields> = {}): DeletionReceiptFields {
  return {
    ownerId: 'ada',
    conversationId: '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b',
    method: 'crypto-shred',
    acuHashes: [HASH_A, HASH_B],
    messageCount: 2,
    deletedAt: '2025-06-01T12:00:00.000Z',
    ...overrides,
  };
}

/** A deep copy with one change made by `edit`. */
function tampered(receipt: DeletionReceipt, edit: (copy: Record<string, unknown>) => void): unknown {
  const copy = structuredClone(receipt) as unknown as Record<string, unknown>;
  edit(copy);
  return copy;
}

function assertFails(result: DeletionReceiptVerification, reason: string, field?: string): void {
  assert.equal(result.ok, false, `expected ${reason}, but the receipt verified`);
  if (result.ok) return;
  assert.equal(result.reason, reason, result.message);
  if (field !== undefined) assert.equal(result.field, field);
  assert.ok(result.message.length > 0);
}

for (const algorithm of ['Ed25519', 'ECDSA-P256'] as const) {
  describe(`deletion receipts signed with ${algorithm}`, () => {
    let signer: AcuSigner;
    let receipt: DeletionReceipt;

    test('an issued receipt verifies, and carries the fields, the key and a hash of the fields', async () => {
      signer = await generateSigner('ada', { algorithm });
      receipt = await issueDeletionReceipt(signer, fields());
      assert.deepEqual(await verifyDeletionReceipt(receipt), { ok: true });
      assert.equal(receipt.type, 'tessera.deletion-receipt');
      assert.equal(receipt.version, 1);
      assert.deepEqual(receipt.acuHashes, [HASH_A, HASH_B]);
      assert.equal(receipt.messageCount, 2);
      assert.equal(receipt.method, 'crypto-shred');
      assert.deepEqual(receipt.publicKey, signer.publicKey);
      const { hash, signature, publicKey, ...unsigned } = receipt;
      assert.equal(hash, await hashCanonical(unsigned));
      assert.match(hash, /^sha256:[0-9a-f]{64}$/);
      // It survives a JSON round trip (how a user keeps it).
      assert.deepEqual(await verifyDeletionReceipt(JSON.parse(JSON.stringify(receipt))), { ok: true });
    });

    test('the signature covers the receipt context and the hash, not the ACU context', async () => {
      const { publicKey, signature, hash } = receipt;
      const params = algorithm === 'Ed25519' ? { name: 'Ed25519' } : { name: 'ECDSA', namedCurve: 'P-256' };
      const key = await crypto.subtle.importKey('jwk', publicKey.jwk, params, false, ['verify']);
      const verifyParams = algorithm === 'Ed25519' ? { name: 'Ed25519' } : { name: 'ECDSA', hash: 'SHA-256' };
      const bytes = fromBase64Url(signature)!;
      const over = (text: string) => new TextEncoder().encode(text);
      assert.equal(
        await crypto.subtle.verify(verifyParams, key, bytes, over(DELETION_RECEIPT_SIGNATURE_CONTEXT + hash)),
        true,
      );
      assert.equal(await crypto.subtle.verify(verifyParams, key, bytes, acuSignedBytes(hash)), false);
    });

    const hashedChanges: [string, (r: Record<string, unknown>) => void][] = [
      ['ownerId', (r) => (r.ownerId = 'grace')],
      ['conversationId', (r) => (r.conversationId = '0190a1b2-c3d4-7e5f-8a6b-7c8d9e0f1a2c')],
      ['deletedAt', (r) => (r.deletedAt = '2025-06-01T12:00:01.000Z')],
      ['method', (r) => (r.method = 'erase')],
      ['acuHashes (one changed)', (r) => (r.acuHashes = [HASH_A, HASH_C])],
      ['acuHashes (one removed)', (r) => (r.acuHashes = [HASH_A])],
      ['acuHashes (one added)', (r) => (r.acuHashes = [HASH_A, HASH_B, HASH_C])],
      ['acuHashes (reordered)', (r) => (r.acuHashes = [HASH_B, HASH_A])],
      ['messageCount', (r) => (r.messageCount = 3)],
      ['hash', (r) => (r.hash = HASH_C)],
    ];
    for (const [field, edit] of hashedChanges) {
      test(`a changed ${field} is a hash mismatch`, async () => {
        const changed = tampered(receipt, edit) as DeletionReceipt;
        // ownerId is also on the key: keep them together so only the hash can catch the change.
        if (field === 'ownerId') changed.publicKey.ownerId = 'grace';
        assertFails(await verifyDeletionReceipt(changed), 'hash-mismatch', 'hash');
      });
    }

    test('a changed field with its hash recomputed is a bad signature', async () => {
      const changed = tampered(receipt, (r) => (r.acuHashes = [HASH_A])) as DeletionReceipt;
      const { hash, signature, publicKey, ...unsigned } = changed;
      changed.hash = await hashCanonical(unsigned);
      assertFails(await verifyDeletionReceipt(changed), 'bad-signature', 'signature');
    });

    test('a changed signature is a bad signature', async () => {
      const bytes = fromBase64Url(receipt.signature)!;
      bytes[10] = bytes[10]! ^ 0x01;
      assertFails(
        await verifyDeletionReceipt(tampered(receipt, (r) => (r.signature = toBase64Url(bytes)))),
        'bad-signature',
        'signature',
      );
      assertFails(
        await verifyDeletionReceipt(tampered(receipt, (r) => (r.signature = receipt.signature.slice(0, -4)))),
        'bad-signature',
      );
    });

    test('the same fields re-signed by another key of the same owner is a bad signature', async () => {
      const other = await generateSigner('ada', { algorithm });
      const swapped = tampered(receipt, (r) => (r.publicKey = other.publicKey));
      assertFails(await verifyDeletionReceipt(swapped), 'bad-signature', 'signature');
    });

    test('a changed key id, or a changed key under the same id, is a key id mismatch', async () => {
      const other = await generateSigner('ada', { algorithm });
      assertFails(
        await verifyDeletionReceipt(
          tampered(receipt, (r) => ((r.publicKey as { keyId: string }).keyId = other.publicKey.keyId)),
        ),
        'key-id-mismatch',
        'publicKey.keyId',
      );
      assertFails(
        await verifyDeletionReceipt(
          tampered(receipt, (r) => ((r.publicKey as { jwk: unknown }).jwk = other.publicKey.jwk)),
        ),
        'key-id-mismatch',
        'publicKey.keyId',
      );
    });

    test("a key naming another owner than the receipt's is an owner mismatch", async () => {
      assertFails(
        await verifyDeletionReceipt(tampered(receipt, (r) => ((r.publicKey as { ownerId: string }).ownerId = 'grace'))),
        'owner-mismatch',
        'publicKey.ownerId',
      );
    });

    test('a key labelled with the wrong algorithm is refused by shape', async () => {
      const wrong = algorithm === 'Ed25519' ? 'ECDSA-P256' : 'Ed25519';
      assertFails(
        await verifyDeletionReceipt(
          tampered(receipt, (r) => ((r.publicKey as { algorithm: string }).algorithm = wrong)),
        ),
        'schema',
        'publicKey.jwk',
      );
    });

    const shapeChanges: [string, string, (r: Record<string, unknown>) => void][] = [
      ['type', 'type', (r) => (r.type = 'tessera.consent-receipt')],
      ['version', 'version', (r) => (r.version = 2)],
      ['a missing field', 'messageCount', (r) => delete r.messageCount],
      ['an unknown field', '(root)', (r) => (r.title = 'Holiday plans')],
      ['a malformed ACU hash', 'acuHashes.0', (r) => (r.acuHashes = ['md5:abc'])],
      ['a negative message count', 'messageCount', (r) => (r.messageCount = -1)],
      ['a date that is no ISO date', 'deletedAt', (r) => (r.deletedAt = 'yesterday')],
      ['a signature that is not base64url', 'signature', (r) => (r.signature = 'not base64!')],
    ];
    for (const [what, field, edit] of shapeChanges) {
      test(`${what} is refused by shape, naming the field`, async () => {
        assertFails(await verifyDeletionReceipt(tampered(receipt, edit)), 'schema', field);
      });
    }
  });
}

test('anything that is not a receipt object is refused by shape, never thrown', async () => {
  for (const value of [undefined, null, 42, 'receipt', [], {}]) {
    assertFails(await verifyDeletionReceipt(value), 'schema');
  }
});

test('a receipt is only issued with the owner’s own key and valid fields', async () => {
  const signer = await generateSigner('ada');
  await assert.rejects(
    issueDeletionReceipt(signer, fields({ ownerId: 'grace' })),
    (e: unknown) => e instanceof TesseraError && e.code === 'validation',
  );
  await assert.rejects(
    issueDeletionReceipt(signer, fields({ acuHashes: ['not-a-hash'] })),
    (e: unknown) => e instanceof TesseraError && e.code === 'validation' && e.message.includes('acuHashes'),
  );
});

test('the hash is the canonical JSON hash, whatever order the fields were given in', async () => {
  const signer = await generateSigner('ada');
  const given = fields();
  const reordered = Object.fromEntries(Object.entries(given).reverse()) as DeletionReceiptFields;
  const a = await issueDeletionReceipt(signer, given);
  const b = await issueDeletionReceipt(signer, reordered);
  assert.equal(a.hash, b.hash);
  const { hash, signature, publicKey, ...unsigned } = a;
  assert.equal(
    canonicalJson(unsigned),
    `{"acuHashes":["${HASH_A}","${HASH_B}"],"conversationId":"${given.conversationId}","deletedAt":"${given.deletedAt}",` +
      `"messageCount":2,"method":"crypto-shred","ownerId":"ada","type":"tessera.deletion-receipt","version":1}`,
  );
});
