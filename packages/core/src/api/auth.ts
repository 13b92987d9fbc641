import * as z from 'zod/mini';

/** The `aud` claim of every user token: tokens minted for anything else are refused. */
export const USER_TOKEN_AUDIENCE = 'tessera';

/** The most clock difference, in seconds, tolerated when checking a user token's `exp` and `nbf`. */
export const USER_TOKEN_CLOCK_TOLERANCE_SECONDS = 2;

/** The longest a user token may live, in seconds (from `iat`, or from now when there is none). */
export const USER_TOKEN_MAX_LIFETIME_SECONDS = 24 * 60 * 60;

/** A partner id: lowercase letters, digits and dashes, as in `acme-3k9x2q`. */
export const partnerIdSchema = z
  .string()
  .check(
    z.regex(
      /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/,
      'A partner id is 1 to 64 lowercase letters, digits and dashes, starting and ending with a letter or digit.',
    ),
  );

/** An end user's id inside a partner (the token's `sub`): the partner's own identifier for the user. */
export const userIdSchema = z
  .string()
  .check(
    z.minLength(1, 'The user id (sub) cannot be empty.'),
    z.maxLength(256, 'The user id (sub) is at most 256 characters.'),
    z.regex(/^[^\p{Cc}]*$/u, 'The user id (sub) cannot contain control characters.'),
  );

const SECRET_KEY = /^sk_(live|test)_([a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)_([A-Za-z0-9]{32,64})$/;

/**
 * A partner's secret key: `sk_<live|test>_<partnerId>_<random>`. It embeds the partner id so a
 * partner's backend can mint user tokens offline; it is for servers only, never for a page.
 */
export const secretKeySchema = z
  .string()
  .check(
    z.regex(SECRET_KEY, 'A secret key looks like sk_live_<partner id>_<random> or sk_test_<partner id>_<random>.'),
  );

/** The parts of a secret key, or undefined when `key` is not one. */
export function parseSecretKey(key: string): { mode: 'live' | 'test'; partnerId: string } | undefined {
  const match = SECRET_KEY.exec(key);
  if (!match) return undefined;
  return { mode: match[1] as 'live' | 'test', partnerId: match[2] as string };
}

/**
 * The claims Tessera reads from a user token (a JWT the partner's backend mints for one end user,
 * HS256 with a secret key or EdDSA with a registered public key). Other claims are ignored.
 */
export const userTokenClaimsSchema = z.object({
  /** The partner id. */
  iss: partnerIdSchema,
  /** The user id, in the partner's own terms. */
  sub: userIdSchema,
  /** Must be (or include) `tessera`. */
  aud: z.union([z.literal(USER_TOKEN_AUDIENCE), z.array(z.string())]),
  /** Expiry, in seconds since the epoch. */
  exp: z.number(),
  iat: z.optional(z.number()),
});
export type UserTokenClaims = z.infer<typeof userTokenClaimsSchema>;

/** An Ed25519 public key in JWK form, which a partner registers to sign user tokens with EdDSA. */
export const ed25519PublicJwkSchema = z.strictObject({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  /** The public key, base64url (32 bytes). */
  x: z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/, 'x is the 32-byte public key in base64url (43 characters).')),
  kid: z.optional(
    z.string().check(z.regex(/^[A-Za-z0-9._-]{1,64}$/, 'kid is 1 to 64 letters, digits, ".", "_" or "-".')),
  ),
  alg: z.optional(z.literal('EdDSA')),
  use: z.optional(z.literal('sig')),
});
export type Ed25519PublicJwk = z.infer<typeof ed25519PublicJwkSchema>;
