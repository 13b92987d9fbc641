import { publishableKeySchema } from '@tessera/core';
import { Hono } from 'hono';
import type { Database } from '../db/database.js';
import { findPartnerByPublishableKey } from '../partners/repository.js';
import type { AppEnv } from './context.js';
import { ApiError, startingError } from './errors.js';

/** Where the vault frame lives; widgets load it from the API's origin. */
export const VAULT_FRAME_PATH = '/vault/frame.html';

const FRAME_HTML =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tessera key vault</title>' +
  '<script type="module" src="/widgets/chunks/vault-frame.js"></script></head><body></body></html>';

/**
 * The vault frame page. Only the partner's own origins may embed it (`frame-ancestors` from the
 * publishable key's allowlist), so no other site can frame it and ask it to spend a user's keys.
 * It runs only this server's script, and reaches providers directly or through the relay.
 */
export function vaultFrameRoutes(getDb: () => Database | undefined): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get(VAULT_FRAME_PATH, async (c) => {
    const db = getDb();
    if (!db) throw startingError();
    const key = c.req.query('pk') ?? '';
    const partner = publishableKeySchema.safeParse(key).success
      ? await findPartnerByPublishableKey(db, key)
      : undefined;
    if (!partner) {
      throw new ApiError(
        401,
        'invalid_publishable_key',
        'The vault frame needs a known publishable key in its pk parameter.',
      );
    }
    const ancestors = partner.allowedOrigins.length > 0 ? partner.allowedOrigins.join(' ') : "'none'";
    c.header(
      'Content-Security-Policy',
      [
        "default-src 'none'",
        "script-src 'self'",
        "connect-src 'self' http: https:",
        `frame-ancestors ${ancestors}`,
        "base-uri 'none'",
        "object-src 'none'",
      ].join('; '),
    );
    c.header('Cache-Control', 'no-store');
    return c.html(FRAME_HTML);
  });
  return app;
}
