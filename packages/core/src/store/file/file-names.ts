import { TesseraError } from '../../errors/tessera-error.js';

// Ids and secret names become file names. Only lowercase letters, digits, `-` and `_` are kept as
// they are (so a UUID reads as itself); every other UTF-8 byte becomes `%XX`. Lowercase only because
// macOS and Windows file systems ignore case: `A` and `a` must not land on the same file. A `.` is
// always escaped, so `.` and `..` can never be produced and names never collide with temp files.
const KEPT = /^[a-z0-9_-]$/;
// Most file systems allow 255 bytes a name; keep room for the temp-file suffix.
const MAX_NAME_LENGTH = 200;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function encode(name: string): string {
  let out = '';
  for (const char of name) {
    if (KEPT.test(char)) {
      out += char;
      continue;
    }
    for (const byte of encoder.encode(char)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The file name that stands for `name` (an id or a secret name). */
export function toFileName(name: string): string {
  const out = encode(name);
  if (out.length === 0 || out.length > MAX_NAME_LENGTH) {
    throw new TesseraError(
      'storage',
      'Could not save: a record id is empty or too long for a file name. This is a bug in the caller; nothing was changed.',
    );
  }
  return out;
}

/** The id or secret name a file stands for; `undefined` for files that are not ours (temp files, strays). */
export function fromFileName(fileName: string): string | undefined {
  if (!/^(?:[a-z0-9_-]|%[0-9A-F]{2})+$/.test(fileName)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < fileName.length; i++) {
    if (fileName[i] === '%') {
      bytes.push(Number.parseInt(fileName.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(fileName.charCodeAt(i));
    }
  }
  let name: string;
  try {
    name = decoder.decode(new Uint8Array(bytes));
  } catch {
    return undefined;
  }
  // Only the one spelling toFileName() writes counts: `%61` is not another file for `a`.
  return encode(name) === fileName ? name : undefined;
}
