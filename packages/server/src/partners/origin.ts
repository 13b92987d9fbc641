/**
 * Brings an origin to the form browsers send in the `Origin` header (lower-case scheme and host,
 * no default port, no path), so stored origins compare equal to request headers.
 *
 * @throws {Error} when `origin` is not an http(s) origin; `null` origins (files, sandboxed frames)
 * cannot be allowed, since every such page would share them.
 */
export function normalizeOrigin(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new Error(`"${origin}" is not an origin: write it like https://app.example.com.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`"${origin}" is not an http(s) origin: write it like https://app.example.com.`);
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password) {
    throw new Error(`"${origin}" has more than an origin: keep only the scheme, host and port.`);
  }
  return url.origin;
}
