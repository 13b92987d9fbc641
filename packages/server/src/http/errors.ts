import type { ApiErrorBody } from '@tessera/core';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Every `code` the API can answer with; clients branch on these, so they never change meaning. */
export type ApiErrorCode =
  | 'missing_publishable_key'
  | 'invalid_publishable_key'
  | 'origin_not_allowed'
  | 'invalid_path'
  | 'invalid_request'
  | 'not_found'
  | 'starting'
  | 'internal_error'
  | 'missing_user_token'
  | 'invalid_user_token'
  | 'expired_user_token'
  | 'missing_secret_key'
  | 'invalid_secret_key'
  | 'secret_key_in_browser'
  | 'invalid_json'
  | 'unsupported_media_type'
  | 'validation_failed'
  | 'payload_too_large'
  | 'precondition_failed'
  | 'rate_limited'
  | 'tier_required'
  | 'not_configured'
  | 'relay_disabled'
  | 'provider_not_allowed';

/**
 * An error that becomes a response: thrown anywhere in a handler, answered by the app's error
 * handler with `{ error: { code, message, details? } }`. The message is for the developer reading
 * it and says what to do; it never quotes a key or a token.
 */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. `Retry-After`. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The body of an error response. */
export function errorBody(code: ApiErrorCode, message: string, details?: unknown): ApiErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** Answers with an {@link ApiError}. */
export function errorResponse(c: Context, error: ApiError): Response {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json(errorBody(error.code, error.message, error.details), error.status);
}

/** The 503 of anything that needs the database before it is open and migrated. */
export function startingError(): ApiError {
  return new ApiError(
    503,
    'starting',
    'The server is starting and its database is not ready yet: retry in a moment.',
    undefined,
    {
      'Retry-After': '1',
    },
  );
}
