import { PUBLISHABLE_KEY_HEADER } from '@tessera/core';
import type { Context } from 'hono';
import type { Database } from '../db/database.js';
import { isOriginOfAnyPartner } from '../partners/repository.js';
import { relayAllowedHeaders } from '../relay/relay-headers.js';
import { isRelayPath } from '../relay/relay-path.js';
import { ApiError } from './errors.js';
import { REQUEST_ID_HEADER } from './request-id.js';

/** Request headers a page may send to `/v1/*`. */
export const ALLOWED_HEADERS = [PUBLISHABLE_KEY_HEADER, 'Content-Type', 'Authorization'].join(', ');
// The methods the API's surfaces will use (config reads now; vault sync and consent writes next),
// listed once here so a new route does not fail its preflight for a forgotten method.
const ALLOWED_METHODS = 'GET, POST, PUT, PATCH, DELETE';
// Long enough that a chat does not preflight every request; short enough that removing an origin
// takes effect within minutes.
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/**
 * Lets the page at `origin` read this response. Called only once the origin is known to be allowed:
 * the origin is reflected rather than `*` so that a publishable key copied to another site is useless
 * there.
 */
export function allowOrigin(c: Context, origin: string): void {
  c.header('Access-Control-Allow-Origin', origin);
  c.header('Access-Control-Expose-Headers', REQUEST_ID_HEADER);
}

/**
 * Answers a CORS preflight. A preflight carries no publishable key (browsers never send custom
 * headers on it), so the partner is unknown; the origin is allowed through when it belongs to any
 * partner, and the real request is then checked against its own partner's list. An unknown origin
 * gets a 403 with an error body rather than a bare 204, so someone looking at the network panel sees
 * why.
 */
export async function answerPreflight(c: Context, db: Database): Promise<Response> {
  const origin = c.req.header('Origin');
  if (!origin || !(await isOriginOfAnyPartner(db, origin))) {
    throw new ApiError(
      403,
      'origin_not_allowed',
      origin
        ? `The origin ${origin} is not allowed for any partner: add it to your partner's allowed origins.`
        : 'A preflight request needs an Origin header.',
    );
  }
  allowOrigin(c, origin);
  c.header('Access-Control-Allow-Methods', ALLOWED_METHODS);
  // Relay requests also carry the provider's own headers (its key header, Anthropic's versions).
  c.header(
    'Access-Control-Allow-Headers',
    isRelayPath(new URL(c.req.url).pathname) ? relayAllowedHeaders() : ALLOWED_HEADERS,
  );
  c.header('Access-Control-Max-Age', PREFLIGHT_MAX_AGE_SECONDS);
  return c.body(null, 204);
}
