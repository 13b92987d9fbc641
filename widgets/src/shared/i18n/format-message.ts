/** Values a message's placeholders are filled with; numbers are formatted for the locale. */
export type MessageParams = Readonly<Record<string, string | number>>;

// One formatter per locale and kind, made once: a table of a thousand rows formats thousands of numbers.
const pluralRules = new Map<string, Intl.PluralRules>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function rulesFor(locale: string): Intl.PluralRules {
  const known = pluralRules.get(locale);
  if (known) return known;
  const rules = new Intl.PluralRules(locale);
  pluralRules.set(locale, rules);
  return rules;
}

/** `1,234` in English, `1.234` in German, `١٬٢٣٤` in Arabic. */
export function formatNumber(locale: string, value: number): string {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    numberFormats.set(locale, format);
  }
  return format.format(value);
}

/** Index of the `}` closing the `{` at `open`, counting nested braces; -1 when unbalanced. */
function closing(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** `one {# file} other {# files}` as `{ one: '# file', other: '# files' }`. */
function pluralBranches(body: string): Map<string, string> {
  const branches = new Map<string, string>();
  let i = 0;
  while (i < body.length) {
    const open = body.indexOf('{', i);
    if (open < 0) break;
    const end = closing(body, open);
    if (end < 0) break;
    branches.set(body.slice(i, open).trim(), body.slice(open + 1, end));
    i = end + 1;
  }
  return branches;
}

/**
 * Fills a message: `{name}` takes a parameter; `{count, plural, =0 {none} one {# item} other {# items}}`
 * picks a branch by the exact value first, then by the locale's plural category (`Intl.PluralRules`:
 * Arabic has zero, one, two, few, many and other), with `#` the number formatted for the locale.
 * A placeholder without a value is left as written, so a missing parameter shows instead of vanishing.
 */
export function formatMessage(locale: string, message: string, params: MessageParams = {}): string {
  let out = '';
  let i = 0;
  while (i < message.length) {
    const open = message.indexOf('{', i);
    if (open < 0) break;
    const end = closing(message, open);
    if (end < 0) break;
    out += message.slice(i, open);
    const inner = message.slice(open + 1, end);
    const [name = '', kind, ...rest] = inner.split(',');
    const value = params[name.trim()];
    if (kind?.trim() === 'plural' && typeof value === 'number') {
      const branches = pluralBranches(rest.join(','));
      const branch =
        branches.get(`=${value}`) ?? branches.get(rulesFor(locale).select(value)) ?? branches.get('other') ?? '';
      // `#` is replaced before the parameters go in, so a `#` inside a title stays a `#`.
      out += formatMessage(locale, branch.replaceAll('#', formatNumber(locale, value)), params);
    } else if (value === undefined) {
      out += message.slice(open, end + 1);
    } else {
      out += typeof value === 'number' ? formatNumber(locale, value) : value;
    }
    i = end + 1;
  }
  return out + message.slice(i);
}
