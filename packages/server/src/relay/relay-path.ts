/** Where the relay is mounted; a relayed path is `${RELAY_MOUNT}/{providerId}/{provider path}`. */
export const RELAY_MOUNT = '/v1/relay';

/** Whether a request path is a relay path (CORS uses it to allow the providers' own headers). */
export function isRelayPath(pathname: string): boolean {
  return pathname.startsWith(`${RELAY_MOUNT}/`);
}

/** A relay path taken apart. */
export type RelayPath =
  | { ok: true; providerId: string; segments: string[] }
  | { ok: false; reason: 'unknown_provider' }
  | { ok: false; reason: 'invalid_path' };

const PROVIDER_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
// What a provider's API path segment is made of: names, versions, model ids and Gemini's
// `model:method`. Deliberately no `%` (double encoding), `/` or `\` (encoded separators), `?`, `#`,
// `@`, spaces or control characters.
const SEGMENT = /^[A-Za-z0-9._~:+,=-]+$/;
const MAX_SEGMENTS = 32;
const MAX_PATH_LENGTH = 2048;

/**
 * Splits `/v1/relay/{providerId}/{path}` (a URL's pathname, still percent-encoded) into the provider
 * id and the path's segments, decoded. Refuses empty segments (`//`, so no scheme-relative or
 * absolute URL fits), `.` and `..` in any encoding, encoded separators and anything outside a plain
 * alphabet: the path can only ever name a resource under the provider's base URL.
 */
export function parseRelayPath(pathname: string): RelayPath {
  if (!isRelayPath(pathname)) return { ok: false, reason: 'invalid_path' };
  const rest = pathname.slice(RELAY_MOUNT.length + 1);
  const slash = rest.indexOf('/');
  const rawId = slash === -1 ? rest : rest.slice(0, slash);
  if (!PROVIDER_ID.test(rawId)) return { ok: false, reason: 'unknown_provider' };
  if (slash === -1) return { ok: false, reason: 'invalid_path' };

  const rawPath = rest.slice(slash + 1);
  if (rawPath.length === 0 || rawPath.length > MAX_PATH_LENGTH) return { ok: false, reason: 'invalid_path' };
  const rawSegments = rawPath.split('/');
  if (rawSegments.length > MAX_SEGMENTS) return { ok: false, reason: 'invalid_path' };
  const segments: string[] = [];
  for (const raw of rawSegments) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { ok: false, reason: 'invalid_path' };
    }
    if (!SEGMENT.test(segment) || segment === '.' || segment === '..') return { ok: false, reason: 'invalid_path' };
    segments.push(segment);
  }
  return { ok: true, providerId: rawId, segments };
}
