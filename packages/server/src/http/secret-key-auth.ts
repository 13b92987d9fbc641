import type { MiddlewareHandler } from 'hono';
import type { Database } from '../db/database.js';
import { findPartnerBySecretKey } from '../partners/keys.js';
import type { MasterKey } from '../secrets/master-key.js';
import type { AppEnv } from './context.js';
import { ApiError, startingError } from './errors.js';
import type { RateLimiter } from './rate-limit.js';

/**
 * Guards the server-to-server API: requires `Authorization: Bearer sk_…`, a secret key in force.
 * A request from a page (any `Origin`, or a preflight) is refused: a secret key in a page is a
 * leaked key, and saying so is better than letting it work.
 */
export function secretKeyAuth(options: {
  getDb: () => Database | undefined;
  masterKey: () => MasterKey | undefined;
  limiter?: RateLimiter;
}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.header('Cache-Control', 'no-store');
    if (c.req.method === 'OPTIONS' || c.req.header('Origin') !== undefined) {
      throw new ApiError(
        403,
        'secret_key_in_browser',
        'The partner API is for your servers only: never put a secret key in a page. If one was exposed, rotate it with `tessera partner rotate-key`.',
      );
    }
    const db = options.getDb();
    if (!db) throw startingError();
    const header = c.req.header('Authorization');
    const match = header ? /^Bearer[ ]+([^\s]+)\s*$/i.exec(header) : null;
    if (!match?.[1]) {
      throw new ApiError(
        401,
        'missing_secret_key',
        'Send your secret key as Authorization: Bearer sk_live_… (or sk_test_…).',
      );
    }
    const masterKey = options.masterKey();
    if (!masterKey) {
      throw new ApiError(503, 'not_configured', 'This server has no master key, so it cannot check secret keys.');
    }
    const partner = await findPartnerBySecretKey(db, masterKey, match[1]);
    if (!partner) {
      throw new ApiError(
        401,
        'invalid_secret_key',
        'This secret key is not known, or no longer in force: use a current key (see `tessera partner list`).',
      );
    }
    options.limiter?.partner(partner, 'secret_key');
    c.set('partner', partner);
    await next();
  };
}
