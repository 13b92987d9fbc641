import * as z from 'zod/mini';

/** The presets every Tessera build ships, each compiled from its own role file. */
const COMPILED_PRESETS = ['light', 'dark', 'high-contrast', 'thermal'] as const;
export const compiledPresetNameSchema = z.enum(COMPILED_PRESETS);
export type CompiledPresetName = z.infer<typeof compiledPresetNameSchema>;

/**
 * A preset a theme may name: a compiled preset, or `auto`, which follows the OS colour scheme
 * (`prefers-color-scheme`): `dark` when it asks for dark, `light` otherwise. Where there is no
 * DOM to ask (a server, a build, node), `auto` is `light`.
 */
export const presetNameSchema = z.enum([...COMPILED_PRESETS, 'auto']);
export type PresetName = z.infer<typeof presetNameSchema>;

// A value may not close the declaration or the rule it is placed in, nor load anything: a theme is
// data, never a way to inject CSS.
const SAFE_VALUE = /^[^;{}<>\\]*$/;
const FORBIDDEN_VALUE = /url\s*\(|@import|expression\s*\(/i;

export const themeVariableNameSchema = z
  .string()
  .check(
    z.regex(
      /^--tessera-[a-z0-9]+(?:-[a-z0-9]+)*$/,
      'A theme variable is named --tessera-<words>, in lowercase with dashes.',
    ),
  );

export const themeVariableValueSchema = z.string().check(
  z.maxLength(200, 'A theme value is at most 200 characters.'),
  z.regex(SAFE_VALUE, 'A theme value may not contain ; { } < > or a backslash.'),
  z.refine((v) => !FORBIDDEN_VALUE.test(v), 'A theme value may not load resources (url(), @import).'),
);

/**
 * A partner theme: a preset plus variable overrides. The same JSON is used by the hosted partner
 * config and by partners who configure from JavaScript.
 */
export const themeSchema = z.object({
  preset: z._default(presetNameSchema, 'light'),
  variables: z._default(z.record(themeVariableNameSchema, themeVariableValueSchema), {}),
});
export type Theme = z.infer<typeof themeSchema>;
export type ThemeInput = z.input<typeof themeSchema>;
