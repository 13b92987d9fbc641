import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TesseraError } from '../errors/tessera-error.js';
import { fromBase64Url, toBase64Url, utf8 } from './bytes.js';
import { createAcu } from './create.js';
import { userDraft } from './fixtures/drafts.js';
import {
  AcuKeySet,
  exportPublicKey,
  generateSigner,
  jwkThumbprint,
  parsePublicKey,
  publicKeyFromJwk,
  signerFromKeyPair,
  verifySignature,
} from './signing.js';
import { verifyAcu } from './verify.js';

// RFC 8037 appendix A: the Ed25519 test key, its thumbprint (A.3) and a signature (A.4).
const RFC8037_PUBLIC = { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' } as const;
const RFC8037_THUMBPRINT = 'kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k';
const RFC8037_SIGNING_INPUT = 'eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc';
const RFC8037_SIGNATURE = 'hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg';

describe('key ids are RFC 7638 JWK thumbprints', () => {
  test('RFC 8037 A.3 vector', async () => {
    assert.equal(await jwkThumbprint(RFC8037_PUBLIC), RFC8037_THUMBPRINT);
  });

  test('only the required members count (key_ops, ext, alg do not)', async () => {
    const signer = await generateSigner('u', { algorithm: 'ECDSA-P256' });
    const exported = await crypto.subtle.exportKey('jwk', signer.keyPair.publicKey);
    assert.ok(exported.key_ops && exported.ext !== undefined);
    const record = await publicKeyFromJwk('u', exported);
    assert.equal(record.keyId, signer.keyId);
    assert.deepEqual(Object.keys(record.jwk).sort(), ['crv', 'kty', 'x', 'y']);
  });
});

describe('signers', () => {
  test('auto picks Ed25519 on Node 20, with a non-extractable private key', async () => {
    const signer = await generateSigner('user-ada');
    assert.equal(signer.algorithm, 'Ed25519');
    assert.equal(signer.keyPair.privateKey.extractable, false);
    await assert.rejects(crypto.subtle.exportKey('jwk', signer.keyPair.privateKey));
    assert.equal(signer.keyId.length, 43);
    assert.equal(signer.publicKey.ownerId, 'user-ada');
  });

  test('ECDSA P-256 can be forced (the fallback path)', async () => {
    const signer = await generateSigner('user-ada', { algorithm: 'ECDSA-P256' });
    assert.equal(signer.algorithm, 'ECDSA-P256');
    assert.equal(signer.keyPair.privateKey.extractable, false);
    assert.equal(signer.publicKey.jwk.kty, 'EC');
    const signature = await signer.sign(utf8('x'));
    assert.equal(signature.length, 64, 'IEEE P1363 r || s');
  });

  test('an unknown algorithm is a validation error', async () => {
    await assert.rejects(
      generateSigner('u', { algorithm: 'RSA' as never }),
      (error: unknown) => error instanceof TesseraError && error.code === 'validation',
    );
  });

  test('a signer comes back from a persisted key pair with the same key id', async () => {
    const signer = await generateSigner('user-ada');
    const persisted = structuredClone(signer.keyPair); // what IndexedDB does with it
    const revived = await signerFromKeyPair('user-ada', persisted);
    assert.equal(revived.keyId, signer.keyId);
    const acu = await createAcu(userDraft(), { signer: revived });
    assert.deepEqual(await verifyAcu(acu, [signer.publicKey]), { ok: true });
  });

  test('halves of two different key pairs are refused', async () => {
    const a = await generateSigner('u');
    const b = await generateSigner('u');
    await assert.rejects(
      signerFromKeyPair('u', { privateKey: a.keyPair.privateKey, publicKey: b.keyPair.publicKey }),
      /do not belong together/,
    );
  });

  test('an owner id is required', async () => {
    await assert.rejects(generateSigner(''), (error: unknown) => error instanceof TesseraError);
  });
});

describe('public keys for anyone to verify with', () => {
  test('export, JSON, parse, verify: round trip for both algorithms', async () => {
    for (const algorithm of ['Ed25519', 'ECDSA-P256'] as const) {
      const signer = await generateSigner('user-ada', { algorithm });
      const published = JSON.stringify(exportPublicKey(signer));
      const acu = await createAcu(userDraft(), { signer });
      assert.deepEqual(await verifyAcu(acu, [parsePublicKey(JSON.parse(published))]), { ok: true });
    }
  });

  test('RFC 8037 A.4 signature verifies with the published key', async () => {
    const record = await publicKeyFromJwk('rfc', RFC8037_PUBLIC);
    assert.equal(record.keyId, RFC8037_THUMBPRINT);
    const imported = await new AcuKeySet([record]).importKey(record.keyId);
    assert.ok(imported && 'key' in imported);
    const signature = fromBase64Url(RFC8037_SIGNATURE)!;
    assert.equal(await verifySignature(imported.key, 'Ed25519', signature, utf8(RFC8037_SIGNING_INPUT)), true);
    assert.equal(await verifySignature(imported.key, 'Ed25519', signature, utf8(`${RFC8037_SIGNING_INPUT}.`)), false);
  });

  test('a key registered under another key id is not trusted', async () => {
    const signer = await generateSigner('user-ada');
    const other = await generateSigner('user-ada');
    const acu = await createAcu(userDraft(), { signer });
    const swapped = { ...signer.publicKey, jwk: other.publicKey.jwk };
    const result = await verifyAcu(acu, [swapped]);
    assert.equal(!result.ok && result.reason, 'unknown-signer');
    assert.match(!result.ok ? result.message : '', /thumbprint/);
  });

  test('a key set refuses one key id with two owners', async () => {
    const signer = await generateSigner('user-ada');
    const keys = new AcuKeySet([signer.publicKey]);
    keys.add(signer.publicKey);
    assert.equal(keys.size, 1);
    assert.throws(() => keys.add({ ...signer.publicKey, ownerId: 'mallory' }), TesseraError);
  });

  test('a private key member pasted by mistake is dropped from the record', () => {
    const record = parsePublicKey({
      keyId: RFC8037_THUMBPRINT,
      ownerId: 'rfc',
      algorithm: 'Ed25519',
      jwk: { ...RFC8037_PUBLIC, d: 'nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A' },
    });
    assert.equal('d' in record.jwk, false);
  });

  test('algorithm and key type must agree', () => {
    assert.throws(
      () => parsePublicKey({ keyId: RFC8037_THUMBPRINT, ownerId: 'rfc', algorithm: 'ECDSA-P256', jwk: RFC8037_PUBLIC }),
      /jwk/,
    );
  });
});

test('base64url helpers round-trip every byte value and reject junk', () => {
  const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
  for (let length = 0; length < 8; length++) {
    const slice = bytes.slice(250 - length);
    assert.deepEqual(fromBase64Url(toBase64Url(slice)), slice);
  }
  assert.equal(toBase64Url(bytes), Buffer.from(bytes).toString('base64url'));
  assert.equal(fromBase64Url('a+b/'), undefined);
  assert.equal(fromBase64Url('abcde'), undefined);
});
