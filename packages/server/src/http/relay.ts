import type { ApiErrorBody, ProviderProfile } from '@tessera/core';
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode, StatusCode } from 'hono/utils/http-status';
import { relayedResponseHeaders, upstreamRequestHeaders } from '../relay/relay-headers.js';
import { parseRelayPath, RELAY_MOUNT } from '../relay/relay-path.js';
import { publicUpstreamURL, registryProfiles, upstreamRequestURL } from '../relay/upstream-allowlist.js';
import type { AppEnv } from './context.js';
import { type Logger, silentLogger } from './logger.js';

export { RELAY_MOUNT };

/** Options of the relay, given to `createApp` as `relay`. */
export interface RelayOptions {
  /** The providers that may be relayed; core's registry (`new ProviderRegistry().profiles()`) by default. */
  profiles?: readonly ProviderProfile[];
  /**
   * The base URL to call for a profile, or undefined when it must not be relayed. By default its
   * own `baseURL` when that is a public https address ({@link publicUpstreamURL}). Tests point it at
   * a local server; it is configuration, never taken from a request.
   */
  upstreamURL?: (profile: ProviderProfile) => URL | undefined;
  /**
   * How long the upstream may send nothing, in ms: before its response headers (then 504), or
   * between two chunks of its body (then the body ends). 60 s by default.
   */
  idleTimeoutMs?: number;
  /** The largest request body relayed, in bytes; 4 MiB by default (over it, 413). */
  maxBodyBytes?: number;
  /**
   * Runs after the publishable key, origin and user token are checked and the provider is known,
   * before anything is sent upstream; throws an `ApiError` to refuse. The app passes the partner's
   * relay policy (which providers its users may relay).
   */
  authorize?: (c: Context<AppEnv>, profile: ProviderProfile) => void | Promise<void>;
}

export const DEFAULT_RELAY_IDLE_TIMEOUT_MS = 60_000;
export const DEFAULT_RELAY_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** The `code`s of the relay's own error bodies (an upstream's errors are passed on unchanged). */
export type RelayErrorCode =
  | 'unknown_provider'
  | 'provider_not_relayed'
  | 'invalid_path'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'upstream_unreachable'
  | 'upstream_timeout'
  | 'upstream_redirect'
  | 'client_closed';

/** How a relayed request ended, in its `relay` log line. */
type Outcome =
  | 'complete'
  | 'client_closed'
  | 'idle_timeout'
  | 'upstream_error'
  | 'unreachable'
  | 'timeout'
  | 'redirect';

// Nginx's "client closed request": the status logged when the page went away before the answer.
const CLIENT_CLOSED_STATUS = 499;
const NO_BODY_STATUSES = new Set([204, 205, 304]);

/**
 * `GET|POST /v1/relay/{providerId}/{path}`: a streaming pass-through to a provider that refuses
 * browser CORS. Mounted after `partnerAuth` and `userAuth`, so the publishable key, origin and user
 * token (`Authorization`) are already checked. The upstream host comes only from the provider's
 * profile; the request picks a path under its base URL, and brings the user's key in the provider's
 * own auth header (as `Tessera-Upstream-Authorization` when that header is `Authorization`), which
 * is forwarded and never stored or logged; the user token never goes upstream. The upstream's status and body come back as they arrive, with a safe subset of
 * its headers; a client that goes away aborts the upstream request.
 */
export function relayRoutes(options: RelayOptions & { logger?: Logger } = {}): Hono<AppEnv> {
  const {
    logger = silentLogger,
    upstreamURL = publicUpstreamURL,
    idleTimeoutMs = DEFAULT_RELAY_IDLE_TIMEOUT_MS,
    maxBodyBytes = DEFAULT_RELAY_MAX_BODY_BYTES,
    authorize,
  } = options;
  const profiles = new Map((options.profiles ?? registryProfiles()).map((profile) => [profile.id, profile]));
  const relayable = () => [...profiles.values()].filter((profile) => upstreamURL(profile)).map((p) => p.id);

  const relay = async (c: Context<AppEnv>): Promise<Response> => {
    const requestUrl = new URL(c.req.url);
    const parsed = parseRelayPath(requestUrl.pathname);
    const profile = parsed.ok ? profiles.get(parsed.providerId) : undefined;
    if (!parsed.ok && parsed.reason === 'invalid_path') return invalidPath(c);
    if (!parsed.ok || !profile) {
      return relayError(
        c,
        404,
        'unknown_provider',
        `${parsed.ok ? `There is no provider "${parsed.providerId}"` : 'That is not a provider id'}: the relay serves ${relayable().join(', ') || 'no provider'}.`,
      );
    }
    const base = upstreamURL(profile);
    if (!base) {
      return relayError(
        c,
        400,
        'provider_not_relayed',
        `${profile.label} has no fixed public address, so the relay does not serve it: call your server directly through its baseURL.`,
      );
    }
    await authorize?.(c, profile);
    const url = upstreamRequestURL(base, parsed.segments, requestUrl.search);

    let body: Uint8Array<ArrayBuffer> | undefined;
    if (c.req.method === 'POST') {
      body = await readBody(c.req.raw, maxBodyBytes);
      if (!body) {
        return relayError(
          c,
          413,
          'payload_too_large',
          `The request body is over the relay's limit of ${formatBytes(maxBodyBytes)}: send a shorter conversation or smaller attachments.`,
        );
      }
    }

    const started = performance.now();
    const clientSignal = c.req.raw.signal;
    const upstreamAbort = new AbortController();
    const abortUpstream = () => upstreamAbort.abort();
    clientSignal.addEventListener('abort', abortUpstream, { once: true });
    if (clientSignal.aborted) abortUpstream();
    let done = false;
    const finish = (outcome: Outcome, fields: { upstreamStatus?: number; bytes?: number; errorCode?: string } = {}) => {
      if (done) return;
      done = true;
      clientSignal.removeEventListener('abort', abortUpstream);
      const quiet = outcome === 'complete' || outcome === 'client_closed';
      logger[quiet ? 'info' : 'warn']('relay', {
        requestId: c.get('requestId'),
        provider: profile.id,
        outcome,
        ...fields,
        ms: Math.round((performance.now() - started) * 10) / 10,
      });
    };

    let timedOut = false;
    const headersTimer = setTimeout(() => {
      timedOut = true;
      upstreamAbort.abort();
    }, idleTimeoutMs);
    let upstream: Response;
    try {
      upstream = await fetch(url, {
        method: c.req.method,
        headers: upstreamRequestHeaders(c.req.raw.headers, profile.auth.header),
        body,
        signal: upstreamAbort.signal,
        // A redirect would carry the user's key to wherever it points.
        redirect: 'manual',
      });
    } catch (error) {
      if (clientSignal.aborted) {
        finish('client_closed');
        return relayError(c, CLIENT_CLOSED_STATUS, 'client_closed', 'The client closed the request.');
      }
      if (timedOut) {
        finish('timeout');
        return relayError(
          c,
          504,
          'upstream_timeout',
          `${profile.label} sent no answer within ${formatSeconds(idleTimeoutMs)}, so the relay gave up: retry in a moment, and stream long answers.`,
        );
      }
      const errorCode = networkErrorCode(error);
      finish('unreachable', { errorCode });
      return relayError(
        c,
        502,
        'upstream_unreachable',
        `The relay could not reach ${profile.label}${errorCode ? ` (${errorCode})` : ''}: retry in a moment; if it persists, check the provider's status page.`,
      );
    } finally {
      clearTimeout(headersTimer);
    }

    if (upstream.status >= 300 && upstream.status < 400 && upstream.status !== 304) {
      await upstream.body?.cancel().catch(() => {});
      finish('redirect', { upstreamStatus: upstream.status });
      return relayError(
        c,
        502,
        'upstream_redirect',
        `${profile.label} answered with a redirect (${upstream.status}), which the relay does not follow: check the request path.`,
      );
    }

    const headers = relayedResponseHeaders(upstream.headers);
    // A request with an Origin got this far only from an allowed origin (partnerAuth), so the page
    // may read these headers too.
    if (c.req.header('Origin') !== undefined) {
      headers['Access-Control-Expose-Headers'] = ['X-Request-Id', ...Object.keys(headers)].join(', ');
    }
    headers['Cache-Control'] = 'no-store';
    const status = upstream.status;
    if (!upstream.body || NO_BODY_STATUSES.has(status) || c.req.method === 'HEAD') {
      await upstream.body?.cancel().catch(() => {});
      finish('complete', { upstreamStatus: status, bytes: 0 });
      return c.body(null, status as StatusCode, headers);
    }
    const stream = passThrough(upstream.body, {
      idleTimeoutMs,
      abortUpstream,
      clientGone: () => clientSignal.aborted,
      onEnd: (outcome, bytes) => finish(outcome, { upstreamStatus: status, bytes }),
    });
    return c.body(stream, status as ContentfulStatusCode, headers);
  };

  return new Hono<AppEnv>().on(['GET', 'POST'], '/*', relay).all('/*', (c) => {
    c.header('Allow', 'GET, POST');
    return relayError(c, 405, 'method_not_allowed', `The relay forwards GET and POST only, not ${c.req.method}.`);
  });
}

/**
 * The upstream body as a stream the client reads at its own pace: a chunk is read from upstream
 * only when the client wants one (backpressure reaches the provider's connection), and is passed on
 * as soon as it arrives. An upstream silent for `idleTimeoutMs` while a chunk is wanted, or one that
 * breaks, ends the body: the client's parser sees a stream that stopped before its final event,
 * which is how an interrupted answer looks anyway. A client that cancels aborts the upstream request.
 */
function passThrough(
  body: ReadableStream<Uint8Array>,
  hooks: {
    idleTimeoutMs: number;
    abortUpstream: () => void;
    clientGone: () => boolean;
    onEnd: (outcome: Outcome, bytes: number) => void;
  },
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let bytes = 0;
  let ended = false;
  const end = (controller: ReadableStreamDefaultController<Uint8Array> | undefined, outcome: Outcome) => {
    if (ended) return;
    ended = true;
    try {
      controller?.close();
    } catch {
      // Already cancelled by the client.
    }
    hooks.onEnd(outcome, bytes);
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let idle = false;
        const timer = setTimeout(() => {
          idle = true;
          hooks.abortUpstream();
        }, hooks.idleTimeoutMs);
        try {
          const { done, value } = await reader.read();
          if (done) return end(controller, 'complete');
          bytes += value.byteLength;
          controller.enqueue(value);
        } catch {
          hooks.abortUpstream();
          end(controller, hooks.clientGone() ? 'client_closed' : idle ? 'idle_timeout' : 'upstream_error');
        } finally {
          clearTimeout(timer);
        }
      },
      cancel() {
        hooks.abortUpstream();
        reader.cancel().catch(() => {});
        end(undefined, 'client_closed');
      },
    },
    // Nothing is read ahead of the client.
    { highWaterMark: 0 },
  );
}

/** The body, or undefined when it is over `limit` bytes (told by Content-Length or by counting). */
async function readBody(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) return undefined;
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  const bodyBytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bodyBytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bodyBytes;
}

/** The system error code of a failed fetch (`ECONNREFUSED`, `ENOTFOUND`), never its message. */
function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(code)) return code;
    current = current.cause;
  }
  return undefined;
}

function relayError(c: Context<AppEnv>, status: number, code: RelayErrorCode, message: string): Response {
  const body: ApiErrorBody = { error: { code, message } };
  c.header('Cache-Control', 'no-store');
  return c.json(body, status as ContentfulStatusCode);
}

function invalidPath(c: Context<AppEnv>): Response {
  return relayError(
    c,
    400,
    'invalid_path',
    `Relay paths are ${RELAY_MOUNT}/{provider}/{the provider's API path}, for example ${RELAY_MOUNT}/openai/chat/completions, without empty, "." or ".." segments, encoded slashes or a URL of their own.`,
  );
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${bytes} bytes`;
}

function formatSeconds(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
