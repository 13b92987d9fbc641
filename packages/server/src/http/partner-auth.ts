import { PUBLISHABLE_KEY_HEADER, publishableKeySchema } from '@tessera/core';
import type { MiddlewareHandler } from 'hono';
import type { Database } from '../db/database.js';
import { findPartnerByPublishableKey } from '../partners/repository.js';
import type { AppEnv } from './context.js';
import { allowOrigin, answerPreflight } from './cors.js';
import { ApiError, startingError } from './errors.js';
import type { RateLimiter } from './rate-limit.js';

/** Where the server-to-server API lives: it takes a secret key instead of a publishable key. */
export const SECRET_KEY_MOUNT = '/v1/partner';

/** Whether a path belongs to the server-to-server API. */
export function isSecretKeyPath(pathname: string): boolean {
  return pathname === SECRET_KEY_MOUNT || pathname.startsWith(`${SECRET_KEY_MOUNT}/`);
}

/**
 * Guards `/v1/*`: answers preflights, then requires a known publishable key, and, when the request
 * comes from a page (it has an `Origin`), an origin that partner allows. The partner is then in
 * `c.var.partner`, and the request is counted against the key's rate limit. Requests without
 * `Origin` (a partner's backend, curl) are not cross-origin, so there is no origin to check. The
 * server-to-server API (`/v1/partner`) has its own guard.
 */
export function partnerAuth(
  getDb: () => Database | undefined,
  limiter?: RateLimiter,
  publicOrigin?: string,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (isSecretKeyPath(new URL(c.req.url).pathname)) return next();
    // Every /v1 answer depends on Origin, so caches must not hand one origin's answer to another.
    c.header('Vary', 'Origin');
    if (c.req.method === 'OPTIONS') return answerPreflight(c);
    const db = getDb();
    if (!db) throw startingError();

    const key = c.req.header(PUBLISHABLE_KEY_HEADER);
    if (!key) {
      throw new ApiError(
        401,
        'missing_publishable_key',
        `Send your publishable key (pk_live_... or pk_test_...) in the ${PUBLISHABLE_KEY_HEADER} header.`,
      );
    }
    // A malformed key cannot match, so it gets the same answer as an unknown one without a query.
    const partner = publishableKeySchema.safeParse(key).success
      ? await findPartnerByPublishableKey(db, key)
      : undefined;
    if (!partner) {
      throw new ApiError(
        401,
        'invalid_publishable_key',
        'This publishable key is not known: copy it again from your partner settings, and check that test and live keys are not mixed.',
      );
    }
    const origin = c.req.header('Origin');
    if (origin !== undefined) {
      // The vault frame runs on this server's own origin: its calls (the relay) are same-origin.
      // Behind a proxy that ends TLS the request URL is not what browsers see: publicOrigin is.
      const own = publicOrigin ?? new URL(c.req.url).origin;
      if (origin !== own && !partner.allowedOrigins.includes(origin)) {
        throw new ApiError(
          403,
          'origin_not_allowed',
          `The origin ${origin} is not allowed for this publishable key: add it to the partner's allowed origins.`,
        );
      }
      allowOrigin(c, origin);
    }
    limiter?.partner(partner, 'publishable_key');
    c.set('partner', partner);
    await next();
  };
}
