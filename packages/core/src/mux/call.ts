import { TesseraError } from '../errors/tessera-error.js';
import { normalizeBaseURL, type StoredKey } from '../keys/keyring.js';
import type { AdapterCallContext, DialectAdapter, ProviderProfile } from './providers/provider.js';
import { fetchOnRoute, type RelaySettings, relayRefusal } from './route.js';
import type { ParsedMuxRequest, StreamPart } from './schema.js';

/** What one provider call needs from the instance. */
export interface CallDependencies {
  fetch: typeof fetch;
  /** The user's stored key for a provider and the address it is bound to, from the vault. */
  resolveKey(providerId: string): Promise<StoredKey | undefined>;
  /** How long a request may go without receiving a byte. */
  idleTimeoutMs: number;
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** One attempt at one provider and model. */
export interface Call {
  request: ParsedMuxRequest;
  profile: ProviderProfile;
  /** Loads the dialect (built-in dialects are imported on first use). */
  dialect: () => Promise<DialectAdapter>;
  /** Empty when the request named no address and the provider has none: the stored key's must do. */
  baseURL: string;
  /**
   * The request named no base URL: an address saved with the key (a local server connected in the
   * key manager) takes the place of the provider's default.
   */
  storedAddress: boolean;
  signal: AbortSignal | undefined;
  /** Where the key really goes: the provider's base URL when the call goes through the relay. */
  upstreamBaseURL?: string;
  /** Set when the call goes through the hosted relay (which adds its headers and its own errors). */
  relay?: RelaySettings;
}

/**
 * The stored key for a call, if it may go where the call goes. A key is bound to the base URL it
 * was stored for, so whoever can make requests (a page's script) cannot redirect it elsewhere.
 */
export async function storedKeyFor(
  deps: Pick<CallDependencies, 'resolveKey'>,
  profile: ProviderProfile,
  upstreamBaseURL: string,
): Promise<string | undefined> {
  return boundKey(await deps.resolveKey(profile.id), profile, upstreamBaseURL);
}

function boundKey(
  stored: StoredKey | undefined,
  profile: ProviderProfile,
  upstreamBaseURL: string,
): string | undefined {
  if (!stored) return undefined;
  const boundTo = normalizeBaseURL(stored.baseURL ?? profile.baseURL ?? '');
  if (boundTo !== normalizeBaseURL(upstreamBaseURL)) {
    throw new TesseraError(
      'auth',
      `Your ${profile.label} key is saved for ${origin(boundTo)}, not for ${origin(upstreamBaseURL)}. Add a key for that address in the key manager.`,
      { provider: profile.id },
    );
  }
  return stored.apiKey;
}

/** Receives parts as they are produced; pushing them spares a generator hop per part. */
export type Emit = (part: StreamPart) => void;

/**
 * Runs one provider call, emitting its parts. Every failure becomes a final `error` part with a
 * TesseraError: a stop is `aborted`, a silent server `timeout`, a broken connection `network`.
 */
export async function runCall(call: Call, deps: CallDependencies, emit: Emit): Promise<void> {
  const { request, profile, signal } = call;
  let baseURL = call.baseURL;
  const controller = new AbortController();
  const stop = () => controller.abort(signal?.reason);
  if (signal?.aborted) stop();
  signal?.addEventListener('abort', stop, { once: true });
  const timeoutMs = request.timeoutMs ?? deps.idleTimeoutMs;
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Reads only stamp the time; one timer checks the stamp when it fires and sleeps again for the
  // rest, so a fast stream costs no timer churn per chunk.
  let lastRead = 0;
  const watch = (ms: number) => {
    timer = setTimeout(() => {
      const idle = Date.now() - lastRead;
      if (idle < timeoutMs) return watch(timeoutMs - idle);
      timedOut = true;
      controller.abort();
    }, ms);
  };
  const onRead = () => {
    lastRead = Date.now();
  };
  let phase: 'connect' | 'stream' = 'connect';

  try {
    const saved = call.storedAddress || !request.apiKey ? await deps.resolveKey(profile.id) : undefined;
    const savedAddress = call.storedAddress ? saved?.baseURL : undefined;
    if (savedAddress) baseURL = savedAddress;
    if (!baseURL) {
      throw new TesseraError(
        'validation',
        `${profile.label} needs a base URL, for example http://localhost:11434/v1 for a local Ollama. Connect the server in the key manager, or give its address.`,
        { provider: profile.id },
      );
    }
    const upstreamBaseURL = savedAddress ?? call.upstreamBaseURL ?? baseURL;
    const relay = savedAddress ? undefined : call.relay;
    const apiKey = request.apiKey ?? boundKey(saved, profile, upstreamBaseURL);
    if (profile.requiresKey && !apiKey) {
      throw new TesseraError('auth', `Add your ${profile.label} API key in the key manager first.`, {
        provider: profile.id,
      });
    }
    const dialect = await call.dialect();
    const context: AdapterCallContext = { profile, baseURL, apiKey, onRead };
    const { url, init } = dialect.buildRequest(request, context);
    onRead();
    watch(timeoutMs);
    const response = await fetchOnRoute(deps.fetch, url, { ...init, signal: controller.signal }, relay, profile);
    if (!response.ok) {
      const bodyText = await response.text().catch(() => '');
      const failed = { status: response.status, headers: response.headers, bodyText };
      throw (relay && relayRefusal(failed, profile)) || dialect.mapError(failed, context);
    }
    if (!response.body) {
      throw new TesseraError('invalid_response', `${profile.label} answered without a body. Check the base URL.`, {
        provider: profile.id,
      });
    }
    phase = 'stream';
    emit({ type: 'start', provider: profile.id, model: request.model });
    onRead();
    if (dialect.parseStreamBatches) {
      for await (const batch of dialect.parseStreamBatches(response.body, context))
        for (const part of batch) emit(part);
    } else {
      for await (const part of dialect.parseStream(response.body, context)) emit(part);
    }
  } catch (error) {
    emit({
      type: 'error',
      error: classify(error, { profile, baseURL, phase, aborted: signal?.aborted === true, timedOut }),
    });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', stop);
  }
}

function classify(
  error: unknown,
  at: { profile: ProviderProfile; baseURL: string; phase: 'connect' | 'stream'; aborted: boolean; timedOut: boolean },
): TesseraError {
  const provider = at.profile.id;
  if (at.aborted)
    return new TesseraError('aborted', 'Stopped. What arrived before is kept.', { provider, cause: error });
  if (at.timedOut) {
    return new TesseraError(
      'timeout',
      `${at.profile.label} stopped sending for too long, so Tessera gave up waiting. Try again; if it keeps happening, check the server.`,
      { provider, cause: error },
    );
  }
  if (error instanceof TesseraError) return error;
  if (at.phase === 'connect') {
    return new TesseraError(
      'network',
      `Could not reach ${origin(at.baseURL)}. Check that the server is running, that the base URL is right, and that it accepts requests from this page (CORS).`,
      { provider, cause: error },
    );
  }
  return new TesseraError(
    'network',
    `The connection to ${at.profile.label} broke before the answer was finished. What arrived is kept; try again to get the rest.`,
    { provider, cause: error },
  );
}
