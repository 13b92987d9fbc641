import { TesseraError } from '../errors/tessera-error.js';
import { scanJson } from './json-scan.js';

/** One element of a top-level array: its parsed value, or why it could not be parsed. */
export interface ArrayItem {
  index: number;
  value?: unknown;
  error?: string;
  /** Where the element ends in the document, for progress. */
  end: number;
}

/**
 * One file of an export, opened just enough to recognize it. A top-level array is never parsed
 * whole: `items()` parses one element at a time from the bytes, and `probe` holds the first few
 * for detection. Other shapes are small in practice and parsed at once.
 */
export type ExportDocument =
  | {
      kind: 'array';
      name?: string;
      size: number;
      count: number;
      probe: readonly unknown[];
      items(): Iterable<ArrayItem>;
      /** How far `items()` has read, in the same unit as `size`. */
      position: number;
    }
  | { kind: 'value'; name?: string; size: number; value: unknown }
  | { kind: 'lines'; name?: string; size: number; lines: readonly ArrayItem[] }
  | { kind: 'csv'; name?: string; size: number; rows: readonly string[][] };

const PROBE = 5;
const decoder = new TextDecoder('utf-8');

export const WHAT_TO_DO =
  'Import the file or the ZIP you downloaded from ChatGPT, Claude, Gemini (Google Takeout, JSON format), Open WebUI, LibreChat, DeepSeek or Grok, or a Tessera archive.';

/** The error for input that is no export Tessera knows; `reason` says what it is instead. */
export function notAChatExport(reason: string, whatToDo = WHAT_TO_DO): TesseraError {
  return new TesseraError('validation', `This file is not a chat export Tessera knows: ${reason}. ${whatToDo}`, {
    details: { reason },
  });
}

/** The short reason of an error from `openDocument`, for a file inside an archive. */
export function reasonOf(error: unknown): string {
  if (error instanceof TesseraError) {
    const details = error.details as { reason?: unknown } | undefined;
    if (typeof details?.reason === 'string') return details.reason;
  }
  return error instanceof Error ? error.message : String(error);
}

function named(name: string | undefined): string {
  return name ? ` (${name})` : '';
}

/** Opens bytes or text as a document. Throws a `validation` TesseraError for what is not one. */
export function openDocument(data: Uint8Array | string, name?: string): ExportDocument {
  let src: Uint8Array | string = data;
  let from = 0;
  if (typeof src !== 'string') {
    if (src[0] === 0xef && src[1] === 0xbb && src[2] === 0xbf) from = 3;
    else if ((src[0] === 0xff && src[1] === 0xfe) || (src[0] === 0xfe && src[1] === 0xff)) {
      src = new TextDecoder(src[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(src);
    }
  } else if (src.charCodeAt(0) === 0xfeff) from = 1;
  const size = src.length;
  const scan = scanJson(src, from);
  const text = (start: number, end: number) =>
    typeof src === 'string' ? src.slice(start, end) : decoder.decode(src.subarray(start, end));

  if (scan.start >= size) {
    throw new TesseraError(
      'validation',
      `This file is empty${named(name)}: there is nothing to import. Download the export again and import the file it gives you.`,
      { details: { reason: 'it is empty' } },
    );
  }
  if (scan.root === 'other') {
    const whole = text(from, size);
    const rows = parseCsv(whole);
    if (rows) return { kind: 'csv', name, size, rows };
    throw notAChatExport(`it is not JSON${named(name)}`);
  }
  if (!scan.complete) {
    throw new TesseraError(
      'validation',
      `This file looks cut off${named(name)}: its JSON stops before it is complete. Download the export again (the download may have stopped early) and import the whole file.`,
      { details: { reason: 'it looks cut off: its JSON stops before it is complete' } },
    );
  }
  if (scan.root === 'array' && !scan.trailing) {
    const elements = scan.elements;
    const count = elements.length / 2;
    const parseAt = (index: number): ArrayItem => {
      const end = elements[index * 2 + 1]!;
      try {
        return { index, value: JSON.parse(text(elements[index * 2]!, end)), end };
      } catch (error) {
        return { index, error: jsonError(error), end };
      }
    };
    const probe: unknown[] = [];
    for (let i = 0; i < Math.min(PROBE, count); i++) {
      const item = parseAt(i);
      if (item.error === undefined) probe.push(item.value);
    }
    return {
      kind: 'array',
      name,
      size,
      count,
      probe,
      position: 0,
      *items() {
        for (let i = 0; i < count; i++) {
          const item = parseAt(i);
          this.position = item.end;
          yield item;
        }
      },
    };
  }
  if (scan.trailing) {
    const lines = parseJsonLines(text(scan.start, size));
    if (lines) return { kind: 'lines', name, size, lines };
    throw notAChatExport(`it is not valid JSON${named(name)}: more follows the end of its first value`);
  }
  try {
    return { kind: 'value', name, size, value: JSON.parse(text(scan.start, scan.end)) };
  } catch (error) {
    throw notAChatExport(`it is not valid JSON${named(name)} (${jsonError(error)})`);
  }
}

/** A document over JSON the caller already parsed: arrays are read in place, never copied. */
export function documentOf(value: unknown, name?: string): ExportDocument {
  if (Array.isArray(value)) {
    return {
      kind: 'array',
      name,
      size: value.length,
      count: value.length,
      probe: value.slice(0, PROBE),
      position: 0,
      *items() {
        for (let i = 0; i < value.length; i++) {
          this.position = i + 1;
          yield { index: i, value: value[i], end: i + 1 };
        }
      },
    };
  }
  return { kind: 'value', name, size: 1, value };
}

function jsonError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Engines phrase it differently; keep the gist without quoting content.
  return message.replace(/"[^"]*"/g, '…').slice(0, 120);
}

/** JSON Lines: one JSON value a line. `undefined` when the first line is not JSON. */
function parseJsonLines(whole: string): ArrayItem[] | undefined {
  const items: ArrayItem[] = [];
  let offset = 0;
  let index = 0;
  for (const line of whole.split('\n')) {
    offset += line.length + 1;
    if (!line.trim()) continue;
    try {
      items.push({ index, value: JSON.parse(line), end: offset });
    } catch (error) {
      if (index === 0) return undefined;
      items.push({ index, error: jsonError(error), end: offset });
    }
    index++;
  }
  return items;
}

/**
 * RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF). `undefined` unless it looks like a
 * table: a header of at least two short names, and rows of as many columns.
 */
export function parseCsv(whole: string): string[][] | undefined {
  const firstLine = whole.slice(0, 4096).split(/\r?\n/, 1)[0] ?? '';
  if (!firstLine.includes(',') || firstLine.length >= 4096) return undefined;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < whole.length; i++) {
    const c = whole[i]!;
    if (quoted) {
      if (c === '"') {
        if (whole[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && whole[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  // A table: a header of short names, and rows with as many columns (a line of prose with a comma is not one).
  const header = rows[0];
  if (!header || header.length < 2 || header.some((name) => !name.trim() || name.length > 64)) return undefined;
  if (rows.length < 2 || rows.slice(1, 20).some((row) => row.length !== header.length)) return undefined;
  return rows;
}
