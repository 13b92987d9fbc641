import type { AdapterCallContext } from './provider.js';

/** The profile's auth header with the user's key, when there is one (local servers need none). */
export function authHeaders(context: AdapterCallContext): Record<string, string> {
  if (!context.apiKey) return {};
  const { header, scheme } = context.profile.auth;
  return { [header]: scheme ? `${scheme} ${context.apiKey}` : context.apiKey };
}
