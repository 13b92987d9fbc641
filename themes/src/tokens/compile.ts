/**
 * Compiles W3C Design Tokens (DTCG) trees into CSS custom properties named `--tessera-<path>`.
 *
 * Aliases (`{color.accent}`) compile to `var(--tessera-color-accent)` rather than to the resolved
 * value, so a partner who overrides a palette or role variable re-themes everything built on it.
 */

export type TokenTree = { [key: string]: unknown };
export type CssVariables = Record<`--tessera-${string}`, string>;

interface Token {
  path: string[];
  type: string | undefined;
  value: unknown;
  scale: string | undefined;
}

const ALIAS = /^\{([^{}]+)\}$/;

export function variableName(path: readonly string[]): `--tessera-${string}` {
  return `--tessera-${path.join('-')}`;
}

function collect(node: TokenTree, path: string[], inheritedType: string | undefined, out: Token[]): void {
  const type = typeof node.$type === 'string' ? node.$type : inheritedType;
  if ('$value' in node) {
    const ext = node.$extensions as Record<string, unknown> | undefined;
    const scale = typeof ext?.['tessera.scale'] === 'string' ? (ext['tessera.scale'] as string) : undefined;
    out.push({ path, type, value: node.$value, scale });
    return;
  }
  for (const [key, child] of Object.entries(node)) {
    if (key.startsWith('$') || child === null || typeof child !== 'object') continue;
    collect(child as TokenTree, [...path, key], type, out);
  }
}

function formatValue(token: Token, known: Set<string>): string {
  const { value, type } = token;
  if (typeof value === 'string') {
    const alias = ALIAS.exec(value);
    if (alias?.[1]) {
      const target = alias[1];
      if (!known.has(target)) {
        throw new Error(`Token ${token.path.join('.')} points at {${target}}, which no token defines.`);
      }
      return `var(${variableName(target.split('.'))})`;
    }
    return value;
  }
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value) && type === 'fontFamily') {
    return value.map((f) => (/[\s,]/.test(String(f)) ? `"${f}"` : String(f))).join(', ');
  }
  if (type === 'dimension' && value && typeof value === 'object' && 'value' in value && 'unit' in value) {
    const dim = value as { value: number; unit: string };
    return `${dim.value}${dim.unit}`;
  }
  throw new Error(`Token ${token.path.join('.')} has a value this compiler does not support (${type ?? 'no $type'}).`);
}

/** Flattens one or more DTCG trees (later trees override earlier ones) into CSS variables. */
export function compileTokens(...trees: TokenTree[]): CssVariables {
  const tokens: Token[] = [];
  for (const tree of trees) collect(tree, [], undefined, tokens);
  const known = new Set(tokens.map((t) => t.path.join('.')));
  const out: CssVariables = {};
  for (const token of tokens) {
    const value = formatValue(token, known);
    out[variableName(token.path)] = token.scale ? `calc(${value} * var(--tessera-${token.scale}-scale, 1))` : value;
  }
  return out;
}

/** Serializes variables as one CSS rule, inside the `tessera` cascade layer so partner CSS wins. */
export function variablesToCss(variables: Readonly<Record<string, string>>, selector: string): string {
  const body = Object.entries(variables)
    .map(([name, value]) => `    ${name}: ${value};`)
    .join('\n');
  return `@layer tessera {\n  ${selector} {\n${body}\n  }\n}\n`;
}
