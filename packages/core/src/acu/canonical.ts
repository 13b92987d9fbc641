import canonicalize from 'canonicalize';
import { TesseraError } from '../errors/tessera-error.js';
import { utf8 } from './bytes.js';

/**
 * RFC 8785 (JSON Canonicalization Scheme) text of `value`: keys sorted by UTF-16 code units, no
 * whitespace, numbers as ECMAScript prints them, strings never Unicode-normalized. The same value
 * gives the same bytes on every platform, which is what makes a hash of it portable.
 *
 * Throws a `validation` TesseraError for what RFC 8785 cannot represent: a lone UTF-16 surrogate
 * (a broken character), `NaN` or an infinite number, or a value with no JSON form at all.
 */
export function canonicalJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = canonicalize(value);
  } catch (cause) {
    throw new TesseraError(
      'validation',
      'This message cannot be sealed: it contains a broken character or a number that is not finite.',
      { cause, details: { reason: cause instanceof Error ? cause.message : String(cause) } },
    );
  }
  if (text === undefined) {
    throw new TesseraError('validation', 'This value has no JSON form, so it cannot be sealed.');
  }
  return text;
}

/** UTF-8 bytes of {@link canonicalJson}: what gets hashed. */
export function canonicalBytes(value: unknown): Uint8Array<ArrayBuffer> {
  return utf8(canonicalJson(value));
}
