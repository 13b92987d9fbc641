/**
 * WCAG 2.1 contrast: relative luminance, contrast ratio, and the pairs every preset must pass.
 *
 * Preset variables are aliases (`var(--tessera-palette-…)`), so a colour is first resolved within
 * the preset's own variables. Colours are sRGB hex (`#rgb`, `#rrggbb`); alpha is not supported on
 * purpose: a translucent colour has no contrast of its own, only against what lies under it.
 */

export type Rgb = readonly [r: number, g: number, b: number];

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;
const VAR = /^var\(\s*(--[a-z0-9-]+)\s*(?:,\s*(.+))?\)$/i;

/** Parses `#rgb` or `#rrggbb` into 0–255 channels. Throws on anything else. */
export function parseColor(value: string): Rgb {
  const match = HEX.exec(value.trim());
  if (!match?.[1]) throw new Error(`Not a hex colour: ${value}`);
  const hex = match[1].length === 3 ? [...match[1]].map((c) => c + c).join('') : match[1];
  return [0, 2, 4].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)) as unknown as Rgb;
}

/** WCAG 2.1 relative luminance (0 for black, 1 for white). */
export function relativeLuminance([r, g, b]: Rgb): number {
  const channel = (c: number): number => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** WCAG 2.1 contrast ratio, from 1 (same luminance) to 21 (black on white). Order does not matter. */
export function contrastRatio(a: string | Rgb, b: string | Rgb): number {
  const la = relativeLuminance(typeof a === 'string' ? parseColor(a) : a);
  const lb = relativeLuminance(typeof b === 'string' ? parseColor(b) : b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * Resolves a value to a literal by following `var(--name[, fallback])` through `variables`.
 * Throws on a cycle or on a reference that is neither defined nor given a fallback.
 */
export function resolveValue(variables: Readonly<Record<string, string>>, value: string): string {
  const seen = new Set<string>();
  let current = value.trim();
  for (;;) {
    const ref = VAR.exec(current);
    if (!ref?.[1]) return current;
    const name = ref[1];
    if (seen.has(name)) throw new Error(`Cycle through ${name}`);
    seen.add(name);
    const next = variables[name] ?? ref[2];
    if (next === undefined) throw new Error(`${name} is not defined`);
    current = next.trim();
  }
}

/** A foreground/background pair and the ratio it must reach. */
export interface ContrastRequirement {
  fg: string;
  bg: string;
  /** 4.5 for text (WCAG 1.4.3 AA), 3 for borders and focus indicators (1.4.11). */
  min: number;
}

const text = (fg: string, bg: string): ContrastRequirement => ({
  fg: `--tessera-${fg}`,
  bg: `--tessera-${bg}`,
  min: 4.5,
});
const nonText = (fg: string, bg: string): ContrastRequirement => ({
  fg: `--tessera-${fg}`,
  bg: `--tessera-${bg}`,
  min: 3,
});

/** The pairs every preset must pass (the theme customizer checks the same list). */
export const contrastRequirements: readonly ContrastRequirement[] = [
  text('color-text', 'color-surface'),
  text('color-text', 'color-surface-raised'),
  text('color-text-muted', 'color-surface'),
  text('color-text-muted', 'color-surface-raised'),
  text('color-on-accent', 'color-accent'),
  text('chat-bubble-user-fg', 'chat-bubble-user-bg'),
  text('chat-bubble-assistant-fg', 'chat-bubble-assistant-bg'),
  text('color-danger', 'color-danger-surface'),
  nonText('color-border', 'color-surface'),
  nonText('color-focus-ring', 'color-surface'),
  nonText('color-focus-ring', 'color-surface-raised'),
];

export interface ContrastResult extends ContrastRequirement {
  ratio: number;
  pass: boolean;
}

/** Checks each requirement against a preset's (or a theme's) variables. */
export function checkContrast(
  variables: Readonly<Record<string, string>>,
  requirements: readonly ContrastRequirement[] = contrastRequirements,
): ContrastResult[] {
  return requirements.map((req) => {
    const ratio = contrastRatio(resolveValue(variables, `var(${req.fg})`), resolveValue(variables, `var(${req.bg})`));
    return { ...req, ratio, pass: ratio >= req.min };
  });
}
