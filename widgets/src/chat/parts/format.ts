import type { Localizer } from '../../shared/i18n/localizer.js';

/** USD in the locale's way (`$0.0012`, `0,0012 $`): fractions of a cent keep two significant digits. */
export function formatCost(i18n: Localizer, usd: number): string {
  return i18n.currency(usd, 'USD');
}

const compact = new Map<string, Intl.NumberFormat>();

/** A token count, short: `950`, `12K`, `1.5M` (`12.000`-style words per locale: `12.000`, `١٢ ألف`). */
export function formatTokens(i18n: Localizer, count: number): string {
  let format = compact.get(i18n.locale);
  if (!format) {
    format = new Intl.NumberFormat(i18n.locale, { notation: 'compact', maximumFractionDigits: 1 });
    compact.set(i18n.locale, format);
  }
  return format.format(count);
}

const MB = 1024 * 1024;
const sizes = new Map<string, Intl.NumberFormat>();

/**
 * A file size in KB or MB. `up` rounds up, so a file just over a limit never reads as exactly the
 * limit; `nearest` is for showing a file's size. Never below 1 KB.
 */
export function formatFileSize(i18n: Localizer, bytes: number, rounding: 'up' | 'nearest' = 'nearest'): string {
  const round = rounding === 'up' ? Math.ceil : Math.round;
  const mega = bytes >= MB;
  const value = mega ? round((bytes / MB) * 10) / 10 : Math.max(1, round(bytes / 1024));
  const key = `${i18n.locale}:${mega}`;
  let format = sizes.get(key);
  if (!format) {
    format = new Intl.NumberFormat(i18n.locale, {
      style: 'unit',
      unit: mega ? 'megabyte' : 'kilobyte',
      unitDisplay: 'short',
      maximumFractionDigits: 1,
    });
    sizes.set(key, format);
  }
  return format.format(value);
}
