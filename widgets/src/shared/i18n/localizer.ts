import { formatMessage, formatNumber, type MessageParams } from './format-message.js';
import type { MessageId, MessageTable } from './messages.js';
import { lookupMessage } from './registry.js';

/** Scripts written right to left; a locale in one of them lays widgets out mirrored. */
const RTL_LANGUAGES = new Set(['ar', 'arc', 'dv', 'fa', 'ha', 'he', 'iw', 'khw', 'ks', 'ku', 'ps', 'sd', 'ur', 'yi']);

/** `rtl` for Arabic, Hebrew, Persian, Urdu…; `ltr` otherwise. */
export function directionOf(locale: string): 'ltr' | 'rtl' {
  return RTL_LANGUAGES.has(locale.split('-')[0]?.toLowerCase() ?? '') ? 'rtl' : 'ltr';
}

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.ListFormat>();

function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.ListFormat>(key: string, make: () => T): T {
  const known = cache.get(key) as T | undefined;
  if (known) return known;
  const format = make();
  cache.set(key, format);
  return format;
}

const BYTE_UNITS = ['kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/**
 * The words and formats of one locale: messages from the table (with an element's own overrides
 * first), and numbers, dates, sizes, lists and money through `Intl`. Formatters are shared by
 * every widget in the same locale.
 */
export class Localizer {
  /** The BCP 47 tag in use (`en`, `de-CH`, `ar`). */
  readonly locale: string;
  readonly #overrides: MessageTable;

  constructor(locale: string, overrides: MessageTable = {}) {
    this.locale = locale;
    this.#overrides = overrides;
  }

  /** `rtl` when the locale's script is written right to left. */
  get dir(): 'ltr' | 'rtl' {
    return directionOf(this.locale);
  }

  /** The sentence for `id`, its placeholders filled. */
  t(id: MessageId, params?: MessageParams): string {
    return formatMessage(this.locale, this.#overrides[id] ?? lookupMessage(this.locale, id), params);
  }

  /** A count: `1,234`, `1.234`, `١٬٢٣٤`. */
  number(value: number): string {
    return formatNumber(this.locale, value);
  }

  /** A date for a table cell (`3 Jan 2026`); the empty string for what is no date. */
  date(iso: string): string {
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) return '';
    return cached(`date:${this.locale}`, () => new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium' })).format(
      ms,
    );
  }

  /** A date and time (`3 Jan 2026, 10:42`); the text itself when it is no date. */
  dateTime(iso: string): string {
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) return iso;
    return cached(
      `dateTime:${this.locale}`,
      () => new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeStyle: 'short' }),
    ).format(ms);
  }

  /** `512 bytes`, `1.5 kB`, `12 MB` (powers of 1024, as storage quotas are reported), in the locale's words. */
  bytes(bytes: number): string {
    let value = bytes;
    let unit = -1;
    while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    const name = unit < 0 ? 'byte' : BYTE_UNITS[unit];
    // Bytes are spelled out (`512 bytes`); larger units are abbreviated (`1.5 kB`).
    const long = unit < 0;
    return cached(
      `bytes:${this.locale}:${name}`,
      () =>
        new Intl.NumberFormat(this.locale, {
          style: 'unit',
          unit: name,
          unitDisplay: long ? 'long' : 'short',
          maximumFractionDigits: 1,
        }),
    ).format(value < 10 ? value : Math.round(value));
  }

  /** An amount of money (`$0.0042`, `0,0042 $`): small amounts keep two significant digits. */
  currency(amount: number, currency = 'USD'): string {
    const small = Math.abs(amount) < 0.01 && amount !== 0;
    return cached(
      `currency:${this.locale}:${currency}:${small}`,
      () =>
        new Intl.NumberFormat(this.locale, {
          style: 'currency',
          currency,
          ...(small ? { maximumSignificantDigits: 2 } : {}),
        }),
    ).format(amount);
  }

  /** `A, B and C` in the locale's words. */
  list(items: readonly string[]): string {
    return cached(
      `list:${this.locale}`,
      () => new Intl.ListFormat(this.locale, { style: 'long', type: 'conjunction' }),
    ).format(items);
  }
}
