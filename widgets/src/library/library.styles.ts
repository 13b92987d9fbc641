import { css } from 'lit';
import { widgetBaseStyles } from '../shared/widget-base.styles.js';

export const libraryStyles = [
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
    --_border-subtle: var(--tessera-color-border-subtle, var(--_border));
    --_text: var(--tessera-color-text, #181b21);
    --_muted: var(--tessera-color-text-muted, #4f5868);
    --_danger: var(--tessera-color-danger, #c0262d);
    --_danger-surface: var(--tessera-color-danger-surface, #fdeceb);
    --_focus: var(--tessera-color-focus-ring, #3a47c2);
    --_space-xs: var(--tessera-space-xs, 4px);
    --_space-sm: var(--tessera-space-sm, 8px);
    --_space-md: var(--tessera-space-md, 12px);
    --_space-lg: var(--tessera-space-lg, 20px);
    --_radius: var(--tessera-library-radius, var(--tessera-radius-md, 12px));
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
    overflow: hidden;
  }
  [part='base'] {
    display: flex;
    flex-direction: column;
    gap: var(--_space-lg);
    padding-bottom: var(--_space-lg);
  }
  [part='header'] {
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    gap: var(--_space-sm);
    padding: var(--_space-sm) var(--_space-md);
    border-bottom: 1px solid var(--_border);
    background: var(--_surface-raised);
  }
  h2,
  h3,
  h4,
  h5 {
    margin: 0 0 var(--_space-sm);
    line-height: 1.25;
  }
  h2 {
    margin: 0;
    font-size: var(--tessera-font-size-md, 1rem);
    font-weight: 600;
  }
  h3 {
    font-size: var(--tessera-font-size-md, 1rem);
  }
  h4 {
    font-size: var(--tessera-font-size-md, 1rem);
    font-weight: 600;
  }
  h5 {
    margin-top: var(--_space-md);
    font-size: var(--_small);
  }
  section > section,
  [part='base'] > section,
  .panels > section {
    padding: 0 var(--_space-md);
  }
  .panels {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 320px), 1fr));
    gap: var(--_space-lg);
  }
  p {
    margin: 0 0 var(--_space-sm);
  }
  .muted {
    color: var(--_muted);
  }

  /* Facts: label and value pairs (storage, report counts, receipt). */
  .facts {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(10em, 1fr));
    gap: var(--_space-sm) var(--_space-md);
    margin: 0 0 var(--_space-sm);
  }
  .facts dt {
    color: var(--_muted);
    font-size: var(--_small);
  }
  .facts dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  [part='receipt'] .facts {
    grid-template-columns: 1fr;
  }

  /* Import */
  [part='drop-zone'] {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: var(--_space-sm);
    padding: var(--_space-md);
    border: 2px dashed var(--_border);
    border-radius: var(--_radius);
    background: var(--tessera-library-drop-zone-bg, var(--_surface-sunken));
  }
  [part='drop-zone'].dragging {
    border-color: var(--_accent);
    border-style: solid;
    background: var(--tessera-library-drop-zone-active-bg, var(--_surface-raised));
  }
  [part='import-progress'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space-sm);
    margin-top: var(--_space-sm);
  }
  progress {
    flex: 1 1 8em;
    accent-color: var(--_accent);
  }
  [part='import-report'],
  [part='receipt'] {
    margin: var(--_space-sm) 0;
    padding: var(--_space-md);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface-raised);
  }
  [part='import-skipped'],
  [part='import-warnings'] {
    margin: 0 0 var(--_space-sm);
    padding-inline-start: 1.25em;
    font-size: var(--_small);
  }
  .where {
    font-weight: 600;
  }

  /* Conversations */
  [part='toolbar'] {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: var(--_space-sm) var(--_space-md);
    margin-bottom: var(--_space-sm);
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: var(--_space-xs);
    min-width: 0;
  }
  .field:first-child {
    flex: 1 1 14em;
  }
  label {
    font-size: var(--_small);
    color: var(--_muted);
  }
  input[type='search'],
  select {
    font: inherit;
    min-width: 0;
    padding: var(--_space-xs) var(--_space-sm);
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-sm);
  }
  [part='search-status']:empty {
    display: none;
  }
  .scroll {
    overflow-x: auto;
    max-width: 100%;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-size: var(--_small);
  }
  th,
  td {
    padding: var(--_space-xs) var(--_space-sm);
    text-align: start;
    vertical-align: top;
    border-bottom: 1px solid var(--_border-subtle);
  }
  thead th {
    position: sticky;
    top: 0;
    background: var(--_surface-raised);
    color: var(--_muted);
    font-weight: 600;
    white-space: nowrap;
  }
  tbody th {
    font-weight: 600;
    min-width: 10em;
    overflow-wrap: anywhere;
  }
  .num {
    text-align: end;
    font-variant-numeric: tabular-nums;
  }
  .select {
    width: 1%;
  }
  tr:has([part='select']:checked) {
    background: var(--tessera-library-row-selected-bg, var(--_surface-raised));
  }
  td.verify {
    min-width: 12em;
  }
  [part='verify-status'] {
    display: block;
    margin-top: var(--_space-xs);
    overflow-wrap: anywhere;
  }
  .verified {
    color: var(--tessera-library-verified-fg, var(--_text));
    font-weight: 600;
  }
  .verified::before {
    content: '✓ ';
  }
  .broken {
    color: var(--_danger);
    font-weight: 600;
  }
  .broken::before {
    content: '✗ ';
  }
  [part='show-more'] {
    margin-top: var(--_space-sm);
  }
  [part='empty'],
  [part='loading'] {
    padding: var(--_space-lg) 0;
    color: var(--_muted);
  }
  code,
  .hash {
    font-family: var(--_mono);
    font-size: 0.85em;
    overflow-wrap: anywhere;
  }
  [part='receipt-hash'] {
    display: inline-block;
    padding: 0 var(--_space-xs);
    border-radius: var(--_radius-sm);
    background: var(--_surface-sunken);
  }

  /* Messages */
  .error,
  [part='error'] {
    margin: 0 var(--_space-md);
    padding: var(--_space-sm) var(--_space-md);
    border-radius: var(--_radius-sm);
    color: var(--_danger);
    background: var(--_danger-surface);
    border: 1px solid currentColor;
  }
  section .error,
  [part='import-error'] {
    margin: var(--_space-sm) 0;
  }
  .notice {
    padding: var(--_space-sm) var(--_space-md);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-sm);
    background: var(--_surface-raised);
  }
  [part='error'] p {
    margin: 0 0 var(--_space-sm);
  }

  /* Controls */
  button,
  .button {
    display: inline-block;
    font: inherit;
    font-size: var(--_small);
    padding: var(--_space-xs) var(--_space-md);
    border-radius: var(--_radius-sm);
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_text);
    text-decoration: none;
    cursor: pointer;
  }
  button.primary {
    background: var(--_accent);
    color: var(--_on-accent);
    border-color: var(--_accent);
  }
  button.danger {
    color: var(--_danger);
  }
  button.danger-solid {
    background: var(--_danger);
    border-color: var(--_danger);
    color: var(--_on-accent);
  }
  button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  a {
    color: var(--_accent);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-sm);
    margin-top: var(--_space-sm);
  }
  button:focus-visible,
  a:focus-visible,
  input:focus-visible,
  select:focus-visible,
  [tabindex]:focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  /* Headings and regions focused by script (after a delete or an import) show where focus went. */
  [tabindex='-1']:focus {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }

  dialog {
    max-width: min(32em, calc(100vw - 2 * var(--_space-md)));
    padding: var(--_space-lg);
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.45);
  }
`,
];
