import type { Context } from 'hono';
import type * as z from 'zod/mini';
import { ApiError } from './errors.js';

/** Where a refused input was. */
export type InputLocation = 'body' | 'query' | 'path' | 'header';

/** One problem with an input, as it appears in `error.details.issues`. */
export interface InputIssue {
  /** Where in the input: `["allowedOrigins", 0]`; empty for the whole input. */
  path: Array<string | number>;
  code: string;
  message: string;
}

/** The 400 of an input that fails its schema; `details` lists every problem found. */
export function validationError(location: InputLocation, issues: readonly InputIssue[], what?: string): ApiError {
  const first = issues[0];
  const at = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return new ApiError(
    400,
    'validation_failed',
    `The request ${what ?? location} is not valid${at}: ${first?.message ?? 'it does not match the schema'}${more}. Nothing was changed.`,
    { location, issues },
  );
}

/** Parses `value` with a shared schema, or throws the 400 that says what is wrong. */
export function parseInput<S extends z.ZodMiniType>(
  schema: S,
  value: unknown,
  location: InputLocation,
  what?: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data as z.output<S>;
  throw validationError(
    location,
    result.error.issues.map((issue) => ({
      path: issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part)),
      code: issue.code,
      message: issue.message,
    })),
    what,
  );
}

/**
 * The query string as an object, checked by `schema` (strict schemas refuse unknown parameters). A
 * parameter given twice is refused rather than one of its values silently picked.
 */
export function parseQuery<S extends z.ZodMiniType>(c: Context, schema: S): z.output<S> {
  const params = new URL(c.req.url).searchParams;
  const query: Record<string, string> = {};
  for (const [name, value] of params) {
    if (Object.hasOwn(query, name)) {
      throw validationError('query', [
        { path: [name], code: 'duplicate', message: `"${name}" is given more than once` },
      ]);
    }
    query[name] = value;
  }
  return parseInput(schema, query, 'query', 'query string');
}

/** The 413 of a body over `limit` bytes. */
export function payloadTooLarge(limit: number, what: string): ApiError {
  return new ApiError(413, 'payload_too_large', `The ${what} is over the limit of ${formatBytes(limit)}.`, {
    limitBytes: limit,
  });
}

/**
 * Reads the whole body, refusing (413) one over `limit` bytes as soon as that is known: from
 * `Content-Length` before reading anything, or by counting as it arrives (chunked uploads).
 */
export async function readBodyBytes(request: Request, limit: number, what = 'request body'): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) throw payloadTooLarge(limit, what);
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
      throw payloadTooLarge(limit, what);
    }
    chunks.push(value);
  }
  if (chunks.length === 1 && chunks[0]) return chunks[0];
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** The largest JSON body any route reads. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

/**
 * Reads a JSON body and checks it with `schema`: 415 when it is not sent as JSON, 413 when too
 * large, 400 `invalid_json` when it does not parse, 400 `validation_failed` when it does not fit.
 */
export async function readJson<S extends z.ZodMiniType>(
  c: Context,
  schema: S,
  limit = MAX_JSON_BODY_BYTES,
): Promise<z.output<S>> {
  const type = c.req.header('Content-Type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new ApiError(
      415,
      'unsupported_media_type',
      `Send the body as JSON, with Content-Type: application/json${type ? ` (not ${type.slice(0, 100)})` : ''}.`,
    );
  }
  const bytes = await readBodyBytes(c.req.raw, limit, 'JSON body');
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new ApiError(400, 'invalid_json', 'The body is not valid JSON: check its syntax. Nothing was changed.', {
      reason: error instanceof SyntaxError ? error.message.slice(0, 200) : 'not UTF-8',
    });
  }
  return parseInput(schema, value, 'body');
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}
