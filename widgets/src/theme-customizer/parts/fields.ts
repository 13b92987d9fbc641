/** What kind of input edits a variable, and so how its value is checked. */
export type FieldKind = 'color' | 'font' | 'scale';

/** One variable the customizer edits. */
export interface ThemeField {
  name: `--tessera-${string}`;
  label: string;
  kind: FieldKind;
  /** Scale knobs only: the slider's range and step, and the value the tokens assume when unset. */
  range?: { min: number; max: number; step: number };
}

const color = (role: string, label: string): ThemeField => ({ name: `--tessera-color-${role}`, label, kind: 'color' });

/** The role colours a partner brands: the ones every widget reads and the contrast pairs check. */
export const colorFields: readonly ThemeField[] = [
  color('accent', 'Accent'),
  color('on-accent', 'Text on accent'),
  color('surface', 'Surface'),
  color('surface-raised', 'Raised surface'),
  color('surface-sunken', 'Sunken surface'),
  color('text', 'Text'),
  color('text-muted', 'Muted text'),
  color('border', 'Border'),
  color('danger', 'Danger'),
  color('danger-surface', 'Danger surface'),
  color('focus-ring', 'Focus ring'),
];

/** Unset scale knobs are 1: the compiled tokens read them as `var(--tessera-…-scale, 1)`. */
export const SCALE_DEFAULT = 1;

/** The knobs that resize the whole system with one number each. */
export const scaleFields: readonly ThemeField[] = [
  { name: '--tessera-space-scale', label: 'Spacing scale', kind: 'scale', range: { min: 0.5, max: 2, step: 0.05 } },
  { name: '--tessera-radius-scale', label: 'Radius scale', kind: 'scale', range: { min: 0, max: 3, step: 0.1 } },
  {
    name: '--tessera-font-size-scale',
    label: 'Font size scale',
    kind: 'scale',
    range: { min: 0.75, max: 1.5, step: 0.05 },
  },
];

export const fontFields: readonly ThemeField[] = [
  { name: '--tessera-font-body', label: 'Body font', kind: 'font' },
  { name: '--tessera-font-mono', label: 'Monospace font', kind: 'font' },
];

export const allFields: readonly ThemeField[] = [...colorFields, ...scaleFields, ...fontFields];

/** Names for the component tokens the contrast pairs include. */
const OTHER_LABELS: Readonly<Record<string, string>> = {
  '--tessera-chat-bubble-user-fg': 'User bubble text',
  '--tessera-chat-bubble-user-bg': 'User bubble',
  '--tessera-chat-bubble-assistant-fg': 'Assistant bubble text',
  '--tessera-chat-bubble-assistant-bg': 'Assistant bubble',
};

/** A readable name for a variable in the contrast table (an unknown `--tessera-a-b` reads "a b"). */
export function variableLabel(name: string): string {
  const label = allFields.find((f) => f.name === name)?.label ?? OTHER_LABELS[name];
  if (label) return label;
  return name.replace(/^--tessera-(color-)?/, '').replaceAll('-', ' ');
}
