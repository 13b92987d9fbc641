import {
  type CompiledPresetName,
  type ContrastResult,
  checkContrast,
  contrastRequirements,
  presetVariables,
  resolveValue,
  type Theme,
  themeSchema,
  themeVariables,
  variablesToCss,
} from '@tessera/themes';
import { SCALE_DEFAULT, type ThemeField } from './fields.js';

/**
 * Why `raw` cannot be the value of `field`, or undefined when it can. The theme schema speaks first
 * (it is what the hosted config and `appearance` enforce); then the browser says whether the value
 * means anything for its kind, so a typo is refused here rather than silently ignored by CSS later.
 */
export function fieldError(field: ThemeField, raw: string): string | undefined {
  const parsed = themeSchema.safeParse({ variables: { [field.name]: raw } });
  if (!parsed.success) return parsed.error.issues[0]?.message ?? 'This value is not allowed in a theme.';
  const value = raw.trim();
  switch (field.kind) {
    case 'color':
      return CSS.supports('color', value)
        ? undefined
        : `“${value}” is not a CSS colour. Use a hex colour such as #4c5ce6, or var(--tessera-palette-indigo-50).`;
    case 'font':
      return CSS.supports('font-family', value)
        ? undefined
        : `“${value}” is not a font list. Name fonts separated by commas, quoting names with spaces: "Inter", sans-serif.`;
    case 'scale': {
      const n = Number(value);
      const range = field.range;
      if (value === '' || !Number.isFinite(n) || (range && (n < range.min || n > range.max))) {
        return `${field.label} is a number${range ? ` from ${range.min} to ${range.max}` : ''}.`;
      }
      return undefined;
    }
  }
}

/**
 * The theme as the partner keeps it: the preset, and only the variables that differ from it (a
 * scale knob at 1 is no change: the tokens assume 1 when it is unset).
 */
export function themeOf(preset: CompiledPresetName, edited: Readonly<Record<string, string>>): Theme {
  const base = presetVariables(preset);
  const variables: Record<string, string> = {};
  for (const [name, raw] of Object.entries(edited)) {
    const value = raw.trim();
    if (value === '' || value === base[name]) continue;
    if (name.endsWith('-scale') && !(name in base) && Number(value) === SCALE_DEFAULT) continue;
    variables[name] = value;
  }
  return { preset, variables };
}

/** The theme as the JSON a partner pastes into its hosted config or its `appearance`. */
export function themeJson(theme: Theme): string {
  return `${JSON.stringify(theme, null, 2)}\n`;
}

/**
 * The theme as CSS for a page: every variable (the preset's and the edits), set on the widgets'
 * tags. Not `:root`: each widget sets its preset on its own host, which inherited values cannot beat.
 */
export function themeCssFor(theme: Theme, tags: readonly string[]): string {
  return variablesToCss(themeVariables(theme), tags.join(',\n  '));
}

let canvas: CanvasRenderingContext2D | null | undefined;

/**
 * Any CSS colour as `#rrggbb`, as the browser parses it (a canvas normalizes `fillStyle`), or
 * undefined for what has no contrast of its own: a translucent colour, or not a colour at all.
 */
export function toHex(value: string): string | undefined {
  if (/^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(value.trim())) return value.trim();
  canvas ??= document.createElement('canvas').getContext('2d');
  if (!canvas) return undefined;
  // A sentinel first: an unparsable value leaves fillStyle unchanged.
  canvas.fillStyle = '#010203';
  canvas.fillStyle = value;
  const parsed = String(canvas.fillStyle);
  if (parsed === '#010203' && value.trim().toLowerCase() !== '#010203') return undefined;
  return /^#[0-9a-f]{6}$/i.test(parsed) ? parsed : undefined;
}

/** A contrast pair as the panel shows it: checked, or why it could not be. */
export type ContrastRow =
  | (ContrastResult & { checked: true; fgColor: string; bgColor: string })
  | { checked: false; fg: string; bg: string; min: number; problem: string };

/** Whether a row was checked and fails. */
export const failsContrast = (row: ContrastRow): boolean => row.checked && !row.pass;

/** The contrast pairs every preset must pass, checked against the edited theme's variables. */
export function contrastRows(variables: Readonly<Record<string, string>>): ContrastRow[] {
  return contrastRequirements.map((req) => {
    let fgColor: string | undefined;
    let bgColor: string | undefined;
    try {
      fgColor = toHex(resolveValue(variables, `var(${req.fg})`));
      bgColor = toHex(resolveValue(variables, `var(${req.bg})`));
    } catch {
      return {
        ...req,
        checked: false,
        problem: 'Not checked: a colour refers to a variable the theme does not define.',
      };
    }
    if (!fgColor || !bgColor) {
      return { ...req, checked: false, problem: 'Not checked: a translucent colour has no contrast of its own.' };
    }
    const [result] = checkContrast({ [req.fg]: fgColor, [req.bg]: bgColor }, [req]);
    return result
      ? { ...result, checked: true, fgColor, bgColor }
      : { ...req, checked: false, problem: 'Not checked.' };
  });
}
