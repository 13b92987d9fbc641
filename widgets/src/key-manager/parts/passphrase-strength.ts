import { MIN_SYNC_PASSPHRASE_LENGTH } from '@tessera/core';

export type Strength = 'too-short' | 'weak' | 'fair' | 'strong';

/** What each strength tells the user. */
export const STRENGTH_HINT: Record<Strength, string> = {
  'too-short': `Too short: use at least ${MIN_SYNC_PASSPHRASE_LENGTH} characters.`,
  weak: 'Weak: add more words, or mix in digits and symbols.',
  fair: 'Fair: one or two more words would make it strong.',
  strong: 'Strong.',
};

/**
 * A rough strength estimate, as a hint while typing, not a guarantee: the bits of a random string
 * of this length over the character classes used, discounted for repeated characters. Four or
 * five unrelated words score strong; "aaaaaaaaaaaa" scores weak despite its length.
 */
export function passphraseStrength(passphrase: string): Strength {
  const characters = [...passphrase];
  if (characters.length < MIN_SYNC_PASSPHRASE_LENGTH) return 'too-short';
  let pool = 0;
  if (/[a-z]/.test(passphrase)) pool += 26;
  if (/[A-Z]/.test(passphrase)) pool += 26;
  if (/[0-9]/.test(passphrase)) pool += 10;
  if (/[^a-zA-Z0-9]/.test(passphrase)) pool += 33;
  const distinct = new Set(characters).size;
  const bits = Math.min(characters.length, distinct * 2) * Math.log2(Math.max(pool, 2));
  if (bits < 70) return 'weak';
  if (bits < 90) return 'fair';
  return 'strong';
}
