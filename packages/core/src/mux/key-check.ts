import { TesseraError } from '../errors/tessera-error.js';
import type { KeyCheckResult as KeyCheck } from '../keys/keyring.js';
import { type CallDependencies, storedKeyFor } from './call.js';
import type { ProviderRegistry } from './providers/registry.js';
import { fetchOnRoute, type RelaySettings, relayRefusal, routeFor } from './route.js';

export type { KeyCheck };

/**
 * Calls the provider's cheapest authenticated endpoint (usually its model list) with the key.
 * Never throws for a provider's answer: the outcome is the result. Through the relay, a check that
 * cannot be made because the user is not signed in on the site (no user token, or one the relay
 * refuses) throws an `auth` TesseraError instead: the key was never tried.
 */
export async function checkKey(
  deps: CallDependencies & { registry: ProviderRegistry; relay?: RelaySettings | undefined },
  input: { provider: string; apiKey?: string | undefined; baseURL?: string | undefined },
): Promise<KeyCheck> {
  const resolved = deps.registry.resolve(input.provider);
  const profile = resolved.profile;
  const dialect = await resolved.dialect();
  // Checking a saved key with no address named checks it where it was saved (a connected local server).
  const savedAddress =
    input.baseURL === undefined && input.apiKey === undefined
      ? (await deps.resolveKey(profile.id))?.baseURL
      : undefined;
  const route = routeFor(profile, input.baseURL ?? savedAddress, deps.relay);
  if (!route) throw new TesseraError('validation', `${profile.label} needs a base URL to check a key against.`);
  const baseURL = route.baseURL;
  let apiKey: string | undefined;
  try {
    apiKey = input.apiKey ?? (await storedKeyFor(deps, profile, route.upstreamBaseURL));
  } catch (error) {
    return { status: 'invalid', message: error instanceof Error ? error.message : 'This key cannot be used here.' };
  }
  const context = { profile, baseURL, apiKey };
  const { url, init } = dialect.buildKeyCheck(context);
  let response: Response;
  try {
    response = await fetchOnRoute(
      deps.fetch,
      url,
      { ...init, signal: AbortSignal.timeout(deps.idleTimeoutMs) },
      route.relay,
      profile,
    );
  } catch (error) {
    if (error instanceof TesseraError) throw error;
    return {
      status: 'unreachable',
      message: `Could not reach ${profile.label} at ${new URL(baseURL).origin}. Check the address and your connection.`,
    };
  }
  if (response.ok) return { status: 'valid', message: `${profile.label} accepted the key.` };
  const failed = {
    status: response.status,
    headers: response.headers,
    bodyText: await response.text().catch(() => ''),
  };
  const refusal = route.relay && relayRefusal(failed, profile);
  if (refusal?.code === 'auth') throw refusal;
  if (refusal) return { status: 'unreachable', message: refusal.message };
  const error = dialect.mapError(failed, context);
  if (error.code === 'auth') return { status: 'invalid', message: error.message };
  if (error.code === 'quota') return { status: 'no-quota', message: error.message };
  return { status: 'unreachable', message: error.message };
}
