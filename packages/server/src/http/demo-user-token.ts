import { Hono } from 'hono';
import * as z from 'zod/mini';
import { mintUserToken } from '../auth/user-token.js';
import type { RateBudget } from '../partners/tiers.js';
import type { AppEnv } from './context.js';
import { ApiError, startingError } from './errors.js';
import { TokenBuckets } from './rate-limit.js';
import { readJson } from './validation.js';

/** Where `tessera demo` mints user tokens for its page. */
export const DEMO_USER_TOKEN_PATH = '/demo/user-token';

/** How long a demo user token lives: 15 minutes, like a partner's would. */
export const DEMO_USER_TOKEN_TTL_SECONDS = 15 * 60;

/** The demo's budget for minting, shared by every caller: a page needs one token per 15 minutes. */
export const DEFAULT_DEMO_USER_TOKEN_RATE: RateBudget = { burst: 30, perSecond: 0.5 };

/** Options of the demo's token route, given to `createApp` as `demoUserToken` (only by `tessera demo`). */
export interface DemoUserTokenOptions {
  /** The demo partner's secret key the tokens are signed with; undefined until the demo has seeded it. */
  secretKey: () => string | undefined;
  /** How many tokens may be minted, by every caller together. */
  rate?: RateBudget;
  /** The clock of the rate limit, in ms (tests). */
  now?: () => number;
}

/**
 * The body the demo page sends: the id of an anonymous visitor, which the page makes at random and
 * keeps in its `localStorage` (no cookie). It becomes the token's user, so a visitor's requests
 * count against one user's rate limit.
 */
export const demoUserTokenRequestSchema = z.strictObject({
  visitorId: z
    .string()
    .check(z.regex(/^[A-Za-z0-9_-]{16,64}$/, 'The visitor id is 16 to 64 letters, digits, "_" or "-".')),
});

/** The answer: the token, and when it expires (seconds since the epoch). */
export interface DemoUserTokenResponse {
  token: string;
  expiresAt: number;
}

/**
 * `POST /demo/user-token`: the demo's stand-in for a partner's backend. It mints a user token of the
 * demo partner for an anonymous visitor, so the demo page can use user-scoped routes (the relay)
 * without a sign-in. Only `tessera demo` mounts it: a server holding real partners must never sign
 * tokens for whoever asks. A request from a page must come from this server's own origin.
 */
export function demoUserTokenRoutes(options: DemoUserTokenOptions & { publicOrigin?: string }): Hono<AppEnv> {
  const buckets = new TokenBuckets(options.now ? { now: options.now } : {});
  const rate = options.rate ?? DEFAULT_DEMO_USER_TOKEN_RATE;
  return new Hono<AppEnv>().post(DEMO_USER_TOKEN_PATH, async (c) => {
    c.header('Cache-Control', 'no-store');
    const origin = c.req.header('Origin');
    const own = options.publicOrigin ?? new URL(c.req.url).origin;
    if (origin !== undefined && origin !== own) {
      throw new ApiError(
        403,
        'origin_not_allowed',
        `Demo user tokens are only for the demo page on ${own}, not for ${origin}.`,
      );
    }
    const taken = buckets.take('demo_user_token', rate);
    if (!taken.ok) {
      throw new ApiError(
        429,
        'rate_limited',
        `Too many demo user tokens: retry in ${taken.retryAfterSeconds} s.`,
        { scope: 'demo_user_token', retryAfterSeconds: taken.retryAfterSeconds },
        { 'Retry-After': String(taken.retryAfterSeconds) },
      );
    }
    const { visitorId } = await readJson(c, demoUserTokenRequestSchema);
    const secretKey = options.secretKey();
    if (!secretKey) throw startingError();
    const now = new Date();
    const token = await mintUserToken({
      secretKey,
      userId: `demo-visitor-${visitorId}`,
      ttlSeconds: DEMO_USER_TOKEN_TTL_SECONDS,
      now,
    });
    const body: DemoUserTokenResponse = {
      token,
      expiresAt: Math.floor(now.getTime() / 1000) + DEMO_USER_TOKEN_TTL_SECONDS,
    };
    return c.json(body);
  });
}
