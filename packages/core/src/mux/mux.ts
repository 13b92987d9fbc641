import { loadOnDemand } from '../errors/load-on-demand.js';
import { parseOrThrow } from '../errors/validation.js';
import type { Call, CallDependencies } from './call.js';
import { ModelCatalog } from './catalog/catalog.js';
import { costOf } from './catalog/cost.js';
import type { CatalogEntry } from './catalog/schema.js';
import type { KeyCheck } from './key-check.js';
import { MuxStream } from './mux-stream.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetryAndFallback } from './policy.js';
import type { ProviderProfile } from './providers/provider.js';
import type { ProviderRegistry } from './providers/registry.js';
import { type RelaySettings, routeFor } from './route.js';
import { type MuxRequest, muxRequestSchema, type ParsedMuxRequest, type Usage } from './schema.js';

export interface MuxDependencies extends CallDependencies {
  registry: ProviderRegistry;
  /** Prices and capabilities; the shipped catalog by default. */
  catalog?: ModelCatalog;
  retry?: RetryPolicy;
  /** Whether the user has a key for a provider; by default, never. */
  hasKey?(providerId: string): Promise<boolean>;
  /**
   * The hosted API's relay, used in browsers for providers that refuse browser CORS (their
   * profile says `requiresRelayInBrowser`) unless the request names its own base URL. Relayed
   * calls need the user token its `userToken` gives.
   */
  relay?: RelaySettings;
}

/** Options of one call that are not data. */
export interface StreamOptions {
  signal?: AbortSignal;
}

/** A catalog model, and whether this user can use it now. */
export interface AvailableModel extends CatalogEntry {
  /** A key is stored for its provider, or its provider needs none. */
  available: boolean;
}

/** `tessera.mux`: one streaming interface over every provider. */
export interface Mux {
  /**
   * Starts a streamed answer. Throws a `validation` TesseraError at once for a malformed request;
   * every later failure arrives as an `error` part and rejects `result`.
   */
  stream(request: MuxRequest, options?: StreamOptions): MuxStream;
  /** The providers this instance can talk to. */
  providers(): ProviderProfile[];
  /** Every catalog model, marked available when the user has what it needs (a key, or none needed). */
  models(): Promise<AvailableModel[]>;
  /** Makes a cheap authenticated call to tell whether a key works. */
  checkKey(input: { provider: string; apiKey?: string; baseURL?: string }): Promise<KeyCheck>;
  /** The cost in USD of some usage of a model, from the catalog; undefined without prices. */
  priceOf(usage: Usage, provider: string, model: string): number | undefined;
}

function resolveCall(
  deps: MuxDependencies,
  request: ParsedMuxRequest,
  target: { provider: string; model: string; baseURL?: string | undefined },
  signal: AbortSignal | undefined,
): Call {
  const { profile, dialect } = deps.registry.resolve(target.provider, request.providerOptions);
  const route = routeFor(profile, target.baseURL, deps.relay);
  return {
    request: { ...request, provider: target.provider, model: target.model },
    profile,
    dialect,
    baseURL: route?.baseURL ?? '',
    storedAddress: target.baseURL === undefined,
    ...(route ? { upstreamBaseURL: route.upstreamBaseURL } : {}),
    signal,
    ...(route?.relay ? { relay: route.relay } : {}),
  };
}

export function createMux(deps: MuxDependencies): Mux {
  const catalog = deps.catalog ?? new ModelCatalog();
  const hasKey = deps.hasKey ?? (async () => false);
  const priced = (usage: Parameters<typeof costOf>[0], provider: string, model: string) => {
    const prices = catalog.prices(provider, model);
    return prices ? costOf(usage, prices) : undefined;
  };

  return {
    stream(input, options = {}) {
      const request = parseOrThrow(muxRequestSchema, input, 'request');
      const { fallbacks = [], retry } = request;
      // The primary keeps the request's own key; a fallback to another provider uses its own.
      const candidates = [
        resolveCall(deps, request, request, options.signal),
        ...fallbacks.map((fallback) =>
          resolveCall(
            deps,
            { ...request, ...(fallback.provider === request.provider ? {} : { apiKey: undefined }) },
            fallback,
            options.signal,
          ),
        ),
      ];
      const policy = { ...DEFAULT_RETRY_POLICY, ...deps.retry, ...retry };
      return new MuxStream((emit) => withRetryAndFallback(candidates, deps, policy, emit), priced);
    },

    providers: () => deps.registry.profiles(),

    async models() {
      const profiles = new Map(deps.registry.profiles().map((p) => [p.id, p]));
      const entries = catalog.entries().filter((e) => profiles.has(e.provider));
      const keyed = new Map<string, boolean>();
      for (const id of new Set(entries.map((e) => e.provider))) {
        keyed.set(id, profiles.get(id)?.requiresKey === false || (await hasKey(id)));
      }
      return entries.map((e) => ({ ...e, available: keyed.get(e.provider) === true }));
    },

    // Checking a key happens when one is added, never on the way to a first message: load it then.
    checkKey: async (input) =>
      (await loadOnDemand('checking keys', () => import('./key-check.js'))).checkKey(deps, input),
    priceOf: priced,
  };
}
