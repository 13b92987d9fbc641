export {
  type ContrastRequirement,
  type ContrastResult,
  checkContrast,
  contrastRatio,
  contrastRequirements,
  parseColor,
  relativeLuminance,
  resolveValue,
} from './contrast.js';
export {
  type CompiledPresetName,
  compiledPresetNameSchema,
  type PresetName,
  presetNameSchema,
  type Theme,
  type ThemeInput,
  themeSchema,
} from './schema.js';
export { type ColorSchemeOptions, presetVariables, resolvePreset, themeCss, themeVariables } from './theme.js';
export { type CssVariables, compileTokens, type TokenTree, variableName, variablesToCss } from './tokens/compile.js';
