import { PUBLISHABLE_KEY_HEADER } from '../api/schema.js';
import type { ProviderProfile } from './providers/provider.js';

/** Where a call goes: its base URL, where the key really ends up, and headers the route adds. */
export interface Route {
  baseURL: string;
  /** The provider's own base URL behind the relay; the base URL itself otherwise. */
  upstreamBaseURL: string;
  headers?: Record<string, string>;
}

/** The hosted API's relay, for providers that refuse browser CORS. */
export interface RelaySettings {
  apiUrl: string;
  publishableKey: string;
}

// Browsers (and the vault frame, a browser page) enforce CORS; Node does not.
const inBrowser = () => typeof (globalThis as { document?: unknown }).document !== 'undefined';

/**
 * The route of a call or key check to a provider: through the relay in a browser when the
 * provider refuses CORS and the caller named no base URL of its own; else the base URL given or
 * the provider's. Undefined when there is nowhere to go (a server with no address of its own).
 */
export function routeFor(
  profile: ProviderProfile,
  baseURL: string | undefined,
  relay: RelaySettings | undefined,
): Route | undefined {
  if (!baseURL && profile.requiresRelayInBrowser === true && profile.baseURL && relay && inBrowser()) {
    const api = relay.apiUrl.endsWith('/') ? relay.apiUrl : `${relay.apiUrl}/`;
    return {
      baseURL: new URL(`v1/relay/${profile.id}`, api).href,
      upstreamBaseURL: profile.baseURL,
      headers: { [PUBLISHABLE_KEY_HEADER]: relay.publishableKey },
    };
  }
  const target = baseURL ?? profile.baseURL;
  return target ? { baseURL: target, upstreamBaseURL: target } : undefined;
}
