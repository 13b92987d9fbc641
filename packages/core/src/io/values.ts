// Small readers for untrusted JSON values. Exports are read defensively: a field of the wrong type
// reads as absent, and the importer says what that cost.

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A non-empty string, or `undefined`. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The strings of `values`, trimmed and joined, empty ones left out. */
export function joinText(values: readonly (string | undefined)[], separator = '\n\n'): string {
  const out: string[] = [];
  for (const value of values) {
    const trimmed = value?.trim();
    if (trimmed) out.push(trimmed);
  }
  return out.join(separator);
}

/** JSON text for a structured value (a tool's input); a string stays as it is. */
export function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

const ISO_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const NUMERIC = /^-?\d+(\.\d+)?$/;

/**
 * An ISO 8601 UTC time (millisecond precision) from the many ways exports write one: epoch
 * seconds, milliseconds, microseconds or nanoseconds (told apart by size), ISO strings with or
 * without a zone, MongoDB extended JSON (`{ $date: … }`, `{ $numberLong: … }`). A time without a
 * zone is read as UTC and `onNoZone` is told, so the report can say so. `undefined` for anything else.
 */
export function toIso(value: unknown, onNoZone?: () => void): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'number') return fromEpoch(value);
  if (typeof value === 'string') {
    const text = value.trim();
    if (NUMERIC.test(text)) return fromEpoch(Number(text));
    let candidate = text;
    if (ISO_WITHOUT_ZONE.test(text)) {
      candidate = `${text.replace(' ', 'T')}Z`;
      onNoZone?.();
    }
    return fromMs(Date.parse(candidate));
  }
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if ('$date' in object) return toIso(object.$date, onNoZone);
    if ('$numberLong' in object) return toIso(object.$numberLong, onNoZone);
  }
  return undefined;
}

function fromEpoch(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  const abs = Math.abs(value);
  // Seconds until the year 5138, then milliseconds, microseconds, nanoseconds.
  const ms = abs < 1e11 ? value * 1000 : abs < 1e14 ? value : abs < 1e17 ? value / 1e3 : value / 1e6;
  return fromMs(ms);
}

function fromMs(ms: number): string | undefined {
  if (!Number.isFinite(ms)) return undefined;
  const date = new Date(Math.round(ms));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Milliseconds of an ISO time for sorting; `+Infinity` when absent, so undated items sort last. */
export function timeOf(iso: string | undefined): number {
  return iso === undefined ? Number.POSITIVE_INFINITY : Date.parse(iso);
}

/** Compares two ISO times (undated after dated, two undated equal), for stable sorts. */
export function compareTimes(a: string | undefined, b: string | undefined): number {
  const x = timeOf(a);
  const y = timeOf(b);
  return x === y ? 0 : x < y ? -1 : 1;
}

/**
 * A stable id for a record its source gave none: FNV-1a over the values that identify it, twice
 * with different offsets for 64 bits. Derived from the record, never from its position in the
 * file, so a fresh export of the same account gives the same ids (Takeout, for one, prepends).
 */
export function stableId(prefix: string, ...values: readonly unknown[]): string {
  const text = values.map((v) => (typeof v === 'string' ? v : asText(v))).join('\u241f');
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  }
  return `${prefix}-${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`;
}

/** A short, single-line version of a title for `where` strings. */
export function label(title: string | undefined, max = 60): string {
  if (!title) return '';
  const line = title.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

const IMAGE_NAME = /\.(png|jpe?g|gif|webp|heic|heif|bmp|svg|avif|tiff?)$/i;

export function looksLikeImage(name: string | undefined, mimeType?: string): boolean {
  return (mimeType?.startsWith('image/') ?? false) || (name !== undefined && IMAGE_NAME.test(name));
}
