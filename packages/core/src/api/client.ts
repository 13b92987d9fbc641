import { TesseraError } from '../errors/tessera-error.js';
import { apiErrorBodySchema, type PartnerConfig, PUBLISHABLE_KEY_HEADER, partnerConfigSchema } from './schema.js';

export interface ApiClientOptions {
  apiUrl: string | undefined;
  publishableKey: string | undefined;
  fetch: typeof fetch;
}

/** `tessera.api`: the typed client of Tessera's hosted API. */
export interface ApiClient {
  /** The partner's config (theme, enabled widgets, providers), read with the publishable key. */
  config(options?: { signal?: AbortSignal }): Promise<PartnerConfig>;
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

  return {
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
