import {
  type Ed25519PublicJwk,
  parseSecretKey,
  USER_TOKEN_AUDIENCE,
  USER_TOKEN_CLOCK_TOLERANCE_SECONDS,
  USER_TOKEN_MAX_LIFETIME_SECONDS,
  userIdSchema,
} from '@tessera/core';
import { decodeJwt, decodeProtectedHeader, errors, importJWK, type JWTPayload, jwtVerify, SignJWT } from 'jose';

/** Why a user token was refused: `expired` lets a widget ask the partner's backend for a new one. */
export class UserTokenError extends Error {
  constructor(
    readonly reason: 'invalid' | 'expired',
    message: string,
  ) {
    super(message);
    this.name = 'UserTokenError';
  }
}

/** The keys a partner may have signed a user token with. */
export interface PartnerTokenKeys {
  /** The partner's secret keys still in force, in clear (for HS256). */
  secretKeys(): Promise<readonly string[]>;
  /** The partner's registered Ed25519 public keys still in force (for EdDSA). */
  publicKeys(): Promise<ReadonlyArray<Ed25519PublicJwk & { kid: string }>>;
}

/** The user a verified token speaks for. */
export interface VerifiedUser {
  partnerId: string;
  userId: string;
  expiresAt: number;
}

const encoder = new TextEncoder();

/**
 * Checks a user token for `partnerId`: signed with HS256 by one of the partner's secret keys, or
 * with EdDSA by one of its registered public keys; `iss` the partner, `aud` tessera, `sub` a user
 * id, `exp` in the future (2 s of tolerance) and at most 24 h after `iat` (or after now).
 *
 * @throws {UserTokenError} with a message that says what is wrong, never quoting the token.
 */
export async function verifyUserToken(
  token: string,
  partnerId: string,
  keys: PartnerTokenKeys,
  now: Date = new Date(),
): Promise<VerifiedUser> {
  let alg: string | undefined;
  let issuer: unknown;
  try {
    alg = decodeProtectedHeader(token).alg;
    issuer = decodeJwt(token).iss;
  } catch {
    throw new UserTokenError('invalid', 'The user token is not a JWT: send the token your backend minted, as is.');
  }
  if (issuer !== partnerId) {
    throw new UserTokenError(
      'invalid',
      "The user token was not issued for this publishable key's partner: its iss claim must be your partner id.",
    );
  }
  let candidates: Array<Uint8Array | CryptoKey>;
  if (alg === 'HS256') {
    candidates = (await keys.secretKeys()).map((key) => encoder.encode(key));
  } else if (alg === 'EdDSA') {
    const header = decodeProtectedHeader(token);
    const registered = (await keys.publicKeys()).filter((jwk) => header.kid === undefined || jwk.kid === header.kid);
    candidates = await Promise.all(registered.map(async (jwk) => (await importJWK(jwk, 'EdDSA')) as CryptoKey));
  } else {
    throw new UserTokenError(
      'invalid',
      `User tokens are signed with HS256 (a secret key) or EdDSA (a registered public key), not ${alg ?? 'nothing'}.`,
    );
  }

  let payload: JWTPayload | undefined;
  for (const key of candidates) {
    try {
      ({ payload } = await jwtVerify(token, key, {
        algorithms: [alg],
        issuer: partnerId,
        audience: USER_TOKEN_AUDIENCE,
        clockTolerance: USER_TOKEN_CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'sub'],
        currentDate: now,
      }));
      break;
    } catch (error) {
      if (error instanceof errors.JWSSignatureVerificationFailed) continue;
      throw describe(error);
    }
  }
  if (!payload) {
    throw new UserTokenError(
      'invalid',
      alg === 'HS256'
        ? "The user token's signature does not match any of the partner's secret keys in force: mint it with a current secret key."
        : "The user token's signature does not match any of the partner's registered public keys in force.",
    );
  }
  const exp = payload.exp as number;
  const start = typeof payload.iat === 'number' ? payload.iat : Math.floor(now.getTime() / 1000);
  if (exp - start > USER_TOKEN_MAX_LIFETIME_SECONDS + USER_TOKEN_CLOCK_TOLERANCE_SECONDS) {
    throw new UserTokenError(
      'invalid',
      `The user token lives too long: user tokens are short-lived, at most ${USER_TOKEN_MAX_LIFETIME_SECONDS} s from iat to exp.`,
    );
  }
  const sub = userIdSchema.safeParse(payload.sub);
  if (!sub.success) {
    throw new UserTokenError('invalid', `The user token's sub claim is not a user id: ${sub.error.issues[0]?.message}`);
  }
  return { partnerId, userId: sub.data, expiresAt: exp };
}

function describe(error: unknown): UserTokenError {
  if (error instanceof errors.JWTExpired) {
    return new UserTokenError('expired', 'The user token has expired: get a new one from your backend.');
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new UserTokenError('invalid', `The user token's ${error.claim} claim is not acceptable: ${error.reason}.`);
  }
  return new UserTokenError('invalid', 'The user token could not be verified: check how your backend mints it.');
}

/** Options of {@link mintUserToken}. */
export interface MintUserTokenOptions {
  /** The partner's secret key (`sk_…`); the partner id (`iss`) is read from it. */
  secretKey: string;
  userId: string;
  /** Lifetime in seconds; 15 minutes by default, 24 h at most. */
  ttlSeconds?: number;
  now?: Date;
}

/**
 * Mints a user token the way a partner's backend does (HS256 with a secret key), for development
 * and tests. Partners mint their own with any JWT library.
 */
export async function mintUserToken(options: MintUserTokenOptions): Promise<string> {
  const parsed = parseSecretKey(options.secretKey);
  if (!parsed) throw new Error('That is not a secret key: it looks like sk_live_<partner id>_<random>.');
  const userId = userIdSchema.safeParse(options.userId);
  if (!userId.success) throw new Error(userId.error.issues[0]?.message ?? 'Not a user id.');
  const ttl = options.ttlSeconds ?? 15 * 60;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > USER_TOKEN_MAX_LIFETIME_SECONDS) {
    throw new Error(`The lifetime must be a whole number of seconds from 1 to ${USER_TOKEN_MAX_LIFETIME_SECONDS}.`);
  }
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(parsed.partnerId)
    .setSubject(userId.data)
    .setAudience(USER_TOKEN_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttl)
    .sign(encoder.encode(options.secretKey));
}
