import { TesseraError } from '../errors/tessera-error.js';
import { apiErrorBodySchema, type PartnerConfig, PUBLISHABLE_KEY_HEADER, partnerConfigSchema } from './schema.js';
import {
  type VaultBlobList,
  type VaultBlobPutResult,
  vaultBlobIdSchema,
  vaultBlobListSchema,
  vaultBlobPutResultSchema,
  versionFromETag,
  versionToETag,
} from './vault.js';

export interface ApiClientOptions {
  apiUrl: string | undefined;
  publishableKey: string | undefined;
  fetch: typeof fetch;
  /**
   * The signed-in user's token (a JWT the partner's backend mints), for user-scoped routes such as
   * vault sync. Called before each such request, and once more when the server says it expired, so
   * it can fetch a fresh one.
   */
  userToken?: () => Promise<string> | string;
}

/** A vault blob as read: the ciphertext and its version. */
export interface VaultBlob {
  id: string;
  /** Give it back as `ifMatch` to replace exactly this version. */
  version: string;
  contentType: string;
  data: Uint8Array;
}

/** `tessera.api.vault`: the user's encrypted blobs (the server only ever sees ciphertext). */
export interface VaultApi {
  /**
   * Creates a blob (no `ifMatch`), or replaces the version `ifMatch` names (`'*'`: any). A blob that
   * changed meanwhile, or one that exists when creating, rejects with a TesseraError of status 412
   * ({@link isVaultConflict}), whose `details.currentVersion` says what to read and merge.
   */
  put(
    id: string,
    data: Uint8Array,
    options?: { ifMatch?: string; contentType?: string; signal?: AbortSignal },
  ): Promise<VaultBlobPutResult>;
  /** The blob, or undefined when the user has none with this id. */
  get(id: string, options?: { signal?: AbortSignal }): Promise<VaultBlob | undefined>;
  /** The user's changes after `since` (all without it), oldest first; continue while `hasMore`. */
  list(options?: { since?: string; limit?: number; signal?: AbortSignal }): Promise<VaultBlobList>;
  /** Deletes the blob (only the version `ifMatch` names, when given); false when there was none. */
  delete(id: string, options?: { ifMatch?: string; signal?: AbortSignal }): Promise<boolean>;
}

/** `tessera.api`: the typed client of Tessera's hosted API. */
export interface ApiClient {
  /** The partner's config (theme, enabled widgets, providers), read with the publishable key. */
  config(options?: { signal?: AbortSignal }): Promise<PartnerConfig>;
  /** Vault sync, with the user token from `userToken`. */
  vault: VaultApi;
}

/** Whether `error` is a vault write refused because the blob changed (or exists): read, merge, retry. */
export function isVaultConflict(error: unknown): error is TesseraError {
  return error instanceof TesseraError && error.status === 412;
}

function statusError(status: number, serverMessage: string | undefined): TesseraError {
  const said = serverMessage ? ` The server said: "${serverMessage}"` : '';
  if (status === 401) {
    return new TesseraError('auth', `The Tessera API refused the publishable key. Check data-publishable-key.${said}`, {
      status,
    });
  }
  if (status === 403) {
    return new TesseraError(
      'auth',
      `This site is not on the publishable key's list of allowed origins. Add it in the partner settings.${said}`,
      { status },
    );
  }
  if (status === 429)
    return new TesseraError('rate_limit', `The Tessera API is limiting requests. Try again shortly.${said}`, {
      status,
    });
  if (status >= 500) {
    return new TesseraError('provider_unavailable', `The Tessera API is unavailable. Try again shortly.${said}`, {
      status,
    });
  }
  return new TesseraError('bad_request', `The Tessera API rejected the request.${said}`, { status });
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  async function get(path: string, signal: AbortSignal | undefined): Promise<unknown> {
    const { apiUrl, publishableKey } = options;
    if (!apiUrl || !publishableKey) {
      throw new TesseraError('validation', 'Set apiUrl and publishableKey in createTessera() to use the hosted API.');
    }
    const url = new URL(path, apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`);
    let response: Response;
    try {
      response = await options.fetch(url, { headers: { [PUBLISHABLE_KEY_HEADER]: publishableKey }, signal });
    } catch (cause) {
      throw new TesseraError(
        'network',
        `Could not reach the Tessera API at ${url.origin}. Check apiUrl and your connection.`,
        {
          cause,
        },
      );
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const parsed = apiErrorBodySchema.safeParse(body);
      throw statusError(response.status, parsed.success ? parsed.data.error.message : undefined);
    }
    return body;
  }

  const base = () => {
    const { apiUrl, publishableKey } = options;
    if (!apiUrl || !publishableKey) {
      throw new TesseraError('validation', 'Set apiUrl and publishableKey in createTessera() to use the hosted API.');
    }
    return { url: (path: string) => new URL(path, apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`), publishableKey };
  };

  /** A user-scoped request: the user token is fetched for it, and once more if it had expired. */
  async function userRequest(path: string, init: RequestInit, expected: readonly number[]): Promise<Response> {
    const { url, publishableKey } = base();
    if (!options.userToken) {
      throw new TesseraError(
        'validation',
        'Vault sync needs the signed-in user: pass a userToken function that returns the token your backend mints.',
      );
    }
    const target = url(path);
    for (let attempt = 0; ; attempt++) {
      let token: string;
      try {
        token = await options.userToken();
      } catch (cause) {
        throw new TesseraError('auth', 'Could not get the user token for the Tessera API. Sign in again.', { cause });
      }
      const headers = new Headers(init.headers);
      headers.set(PUBLISHABLE_KEY_HEADER, publishableKey);
      headers.set('Authorization', `Bearer ${token}`);
      let response: Response;
      try {
        response = await options.fetch(target, { ...init, headers });
      } catch (cause) {
        if (init.signal?.aborted) throw new TesseraError('aborted', 'The request was stopped.', { cause });
        throw new TesseraError(
          'network',
          `Could not reach the Tessera API at ${target.origin}. Check apiUrl and your connection.`,
          { cause },
        );
      }
      if (expected.includes(response.status)) return response;
      const body: unknown = await response.json().catch(() => undefined);
      const parsed = apiErrorBodySchema.safeParse(body);
      const error = parsed.success ? parsed.data.error : undefined;
      if (response.status === 401 && error?.code === 'expired_user_token' && attempt === 0) continue;
      throw userRouteError(response, error);
    }
  }

  const blobPath = (id: string) => {
    if (!vaultBlobIdSchema.safeParse(id).success) {
      throw new TesseraError(
        'validation',
        'A vault blob id is 1 to 200 letters, digits, ".", "_", "~" or "-" (and not "." or "..").',
      );
    }
    return `v1/vault/blobs/${id}`;
  };
  const invalidResponse = (cause: unknown) =>
    new TesseraError('invalid_response', 'The Tessera API sent a vault answer this SDK cannot read. Update the SDK.', {
      cause,
    });

  const vault: VaultApi = {
    async put(id, data, { ifMatch, contentType = 'application/octet-stream', signal } = {}) {
      const headers: Record<string, string> = { 'Content-Type': contentType };
      if (ifMatch !== undefined) headers['If-Match'] = ifMatch === '*' ? '*' : versionToETag(ifMatch);
      const response = await userRequest(
        blobPath(id),
        { method: 'PUT', headers, body: data as BodyInit, signal },
        [200, 201],
      );
      const parsed = vaultBlobPutResultSchema.safeParse(await response.json().catch(() => undefined));
      if (!parsed.success) throw invalidResponse(parsed.error);
      return parsed.data;
    },
    async get(id, { signal } = {}) {
      const response = await userRequest(blobPath(id), { method: 'GET', signal }, [200, 404]);
      if (response.status === 404) {
        await response.body?.cancel().catch(() => {});
        return undefined;
      }
      const version = versionFromETag(response.headers.get('ETag'));
      if (version === undefined) throw invalidResponse(new Error('no ETag'));
      return {
        id,
        version,
        contentType: response.headers.get('Content-Type') ?? 'application/octet-stream',
        data: new Uint8Array(await response.arrayBuffer()),
      };
    },
    async list({ since, limit, signal } = {}) {
      const query = new URLSearchParams();
      if (since !== undefined) query.set('since', since);
      if (limit !== undefined) query.set('limit', String(limit));
      const search = query.size > 0 ? `?${query}` : '';
      const response = await userRequest(`v1/vault/blobs${search}`, { method: 'GET', signal }, [200]);
      const parsed = vaultBlobListSchema.safeParse(await response.json().catch(() => undefined));
      if (!parsed.success) throw invalidResponse(parsed.error);
      return parsed.data;
    },
    async delete(id, { ifMatch, signal } = {}) {
      const headers: Record<string, string> = {};
      if (ifMatch !== undefined) headers['If-Match'] = ifMatch === '*' ? '*' : versionToETag(ifMatch);
      const response = await userRequest(blobPath(id), { method: 'DELETE', headers, signal }, [204, 404]);
      return response.status === 204;
    },
  };

  return {
    vault,
    async config({ signal } = {}) {
      const parsed = partnerConfigSchema.safeParse(await get('v1/config', signal));
      if (!parsed.success) {
        throw new TesseraError(
          'invalid_response',
          'The Tessera API sent a config this SDK cannot read. Update the SDK.',
          {
            cause: parsed.error,
          },
        );
      }
      return parsed.data;
    },
  };
}

/** The TesseraError of a refused user-scoped request, chosen by the server's error code. */
function userRouteError(
  response: Response,
  error: { code: string; message: string; details?: unknown } | undefined,
): TesseraError {
  const status = response.status;
  const said = error ? ` The server said: "${error.message}"` : '';
  const details = error ? { apiCode: error.code, ...(isObject(error.details) ? error.details : {}) } : undefined;
  if (status === 412) {
    return new TesseraError(
      'bad_request',
      `This item changed on another device. Read it again, merge, and save.${said}`,
      { status, details },
    );
  }
  if (status === 401 && error?.code.endsWith('_user_token')) {
    return new TesseraError(
      'auth',
      `The Tessera API refused the user's token. Sign in again; if it persists, check how your backend mints it.${said}`,
      { status, details },
    );
  }
  if (status === 413) {
    return new TesseraError('bad_request', `This item is too large for the vault.${said}`, { status, details });
  }
  if (status === 429 || status === 503) {
    const seconds = Number(response.headers.get('Retry-After'));
    return new TesseraError(
      status === 429 ? 'rate_limit' : 'provider_unavailable',
      `The Tessera API is ${status === 429 ? 'limiting requests' : 'starting'}. Try again shortly.${said}`,
      { status, details, ...(Number.isFinite(seconds) && seconds > 0 ? { retryAfterMs: seconds * 1000 } : {}) },
    );
  }
  const generic = statusError(status, error?.message);
  return new TesseraError(generic.code, generic.message, { status, details });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
