import { MIN_SYNC_PASSPHRASE_LENGTH } from '@tessera/core';
import type { Localizer } from '../../shared/i18n/localizer.js';

export type Strength = 'too-short' | 'weak' | 'fair' | 'strong';

/** What each strength tells the user. */
export function strengthHint(i18n: Localizer, strength: Strength): string {
  switch (strength) {
    case 'too-short':
      return i18n.t('keys.sync.strength.tooShort', { min: MIN_SYNC_PASSPHRASE_LENGTH });
    case 'weak':
      return i18n.t('keys.sync.strength.weak');
    case 'fair':
      return i18n.t('keys.sync.strength.fair');
    case 'strong':
      return i18n.t('keys.sync.strength.strong');
  }
}

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
