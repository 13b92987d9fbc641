import { PUBLISHABLE_KEY_HEADER, UPSTREAM_AUTHORIZATION_HEADER } from '@tessera/core';
import { registryProfiles } from './upstream-allowlist.js';

/**
 * Request headers the relay passes on besides the provider's own key header. Nothing else goes
 * upstream: not the publishable key, not cookies, not `Origin` or `Referer`, not the user token
 * (`Authorization`), not forwarding headers that would tell the provider about the page.
 */
export const RELAYED_REQUEST_HEADERS: readonly string[] = [
  'content-type',
  'accept',
  'anthropic-version',
  'anthropic-beta',
  'anthropic-dangerous-direct-browser-access',
];

/**
 * The headers of the upstream request: the allowlisted ones the client sent, with the key under
 * the profile's own auth header name (`Authorization`, `x-api-key`, `x-goog-api-key`). A key that
 * goes in `Authorization` arrives as `Tessera-Upstream-Authorization`, because the request's own
 * `Authorization` is the user token, which never goes upstream. The response is asked for
 * uncompressed so every chunk the provider writes can be passed on at once.
 */
export function upstreamRequestHeaders(incoming: Headers, authHeader: string): Headers {
  const headers = new Headers();
  const keyHeader = authHeader.toLowerCase();
  const key = incoming.get(keyHeader === 'authorization' ? UPSTREAM_AUTHORIZATION_HEADER : keyHeader);
  if (key !== null) headers.set(keyHeader, key);
  for (const name of RELAYED_REQUEST_HEADERS) {
    const value = incoming.get(name);
    if (value !== null) headers.set(name, value);
  }
  headers.set('accept-encoding', 'identity');
  return headers;
}

// Response headers a client needs: what the body is, when to retry, the provider's request id
// for support, and rate-limit state. Not `set-cookie`, not the provider's CORS or HSTS headers,
// not `location` (redirects are not followed), not framing headers.
const RELAYED_RESPONSE_HEADERS = new Set(['content-type', 'retry-after', 'retry-after-ms', 'request-id']);
const RELAYED_RESPONSE_PREFIXES = ['x-ratelimit-', 'anthropic-ratelimit-'];
/**
 * The provider's `x-request-id` is renamed: `X-Request-Id` is this server's own id of the request,
 * on every response.
 */
export const UPSTREAM_REQUEST_ID_HEADER = 'X-Upstream-Request-Id';

/** The upstream response headers a client gets, by name as sent to it. */
export function relayedResponseHeaders(upstream: Headers): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of upstream) {
    if (name === 'x-request-id') headers[UPSTREAM_REQUEST_ID_HEADER] = value;
    else if (RELAYED_RESPONSE_HEADERS.has(name) || RELAYED_RESPONSE_PREFIXES.some((p) => name.startsWith(p))) {
      headers[name] = value;
    }
  }
  return headers;
}

let preflightHeaders: string | undefined;

/**
 * The request headers a page may send to a relay path, for the CORS preflight: the API's own (the
 * user token's `Authorization`, and `Tessera-Upstream-Authorization` for a provider key that goes in
 * `Authorization`), the key header of every provider in core's registry, and the allowlisted
 * provider headers.
 */
export function relayAllowedHeaders(): string {
  if (preflightHeaders === undefined) {
    const names = [
      PUBLISHABLE_KEY_HEADER,
      'Content-Type',
      'Authorization',
      UPSTREAM_AUTHORIZATION_HEADER,
      'Accept',
      ...registryProfiles().map((profile) => profile.auth.header),
      ...RELAYED_REQUEST_HEADERS,
    ];
    const seen = new Set<string>();
    preflightHeaders = names
      .filter((name) => {
        const key = name.toLowerCase();
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .join(', ');
  }
  return preflightHeaders;
}
