import type { MiddlewareHandler } from 'hono';
import { UserTokenError, verifyUserToken } from '../auth/user-token.js';
import type { Database } from '../db/database.js';
import { publicKeysInForce, secretKeysInForce } from '../partners/keys.js';
import type { MasterKey } from '../secrets/master-key.js';
import type { AppEnv } from './context.js';
import { ApiError, startingError } from './errors.js';
import type { Logger } from './logger.js';
import type { RateLimiter } from './rate-limit.js';

/** What {@link userAuth} needs. */
export interface UserAuthOptions {
  getDb: () => Database | undefined;
  masterKey: () => MasterKey | undefined;
  limiter?: RateLimiter;
  logger: Logger;
  /**
   * A sentence added to the refusals of a missing or malformed token, for routes where clients
   * might send something else in `Authorization` (the relay, where a provider key used to go).
   */
  hint?: string;
}

/**
 * Guards user-scoped routes (after `partnerAuth`: the vault and the relay): requires
 * `Authorization: Bearer <user token>`, a JWT of the publishable key's partner (see
 * `verifyUserToken`). The user is then in `c.var.user`, and the request is counted against the
 * user's rate limit. Every refusal is a 401 whose code says
 * whether to fetch a new token (`expired_user_token`) or to fix how it is minted.
 */
export function userAuth(options: UserAuthOptions): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const db = options.getDb();
    if (!db) throw startingError();
    const partner = c.get('partner');
    const header = c.req.header('Authorization');
    const match = header ? /^Bearer[ ]+([^\s]+)\s*$/i.exec(header) : null;
    const hint = options.hint ? ` ${options.hint}` : '';
    if (!match?.[1]) {
      throw new ApiError(
        401,
        'missing_user_token',
        `This route needs the user's token: send it as Authorization: Bearer <token> (your backend mints it for the signed-in user).${hint}`,
      );
    }
    const masterKey = options.masterKey();
    let user: Awaited<ReturnType<typeof verifyUserToken>>;
    try {
      user = await verifyUserToken(match[1], partner.id, {
        secretKeys: async () => {
          if (!masterKey) {
            options.logger.error('master_key_missing', { requestId: c.get('requestId') });
            throw new ApiError(
              503,
              'not_configured',
              'This server has no master key, so it cannot check tokens signed with a secret key.',
            );
          }
          return secretKeysInForce(db, masterKey, partner.id);
        },
        publicKeys: () => publicKeysInForce(db, partner.id),
      });
    } catch (error) {
      if (!(error instanceof UserTokenError)) throw error;
      if (error.reason === 'expired') throw new ApiError(401, 'expired_user_token', error.message);
      throw new ApiError(401, 'invalid_user_token', `${error.message}${hint}`);
    }
    options.limiter?.user(partner, user.userId);
    c.set('user', { id: user.userId });
    await next();
  };
}
