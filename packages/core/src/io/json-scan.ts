// A structural pre-scan of a JSON text: where its top-level value ends, whether it is complete,
// and, for a top-level array, where each element starts and ends. It checks brackets and strings
// only (JSON.parse does the rest, one element at a time), so a 200 MB conversations.json can be
// parsed conversation by conversation instead of into one tree. It works on UTF-8 bytes directly:
// every byte of a multi-byte character is >= 0x80 and never looks like a bracket or a quote.

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
/** Strings up to this long are walked byte by byte; longer ones are searched with `indexOf`. */
const SHORT = 32;

export interface JsonScan {
  /** The first character of the top-level value. */
  root: 'array' | 'object' | 'other';
  /** Index where the top-level value starts. */
  start: number;
  /** The top-level value closes (false: the text stops inside it, as a cut-off download does). */
  complete: boolean;
  /** Index just after the top-level value. */
  end: number;
  /** Non-whitespace follows the top-level value (JSON Lines, or junk). */
  trailing: boolean;
  /** For an array root: start and end (exclusive) of each element, in pairs. */
  elements: number[];
}

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** Scans UTF-8 bytes or a string from `from` (after any byte-order mark). */
export function scanJson(src: Uint8Array | string, from = 0): JsonScan {
  return typeof src === 'string' ? scanString(src, from) : scanBytes(src, from);
}

function scanBytes(src: Uint8Array, from: number): JsonScan {
  const n = src.length;
  let i = from;
  while (i < n && isSpace(src[i]!)) i++;
  const start = i;
  const first = src[i];
  const root = first === OPEN_BRACKET ? 'array' : first === OPEN_BRACE ? 'object' : 'other';
  const elements: number[] = [];
  if (root === 'other') return { root, start, complete: false, end: start, trailing: false, elements };
  const collect = root === 'array';
  let depth = 0;
  let elementStart = -1;
  let end = -1;
  for (; i < n; i++) {
    const c = src[i]!;
    if (c === QUOTE) {
      if (collect && depth === 1 && elementStart < 0) elementStart = i;
      // Short strings (keys, small values) in a plain loop; long ones with the native indexOf.
      let j = i + 1;
      const limit = Math.min(n, j + SHORT);
      for (; j < limit; j++) {
        const d = src[j]!;
        if (d === QUOTE) break;
        if (d === BACKSLASH) j++;
      }
      if (j >= limit || src[j] !== QUOTE) {
        for (;;) {
          j = src.indexOf(QUOTE, j);
          if (j < 0) return { root, start, complete: false, end: n, trailing: false, elements };
          let k = j - 1;
          while (src[k] === BACKSLASH) k--;
          if ((j - 1 - k) % 2 === 0) break;
          j++;
        }
      }
      i = j;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (collect && depth === 1 && elementStart < 0) elementStart = i;
      depth++;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) {
        if (collect && elementStart >= 0) elements.push(elementStart, i);
        end = i + 1;
        break;
      }
      if (collect && depth === 1 && elementStart >= 0) {
        elements.push(elementStart, i + 1);
        elementStart = -1;
      }
    } else if (c === COMMA) {
      if (collect && depth === 1 && elementStart >= 0) {
        elements.push(elementStart, i);
        elementStart = -1;
      }
    } else if (!isSpace(c) && collect && depth === 1 && elementStart < 0) {
      elementStart = i;
    }
  }
  if (end < 0) return { root, start, complete: false, end: n, trailing: false, elements };
  let k = end;
  while (k < n && isSpace(src[k]!)) k++;
  return { root, start, complete: true, end, trailing: k < n, elements };
}

// The same walk over a string's UTF-16 code units, for input that arrives as text.
function scanString(src: string, from: number): JsonScan {
  const n = src.length;
  let i = from;
  while (i < n && isSpace(src.charCodeAt(i))) i++;
  const start = i;
  const first = src.charCodeAt(i);
  const root = first === OPEN_BRACKET ? 'array' : first === OPEN_BRACE ? 'object' : 'other';
  const elements: number[] = [];
  if (root === 'other') return { root, start, complete: false, end: start, trailing: false, elements };
  const collect = root === 'array';
  let depth = 0;
  let elementStart = -1;
  let end = -1;
  for (; i < n; i++) {
    const c = src.charCodeAt(i);
    if (c === QUOTE) {
      if (collect && depth === 1 && elementStart < 0) elementStart = i;
      let j = i + 1;
      const limit = Math.min(n, j + SHORT);
      for (; j < limit; j++) {
        const d = src.charCodeAt(j);
        if (d === QUOTE) break;
        if (d === BACKSLASH) j++;
      }
      if (j >= limit || src.charCodeAt(j) !== QUOTE) {
        for (;;) {
          j = src.indexOf('"', j);
          if (j < 0) return { root, start, complete: false, end: n, trailing: false, elements };
          let k = j - 1;
          while (src.charCodeAt(k) === BACKSLASH) k--;
          if ((j - 1 - k) % 2 === 0) break;
          j++;
        }
      }
      i = j;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (collect && depth === 1 && elementStart < 0) elementStart = i;
      depth++;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) {
        if (collect && elementStart >= 0) elements.push(elementStart, i);
        end = i + 1;
        break;
      }
      if (collect && depth === 1 && elementStart >= 0) {
        elements.push(elementStart, i + 1);
        elementStart = -1;
      }
    } else if (c === COMMA) {
      if (collect && depth === 1 && elementStart >= 0) {
        elements.push(elementStart, i);
        elementStart = -1;
      }
    } else if (!isSpace(c) && collect && depth === 1 && elementStart < 0) {
      elementStart = i;
    }
  }
  if (end < 0) return { root, start, complete: false, end: n, trailing: false, elements };
  let k = end;
  while (k < n && isSpace(src.charCodeAt(k))) k++;
  return { root, start, complete: true, end, trailing: k < n, elements };
}
