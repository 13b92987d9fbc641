import { apiErrorBodySchema } from '../api/schema.js';
import { TesseraError } from '../errors/tessera-error.js';
import { relayedAuthHeaders } from './providers/auth-headers.js';
import type { ErrorResponse, ProviderProfile } from './providers/provider.js';
import { codeForStatus, retryAfterMs } from './wire/http-status.js';

/** Where a call goes: its base URL, where the key really ends up, and the relay when it is used. */
export interface Route {
  baseURL: string;
  /** The provider's own base URL behind the relay; the base URL itself otherwise. */
  upstreamBaseURL: string;
  /** Set when the call goes through the hosted relay: its requests then carry the relay's headers. */
  relay?: RelaySettings;
}

/** The hosted API's relay, for providers that refuse browser CORS. */
export interface RelaySettings {
  apiUrl: string;
  publishableKey: string;
  /**
   * The signed-in user's token (the instance's `userToken` option). The relay, like every
   * user-scoped route, requires one: without it a relayed call fails before any request. Called
   * before each relayed request, and once more when the relay says the token expired, so it may
   * fetch a fresh one.
   */
  userToken?: () => Promise<string | undefined>;
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
    return { baseURL: new URL(`v1/relay/${profile.id}`, api).href, upstreamBaseURL: profile.baseURL, relay };
  }
  const target = baseURL ?? profile.baseURL;
  return target ? { baseURL: target, upstreamBaseURL: target } : undefined;
}

/** A request as a dialect builds it, with the signal of the call. */
export interface RouteRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

/**
 * Sends a request along its route (`relay` is the route's, when it goes through the relay). Through
 * the relay, it adds the publishable key and the user
 * token, and moves the provider's `Authorization` to `Tessera-Upstream-Authorization`; when the
 * relay says the token expired, it asks for a token once more and sends the request once more.
 *
 * @throws {TesseraError} `auth`, before any request, when there is no user token for the relay.
 */
export async function fetchOnRoute(
  fetchImpl: typeof fetch,
  url: string,
  request: RouteRequest,
  relay: RelaySettings | undefined,
  profile: ProviderProfile,
): Promise<Response> {
  if (!relay) return fetchImpl(url, request);
  for (let attempt = 0; ; attempt++) {
    const token = await userTokenFor(relay, profile);
    const headers = relayedAuthHeaders(request.headers, relay.publishableKey, token);
    const response = await fetchImpl(url, { ...request, headers });
    if (response.status !== 401 || attempt > 0) return response;
    if ((await relayErrorCode(response.clone())) !== 'expired_user_token') return response;
    await response.body?.cancel().catch(() => {});
  }
}

async function userTokenFor(relay: RelaySettings, profile: ProviderProfile): Promise<string> {
  let token: string | undefined;
  try {
    token = await relay.userToken?.();
  } catch (cause) {
    throw new TesseraError(
      'auth',
      `Could not get your sign-in from this site, so ${profile.label} cannot be reached through Tessera's relay. Reload the page or sign in again.`,
      { provider: profile.id, cause },
    );
  }
  if (!token) {
    throw new TesseraError(
      'auth',
      `${profile.label} is reached through Tessera's relay, which needs this site to sign you in first; your key is not the problem. Sign in and try again. If you are signed in, the site has not given Tessera your sign-in (its userToken setting): tell the site's team.`,
      { provider: profile.id },
    );
  }
  return token;
}

// The hosted API's own refusals on a relay path, by code; anything else is the provider's answer,
// passed on unchanged. Codes, not the body's shape: some providers' error bodies look the same.
const RELAY_ERROR_CODES: ReadonlySet<string> = new Set([
  'missing_user_token',
  'invalid_user_token',
  'expired_user_token',
  'missing_publishable_key',
  'invalid_publishable_key',
  'origin_not_allowed',
  'relay_disabled',
  'provider_not_allowed',
  'rate_limited',
  'starting',
  'not_configured',
  'unknown_provider',
  'provider_not_relayed',
  'invalid_path',
  'method_not_allowed',
  'payload_too_large',
  'upstream_unreachable',
  'upstream_timeout',
  'upstream_redirect',
]);

async function relayErrorCode(response: Response): Promise<string | undefined> {
  return relayError(await response.text().catch(() => ''))?.code;
}

function relayError(bodyText: string): { code: string; message: string } | undefined {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return undefined;
  }
  const parsed = apiErrorBodySchema.safeParse(body);
  return parsed.success && RELAY_ERROR_CODES.has(parsed.data.error.code) ? parsed.data.error : undefined;
}

/**
 * The error of a failed response that the relay itself answered (a refused sign-in, a disabled
 * relay, an unreachable provider), with the relay's own message: the provider was not the one who
 * refused, so "your key was refused" would send the user after the wrong problem. Undefined when
 * the provider answered (its error is the dialect's to read).
 */
export function relayRefusal(response: ErrorResponse, profile: ProviderProfile): TesseraError | undefined {
  const error = relayError(response.bodyText);
  if (!error) return undefined;
  const code = codeForStatus(response.status);
  const wait = retryAfterMs(response.headers);
  const said = `The relay said: "${error.message}"`;
  const message =
    code === 'auth'
      ? `Tessera's relay refused this site's sign-in or settings, so ${profile.label} was not called; your key is not the problem. ${said}`
      : code === 'rate_limit'
        ? `Tessera's relay is limiting requests right now, so ${profile.label} was not called. Wait a moment, then try again. ${said}`
        : `Tessera's relay could not get an answer from ${profile.label}. Try again in a moment. ${said}`;
  return new TesseraError(code, message, {
    provider: profile.id,
    status: response.status,
    details: { apiCode: error.code },
    ...(wait === undefined ? {} : { retryAfterMs: wait }),
  });
}
