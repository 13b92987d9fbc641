import { PUBLISHABLE_KEY_HEADER } from '@tessera/core';
import type { Context } from 'hono';
import { relayAllowedHeaders } from '../relay/relay-headers.js';
import { isRelayPath } from '../relay/relay-path.js';
import { ApiError } from './errors.js';
import { REQUEST_ID_HEADER } from './request-id.js';

/** Request headers a page may send to `/v1/*`. */
export const ALLOWED_HEADERS = [PUBLISHABLE_KEY_HEADER, 'Content-Type', 'Authorization'].join(', ');
/** On vault paths, also the conditional headers of optimistic concurrency. */
export const VAULT_ALLOWED_HEADERS = `${ALLOWED_HEADERS}, If-Match, If-None-Match`;
const VAULT_PREFIX = '/v1/vault/';
/**
 * Response headers a page may read besides the safelisted ones: the request id to report, the
 * vault's versions, and when to retry after a 429 or 503.
 */
export const EXPOSED_HEADERS = [REQUEST_ID_HEADER, 'ETag', 'Retry-After'].join(', ');
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
  c.header('Access-Control-Expose-Headers', EXPOSED_HEADERS);
}

/**
 * Lets the page that sent a refused `/v1` request read why. Without it a 401 or 403 reaches the
 * page as an opaque network error, and the widget cannot say "add this origin" or "the token
 * expired". Safe because an error body holds nothing but the code, a message about the request
 * itself and the request id (never partner data, never a key), and because credentials are never
 * allowed (no `Access-Control-Allow-Credentials`: the API uses no cookies). Called for error
 * responses only; a successful response still requires an origin the partner allows.
 */
export function exposeErrorToOrigin(c: Context): void {
  const origin = c.req.header('Origin');
  if (!origin || !isHttpOrigin(origin)) return;
  if (!c.res.headers.has('Access-Control-Allow-Origin')) {
    c.res.headers.set('Access-Control-Allow-Origin', origin);
    c.res.headers.set('Access-Control-Expose-Headers', EXPOSED_HEADERS);
  }
  const vary = c.res.headers.get('Vary');
  if (!vary?.split(',').some((name) => name.trim().toLowerCase() === 'origin')) {
    c.res.headers.set('Vary', vary ? `${vary}, Origin` : 'Origin');
  }
}

/** Whether `origin` is a serialized http(s) origin (not `null`, not a URL with a path). */
function isHttpOrigin(origin: string): boolean {
  return /^https?:\/\/[^/?#\s]+$/i.test(origin);
}

/**
 * Answers a CORS preflight. A preflight carries no publishable key (browsers never send custom
 * headers on it), so the partner is unknown, and it is answered for any http(s) origin: it grants
 * nothing by itself, because the real request is checked against its own partner's allowed origins
 * before anything is read or written, and refused with a 403 the page can read ("add this origin").
 * Refusing the preflight instead would turn the most common setup mistake, a site not yet on the
 * list, into an opaque network error. A preflight without an http(s) Origin gets a 403.
 */
export function answerPreflight(c: Context): Response {
  const origin = c.req.header('Origin');
  if (!origin || !isHttpOrigin(origin)) {
    throw new ApiError(
      403,
      'origin_not_allowed',
      origin
        ? `The origin ${origin} cannot be allowed: only http(s) pages can call the API.`
        : 'A preflight request needs an Origin header.',
    );
  }
  allowOrigin(c, origin);
  c.header('Access-Control-Allow-Methods', ALLOWED_METHODS);
  // Relay requests also carry the provider's own headers (its key header, Anthropic's versions).
  const pathname = new URL(c.req.url).pathname;
  c.header(
    'Access-Control-Allow-Headers',
    isRelayPath(pathname)
      ? relayAllowedHeaders()
      : pathname.startsWith(VAULT_PREFIX)
        ? VAULT_ALLOWED_HEADERS
        : ALLOWED_HEADERS,
  );
  c.header('Access-Control-Max-Age', PREFLIGHT_MAX_AGE_SECONDS);
  return c.body(null, 204);
}
