import { css } from 'lit';
import { widgetBaseStyles } from '../shared/widget-base.styles.js';

export const keyManagerStyles = [
  widgetBaseStyles,
  css`
  :host {
    /* Private defaults, read only when no public token is set. */
    --_accent: var(--tessera-color-accent, #4c5ce6);
    --_on-accent: var(--tessera-color-on-accent, #fff);
    --_surface: var(--tessera-color-surface, #fff);
    --_surface-raised: var(--tessera-color-surface-raised, #f6f7f9);
    --_border: var(--tessera-color-border, #d5d9e0);
    --_text: var(--tessera-color-text, #181b21);
    --_muted: var(--tessera-color-text-muted, #4f5868);
    --_danger: var(--tessera-color-danger, #c0262d);
    --_space-sm: var(--tessera-space-sm, 8px);
    --_space-md: var(--tessera-space-md, 12px);
    --_radius-sm: var(--tessera-radius-sm, 6px);
    --_radius: var(--tessera-key-manager-radius, var(--tessera-radius-md, 12px));

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
    gap: var(--_space-md);
    padding: var(--_space-md);
  }
  h2,
  h3 {
    margin: 0;
    font-size: var(--tessera-font-size-md, 1rem);
    font-weight: 600;
  }
  p {
    margin: 0;
  }
  .hint,
  .added,
  .optional,
  [part='field-message'].hint,
  [part='strength'] {
    color: var(--_muted);
    font-size: var(--tessera-font-size-sm, 0.875rem);
  }
  [part='header'] {
    display: flex;
    flex-direction: column;
    gap: 2px;
  }
  [part='providers'],
  [part='local-list'] {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    border: 1px solid var(--_border);
    border-radius: var(--_radius-sm);
    overflow: hidden;
  }
  [part~='provider'],
  [part='local-server'] {
    padding: var(--_space-sm) var(--_space-md);
    background: var(--_surface);
  }
  [part~='provider'] + [part~='provider'],
  [part='local-server'] + [part='local-server'] {
    border-top: 1px solid var(--_border);
  }
  .row,
  [part='local-server'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space-sm);
  }
  [part='provider-name'] {
    font-weight: 600;
    min-width: 9em;
  }
  [part='key-status'] {
    flex: 1;
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-sm);
    align-items: baseline;
    color: var(--_muted);
  }
  code {
    font-family: var(--tessera-font-mono, ui-monospace, monospace);
    font-size: var(--tessera-font-size-sm, 0.875rem);
    color: var(--_text);
    overflow-wrap: anywhere;
  }
  .actions {
    display: flex;
    gap: var(--_space-sm);
    margin-inline-start: auto;
  }
  form,
  [part='confirm-delete'] {
    display: flex;
    flex-direction: column;
    gap: var(--_space-sm);
    margin-top: var(--_space-sm);
  }
  [part='local-servers'],
  [part='sync'] {
    display: flex;
    flex-direction: column;
    gap: var(--_space-sm);
    padding: var(--_space-md);
    background: var(--_surface-raised);
    border-radius: var(--_radius-sm);
  }
  .fields {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-sm);
  }
  .fields label {
    display: flex;
    flex-direction: column;
    gap: 2px;
    flex: 1 1 12em;
    font-size: var(--tessera-font-size-sm, 0.875rem);
  }
  .field-row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-sm);
  }
  .field-row input {
    flex: 1 1 14em;
  }
  input,
  select {
    font: inherit;
    min-height: 2.25em;
    padding: 4px var(--_space-sm);
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-sm);
  }
  input[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  button {
    font: inherit;
    padding: 4px var(--_space-md);
    min-height: 2.25em;
    border-radius: var(--_radius-sm);
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_text);
    cursor: pointer;
  }
  form > button,
  [part='sync'] > button,
  [part='confirm-delete'] > button {
    align-self: flex-start;
  }
  [part='confirm-delete'] {
    flex-direction: row;
    flex-wrap: wrap;
  }
  [part='confirm-delete'] > p {
    flex-basis: 100%;
  }
  [part='disconnect-button'] {
    margin-inline-start: auto;
  }
  button.primary {
    background: var(--_accent);
    color: var(--_on-accent);
    border-color: var(--_accent);
  }
  button.danger {
    color: var(--_danger);
    border-color: currentColor;
  }
  button.link {
    align-self: flex-start;
    padding: 0;
    min-height: 0;
    border: 0;
    background: none;
    color: var(--_accent);
    text-decoration: underline;
  }
  button:disabled,
  input:disabled,
  select:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible {
    outline: 2px solid var(--tessera-color-focus-ring, #3a47c2);
    outline-offset: 2px;
  }
  [part='field-message'].problem,
  [part='sync-error'],
  [part='error'] {
    color: var(--_danger);
    font-size: var(--tessera-font-size-sm, 0.875rem);
  }
  [part='error'] {
    padding: var(--_space-sm) var(--_space-md);
    border-radius: var(--_radius-sm);
    background: var(--tessera-color-danger-surface, #fdeceb);
    border: 1px solid currentColor;
  }
  [part='sync-status'].notice {
    font-weight: 600;
  }
  [part='strength'].weak,
  [part='strength'].too-short {
    color: var(--_danger);
  }
  [part='loading'],
  [part='empty'] {
    color: var(--_muted);
  }
`,
];
