import { css } from 'lit';
import { widgetBaseStyles } from '../shared/widget-base.styles.js';

export const themeCustomizerStyles = [
  widgetBaseStyles,
  css`
  :host {
    /* Private defaults, read only when no public token is set. */
    --_accent: var(--tessera-color-accent, #4c5ce6);
    --_on-accent: var(--tessera-color-on-accent, #fff);
    --_surface: var(--tessera-color-surface, #fff);
    --_surface-raised: var(--tessera-color-surface-raised, #f6f7f9);
    --_surface-sunken: var(--tessera-color-surface-sunken, #eceef2);
    --_border: var(--tessera-color-border, #d5d9e0);
    --_text: var(--tessera-color-text, #181b21);
    --_muted: var(--tessera-color-text-muted, #4f5868);
    --_danger: var(--tessera-color-danger, #c0262d);
    --_danger-surface: var(--tessera-color-danger-surface, #fdeceb);
    --_focus: var(--tessera-color-focus-ring, #3a47c2);
    --_space-xs: var(--tessera-space-xs, 4px);
    --_space-sm: var(--tessera-space-sm, 8px);
    --_space-md: var(--tessera-space-md, 12px);
    --_space-lg: var(--tessera-space-lg, 20px);
    --_radius: var(--tessera-theme-customizer-radius, var(--tessera-radius-md, 12px));
    --_radius-sm: var(--tessera-radius-sm, 6px);
    --_small: var(--tessera-font-size-sm, 0.875rem);
    --_mono: var(--tessera-font-mono, ui-monospace, monospace);

    display: block;
    box-sizing: border-box;
    color: var(--_text);
    background: var(--_surface);
    font-family: var(--tessera-font-body, system-ui, sans-serif);
    font-size: var(--tessera-font-size-md, 1rem);
    line-height: 1.45;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  [part='base'] {
    display: flex;
    flex-direction: column;
    gap: var(--_space-lg);
    padding-bottom: var(--_space-lg);
  }
  [part='header'] {
    padding: var(--_space-sm) var(--_space-md);
    border-bottom: 1px solid var(--_border);
    background: var(--_surface-raised);
    border-radius: var(--_radius) var(--_radius) 0 0;
  }
  h2,
  h3 {
    margin: 0 0 var(--_space-sm);
    font-size: var(--tessera-font-size-md, 1rem);
    font-weight: 600;
    line-height: 1.25;
  }
  h2 {
    margin: 0;
  }
  .layout {
    display: grid;
    grid-template-columns: minmax(16rem, 22rem) minmax(0, 1fr);
    gap: var(--_space-lg);
    padding: 0 var(--_space-md);
    align-items: start;
  }
  @media (max-width: 720px) {
    .layout {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  [part='controls'] {
    display: flex;
    flex-direction: column;
    gap: var(--_space-md);
  }
  fieldset {
    display: flex;
    flex-direction: column;
    gap: var(--_space-sm);
    margin: 0;
    padding: var(--_space-sm) var(--_space-md) var(--_space-md);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-sm);
  }
  legend {
    padding: 0 var(--_space-xs);
    font-weight: 600;
  }
  .hint,
  [part='preview-caption'],
  [part='contrast-summary'] {
    margin: 0;
    color: var(--_muted);
    font-size: var(--_small);
  }
  [part~='field'] {
    display: flex;
    flex-direction: column;
    gap: var(--_space-xs);
  }
  label {
    font-size: var(--_small);
    font-weight: 600;
  }
  .row {
    display: flex;
    gap: var(--_space-sm);
    align-items: center;
  }
  input,
  select,
  textarea,
  button {
    font: inherit;
    color: inherit;
  }
  input[type='text'],
  select,
  textarea {
    min-width: 0;
    flex: 1;
    padding: var(--_space-xs) var(--_space-sm);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-sm);
    background: var(--_surface);
  }
  input[type='text'] {
    font-family: var(--_mono);
    font-size: var(--_small);
  }
  [part='color-picker'] {
    flex: none;
    width: 2.5rem;
    height: 2rem;
    padding: 2px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius-sm);
    background: var(--_surface);
  }
  [part='scale-input'] {
    flex: 1;
    accent-color: var(--_accent);
  }
  [part='scale-value'] {
    min-width: 3.5rem;
    font-family: var(--_mono);
    font-size: var(--_small);
    text-align: end;
  }
  [part~='field-invalid'] input[type='text'] {
    border-color: var(--_danger);
  }
  [part='field-error'] {
    margin: 0;
    color: var(--_danger);
    font-size: var(--_small);
  }
  button {
    align-self: flex-start;
    padding: var(--_space-xs) var(--_space-md);
    border: 1px solid var(--_accent);
    border-radius: var(--_radius-sm);
    background: var(--_accent);
    color: var(--_on-accent);
    cursor: pointer;
  }
  [part='reset-button'] {
    background: transparent;
    color: var(--_text);
    border-color: var(--_border);
  }
  [part='preview'] {
    display: grid;
    gap: var(--_space-md);
  }
  [part='preview-item'] {
    display: flex;
    flex-direction: column;
    gap: var(--_space-xs);
    margin: 0;
  }
  [part='preview-item'] > :last-child {
    height: var(--tessera-theme-customizer-preview-height, 420px);
    overflow: auto;
  }
  [part='contrast'],
  [part='output'] {
    padding: 0 var(--_space-md);
  }
  [part='contrast-table'] {
    width: 100%;
    border-collapse: collapse;
    font-size: var(--_small);
  }
  th,
  td {
    padding: var(--_space-xs) var(--_space-sm);
    border-bottom: 1px solid var(--_border);
    text-align: start;
  }
  thead th {
    background: var(--_surface-raised);
  }
  [part='contrast-swatch'] {
    display: inline-block;
    padding: 0 var(--_space-sm);
    border: 2px solid;
    border-radius: var(--_radius-sm);
    font-weight: 600;
  }
  [part='contrast-ratio'] {
    font-family: var(--_mono);
  }
  [part~='contrast-fail'] [part='contrast-verdict'] {
    color: var(--_danger);
    font-weight: 600;
  }
  .outputs {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr));
    gap: var(--_space-md);
  }
  .output {
    display: flex;
    flex-direction: column;
    gap: var(--_space-xs);
  }
  textarea {
    font-family: var(--_mono);
    font-size: var(--_small);
    background: var(--_surface-sunken);
    resize: vertical;
  }
  [part='error'] {
    margin: 0 var(--_space-md);
    padding: var(--_space-md);
    border: 1px solid var(--_danger);
    border-radius: var(--_radius-sm);
    background: var(--_danger-surface);
    color: var(--_danger);
  }
  [part='error'] p {
    margin: 0 0 var(--_space-sm);
  }
  [part='loading'] {
    color: var(--_muted);
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
`,
];
