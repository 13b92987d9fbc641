import { presets } from './generated/presets.js';
import { type CompiledPresetName, type PresetName, type Theme, type ThemeInput, themeSchema } from './schema.js';
import { variablesToCss } from './tokens/compile.js';

/** How to resolve `auto`: whether the OS asks for a dark colour scheme. */
export interface ColorSchemeOptions {
  /** `true`: `auto` is `dark`. Omitted or `false` (no DOM to ask): `auto` is `light`. */
  prefersDark?: boolean;
}

/**
 * The compiled preset a name stands for. `auto` is `dark` when `prefersDark` is true and `light`
 * otherwise, so code without a DOM (the server, a build step) gets the light preset; widgets pass
 * `matchMedia('(prefers-color-scheme: dark)').matches` and re-resolve when it changes.
 */
export function resolvePreset(name: PresetName, options: ColorSchemeOptions = {}): CompiledPresetName {
  if (name !== 'auto') return name;
  return options.prefersDark ? 'dark' : 'light';
}

/** The compiled CSS variables of a preset (`auto` resolved as in `resolvePreset`). */
export function presetVariables(name: PresetName, options?: ColorSchemeOptions): Readonly<Record<string, string>> {
  return presets[resolvePreset(name, options)];
}

/**
 * A theme's variables: its preset, then its overrides. Throws a zod error on an invalid theme.
 * A theme whose preset is `auto` gets `light` unless `options.prefersDark` says otherwise.
 */
export function themeVariables(input: ThemeInput, options?: ColorSchemeOptions): Record<string, string> {
  const theme: Theme = themeSchema.parse(input);
  return { ...presets[resolvePreset(theme.preset, options)], ...theme.variables };
}

/** A theme as CSS, for a constructable stylesheet (`:host` in a widget, `:root` on a page). */
export function themeCss(input: ThemeInput, selector = ':host', options?: ColorSchemeOptions): string {
  return variablesToCss(themeVariables(input, options), selector);
}
