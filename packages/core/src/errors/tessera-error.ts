/** Stable error codes. A widget chooses what to show from the code, never from the message. */
export const ERROR_CODES = [
  'auth',
  'rate_limit',
  'quota',
  'context_length',
  'bad_request',
  'network',
  'timeout',
  'aborted',
  'provider_unavailable',
  'invalid_response',
  'storage',
  'validation',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

const RETRYABLE: ReadonlySet<ErrorCode> = new Set(['rate_limit', 'network', 'timeout', 'provider_unavailable']);

export interface TesseraErrorOptions {
  cause?: unknown;
  retryable?: boolean;
  retryAfterMs?: number;
  provider?: string;
  status?: number;
  /** Structured detail for developers (validation issues, a provider's error code). Never secrets. */
  details?: unknown;
}

/**
 * The one error type of Tessera. `message` is a sentence for the end user that says what to do;
 * it never contains a key, a token or message content.
 */
export class TesseraError extends Error {
  override readonly name = 'TesseraError';
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly provider: string | undefined;
  readonly status: number | undefined;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, options: TesseraErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? RETRYABLE.has(code);
    this.retryAfterMs = options.retryAfterMs;
    this.provider = options.provider;
    this.status = options.status;
    this.details = options.details;
  }

  /** A plain object safe to log, post across frames or store with a message. */
  toJSON(): {
    code: ErrorCode;
    message: string;
    retryable: boolean;
    retryAfterMs?: number;
    provider?: string;
    status?: number;
  } {
    return {
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
      ...(this.provider === undefined ? {} : { provider: this.provider }),
      ...(this.status === undefined ? {} : { status: this.status }),
    };
  }
}

/** Rebuilds an error sent across a frame or worker boundary as `toJSON()`. */
export function tesseraErrorFromJSON(json: ReturnType<TesseraError['toJSON']>): TesseraError {
  const code = (ERROR_CODES as readonly string[]).includes(json.code) ? json.code : 'invalid_response';
  return new TesseraError(code, json.message, {
    retryable: json.retryable,
    ...(json.retryAfterMs === undefined ? {} : { retryAfterMs: json.retryAfterMs }),
    ...(json.provider === undefined ? {} : { provider: json.provider }),
    ...(json.status === undefined ? {} : { status: json.status }),
  });
}

export function isTesseraError(value: unknown): value is TesseraError {
  return value instanceof TesseraError;
}

function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';
}

/**
 * Wraps anything thrown into a TesseraError, keeping the original as `cause`. `fallback` is used
 * for errors nothing more specific is known about.
 */
export function toTesseraError(
  error: unknown,
  fallback: { code: ErrorCode; message: string; provider?: string },
): TesseraError {
  if (error instanceof TesseraError) return error;
  if (isAbortError(error))
    return new TesseraError('aborted', 'Stopped.', { cause: error, provider: fallback.provider });
  return new TesseraError(fallback.code, fallback.message, { cause: error, provider: fallback.provider });
}
