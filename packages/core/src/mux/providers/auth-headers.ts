import { PUBLISHABLE_KEY_HEADER, UPSTREAM_AUTHORIZATION_HEADER } from '../../api/schema.js';
import type { AdapterCallContext } from './provider.js';

/** The profile's auth header with the user's key, when there is one (local servers need none). */
export function authHeaders(context: AdapterCallContext): Record<string, string> {
  if (!context.apiKey) return {};
  const { header, scheme } = context.profile.auth;
  return { [header]: scheme ? `${scheme} ${context.apiKey}` : context.apiKey };
}

/**
 * A request's headers for the hosted relay: the publishable key, and the user token as
 * `Authorization` like on every user-scoped route. A provider key that goes in `Authorization`
 * moves to `Tessera-Upstream-Authorization`, which the relay sends upstream as `Authorization`;
 * keys in their own headers (`x-api-key`, `x-goog-api-key`) stay where they are.
 */
export function relayedAuthHeaders(
  headers: Record<string, string>,
  publishableKey: string,
  userToken: string,
): Record<string, string> {
  const relayed: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    relayed[name.toLowerCase() === 'authorization' ? UPSTREAM_AUTHORIZATION_HEADER : name] = value;
  }
  relayed[PUBLISHABLE_KEY_HEADER] = publishableKey;
  relayed.Authorization = `Bearer ${userToken}`;
  return relayed;
}
