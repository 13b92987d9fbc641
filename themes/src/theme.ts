import { presets } from './generated/presets.js';
import { type PresetName, type Theme, type ThemeInput, themeSchema } from './schema.js';
import { variablesToCss } from './tokens/compile.js';

/** The compiled CSS variables of a preset. */
export function presetVariables(name: PresetName): Readonly<Record<string, string>> {
  return presets[name];
}

/** A theme's variables: its preset, then its overrides. Throws a zod error on an invalid theme. */
export function themeVariables(input: ThemeInput): Record<string, string> {
  const theme: Theme = themeSchema.parse(input);
  return { ...presets[theme.preset], ...theme.variables };
}

/** A theme as CSS, for a constructable stylesheet (`:host` in a widget, `:root` on a page). */
export function themeCss(input: ThemeInput, selector = ':host'): string {
  return variablesToCss(themeVariables(input), selector);
}
