import { isIP } from 'node:net';
import { type ProviderProfile, ProviderRegistry } from '@tessera/core';

/**
 * The provider profiles the relay knows, read from core's registry when the app is created, so a
 * profile added there is relayed without a change here.
 */
export function registryProfiles(): ProviderProfile[] {
  return new ProviderRegistry().profiles();
}

// Names that only ever point at the machine the server runs on or at its private network.
const LOCAL_HOSTNAME = /(^|\.)(localhost|local|internal|home\.arpa)$/i;

/**
 * The base URL the relay may call for a profile: its default `baseURL`, when that is a public
 * `https` address (a DNS name, no IP literal, no credentials, no query). Everything else, a
 * profile without a default address (openai-compatible) or one pointing at a local server
 * (Ollama's `http://localhost:11434`), is not relayed: the relay must never reach the server's own
 * machine or network on a page's behalf.
 */
export function publicUpstreamURL(profile: ProviderProfile): URL | undefined {
  if (!profile.baseURL) return undefined;
  let url: URL;
  try {
    url = new URL(profile.baseURL);
  } catch {
    return undefined;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const acceptable =
    url.protocol === 'https:' &&
    url.username === '' &&
    url.password === '' &&
    url.search === '' &&
    url.hash === '' &&
    isIP(host) === 0 &&
    !LOCAL_HOSTNAME.test(host.replace(/\.$/, ''));
  return acceptable ? url : undefined;
}

/**
 * The upstream URL of one relayed request: the base's origin and path, then the (already validated)
 * path segments, then the query. Built from parts, never by resolving a relative reference, and
 * checked afterwards, so nothing in the request can move it to another host or above the base path.
 */
export function upstreamRequestURL(base: URL, segments: readonly string[], search: string): URL {
  const basePath = base.pathname.replace(/\/+$/, '');
  const url = new URL(base.origin);
  url.pathname = `${basePath}/${segments.join('/')}`;
  url.search = search;
  if (url.origin !== base.origin || !url.pathname.startsWith(`${basePath}/`)) {
    throw new Error('The relay built an upstream URL outside its base.');
  }
  return url;
}
