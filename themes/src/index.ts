export { type PresetName, presetNameSchema, type Theme, type ThemeInput, themeSchema } from './schema.js';
export { presetVariables, themeCss, themeVariables } from './theme.js';
export { type CssVariables, compileTokens, type TokenTree, variableName, variablesToCss } from './tokens/compile.js';
