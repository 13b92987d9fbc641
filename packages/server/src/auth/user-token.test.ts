import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { newSecretKey } from '../partners/keys.js';
import { mintUserToken, type PartnerTokenKeys, UserTokenError, verifyUserToken } from './user-token.js';

const PARTNER = 'acme-x1';
const secretKey = newSecretKey('test', PARTNER);
const hsKeys: PartnerTokenKeys = { secretKeys: async () => [secretKey], publicKeys: async () => [] };

async function refusal(promise: Promise<unknown>): Promise<UserTokenError> {
  const error = await promise.then(
    () => assert.fail('the token was accepted'),
    (reason: unknown) => reason,
  );
  assert.ok(error instanceof UserTokenError, String(error));
  return error;
}

describe('user tokens', () => {
  it('mints an HS256 token offline (iss from the secret key) that verifies', async () => {
    const token = await mintUserToken({ secretKey, userId: 'user-1', ttlSeconds: 60 });
    const user = await verifyUserToken(token, PARTNER, hsKeys);
    assert.equal(user.userId, 'user-1');
    assert.equal(user.partnerId, PARTNER);
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    assert.deepEqual(Object.keys(claims).sort(), ['aud', 'exp', 'iat', 'iss', 'sub']);
    assert.equal(claims.aud, 'tessera');
    assert.equal(claims.exp - claims.iat, 60);
  });

  it('tolerates at most 2 s of clock difference on exp', async () => {
    const token = await mintUserToken({ secretKey, userId: 'u', ttlSeconds: 60, now: new Date(0) });
    // exp is 60 s: accepted until 2 s past it, refused from then on.
    await verifyUserToken(token, PARTNER, hsKeys, new Date(61_000));
    await verifyUserToken(token, PARTNER, hsKeys, new Date(61_999));
    const late = await refusal(verifyUserToken(token, PARTNER, hsKeys, new Date(62_000)));
    assert.equal(late.reason, 'expired');
  });

  it('accepts any secret key in force (rotation), and refuses one signed by another key', async () => {
    const next = newSecretKey('test', PARTNER);
    const token = await mintUserToken({ secretKey: next, userId: 'u' });
    await verifyUserToken(token, PARTNER, { ...hsKeys, secretKeys: async () => [secretKey, next] });
    const forged = await refusal(verifyUserToken(token, PARTNER, hsKeys));
    assert.equal(forged.reason, 'invalid');
    assert.match(forged.message, /signature/);
  });

  it('refuses another partner, audience, no exp, too long a life, a bad sub, and alg none', async () => {
    const sign = (build: (jwt: SignJWT) => SignJWT) =>
      build(new SignJWT({}).setProtectedHeader({ alg: 'HS256' })).sign(new TextEncoder().encode(secretKey));
    const cases = {
      otherIssuer: await sign((j) =>
        j.setIssuer('other').setSubject('u').setAudience('tessera').setExpirationTime('1m'),
      ),
      otherAudience: await sign((j) => j.setIssuer(PARTNER).setSubject('u').setAudience('x').setExpirationTime('1m')),
      noExpiry: await sign((j) => j.setIssuer(PARTNER).setSubject('u').setAudience('tessera')),
      noSubject: await sign((j) => j.setIssuer(PARTNER).setAudience('tessera').setExpirationTime('1m')),
      tooLong: await sign((j) =>
        j.setIssuer(PARTNER).setSubject('u').setAudience('tessera').setIssuedAt().setExpirationTime('25h'),
      ),
      controlInSub: await sign((j) =>
        j.setIssuer(PARTNER).setSubject('a\u0000b').setAudience('tessera').setExpirationTime('1m'),
      ),
      none: `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
        JSON.stringify({ iss: PARTNER, sub: 'u', aud: 'tessera', exp: 9_999_999_999 }),
      ).toString('base64url')}.`,
      notAJwt: 'abc',
    };
    for (const [name, token] of Object.entries(cases)) {
      const error = await refusal(verifyUserToken(token, PARTNER, hsKeys));
      assert.equal(error.reason, 'invalid', name);
    }
  });

  it('verifies EdDSA tokens against registered public keys, by kid or by trying each', async () => {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const jwk = await exportJWK(publicKey);
    const keys: PartnerTokenKeys = {
      secretKeys: async () => [],
      publicKeys: async () => [{ kty: 'OKP', crv: 'Ed25519', x: jwk.x as string, kid: 'k1' }],
    };
    const sign = (kid?: string) =>
      new SignJWT({})
        .setProtectedHeader({ alg: 'EdDSA', ...(kid ? { kid } : {}) })
        .setIssuer(PARTNER)
        .setSubject('user-9')
        .setAudience('tessera')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey);
    assert.equal((await verifyUserToken(await sign('k1'), PARTNER, keys)).userId, 'user-9');
    assert.equal((await verifyUserToken(await sign(), PARTNER, keys)).userId, 'user-9');
    assert.equal((await refusal(verifyUserToken(await sign('k2'), PARTNER, keys))).reason, 'invalid');
    const other = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const foreign = await new SignJWT({})
      .setProtectedHeader({ alg: 'EdDSA' })
      .setIssuer(PARTNER)
      .setSubject('u')
      .setAudience('tessera')
      .setExpirationTime('1m')
      .sign(other.privateKey);
    assert.equal((await refusal(verifyUserToken(foreign, PARTNER, keys))).reason, 'invalid');
  });

  it('refuses to mint with something that is not a secret key, or a lifetime over 24 h', async () => {
    await assert.rejects(mintUserToken({ secretKey: 'pk_test_abc', userId: 'u' }), /not a secret key/);
    await assert.rejects(mintUserToken({ secretKey, userId: 'u', ttlSeconds: 86_401 }), /lifetime/);
    await assert.rejects(mintUserToken({ secretKey, userId: '' }), /empty/);
  });
});
