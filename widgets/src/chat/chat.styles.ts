import { css } from 'lit';
import { codeBlockStyles } from '../shared/code-block.styles.js';
import { widgetBaseStyles } from '../shared/widget-base.styles.js';

export const chatStyles = [
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
    --_space-sm: var(--tessera-space-sm, 8px);
    --_space-md: var(--tessera-space-md, 12px);
    --_radius: var(--tessera-chat-radius, var(--tessera-radius-md, 12px));

    display: block;
    min-height: 320px;
    height: 100%;
    box-sizing: border-box;
    color: var(--_text);
    background: var(--_surface);
    font-family: var(--tessera-font-body, system-ui, sans-serif);
    font-size: var(--tessera-font-size-md, 1rem);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
  }
  [part='base'] {
    position: relative;
    display: flex;
    height: 100%;
    min-height: inherit;
  }
  .main,
  .stage {
    position: relative;
    display: flex;
    flex-direction: column;
    flex: 1;
    min-width: 0;
    min-height: 0;
  }
  .sidebar {
    flex: none;
    width: var(--tessera-chat-conversations-width, 16rem);
    border-inline-end: 1px solid var(--_border);
    background: var(--_surface-raised);
  }
  .sidebar[hidden] {
    display: none;
  }
  /* Narrow: the list is a panel over the chat, from the inline-start side (the right, in Arabic). */
  .narrow .sidebar {
    position: absolute;
    inset-block: 0;
    inset-inline: 0 auto;
    z-index: 2;
    width: min(85%, var(--tessera-chat-conversations-width, 16rem));
    box-shadow: 0 0 24px rgb(0 0 0 / 0.25);
  }
  [part='header'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space-sm);
    padding: var(--_space-sm) var(--_space-md);
    border-bottom: 1px solid var(--_border);
    background: var(--_surface-raised);
  }
  .title {
    margin: 0;
    font-size: var(--tessera-font-size-md, 1rem);
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .heading {
    display: flex;
    align-items: baseline;
    gap: var(--_space-sm);
    min-width: 0;
    flex: 1 1 8em;
  }
  [part='total-cost'] {
    color: var(--_muted);
    font-size: var(--tessera-font-size-sm, 0.875rem);
  }
  [part='model-picker'] {
    max-width: 22em;
    min-width: 0;
    font: inherit;
    font-size: var(--tessera-font-size-sm, 0.875rem);
    padding: 4px var(--_space-sm);
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--tessera-radius-sm, 6px);
  }
  [part='messages'] {
    flex: 1;
    min-height: 0;
    overflow-y: auto;
    padding: var(--_space-md);
    display: flex;
    flex-direction: column;
  }
  .rows {
    flex: 1;
  }
  [part='jump-button'] {
    position: absolute;
    bottom: var(--_space-sm);
    /* Centred, so the same in both directions (translateX does not follow the writing direction). */
    left: 50%;
    transform: translateX(-50%);
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.2);
  }
  [part='empty'] {
    margin: auto;
    max-width: 36ch;
    text-align: center;
    color: var(--_muted);
  }
  .message {
    max-width: 85%;
    /* Rows off screen skip style, layout and paint (still read by screen readers and find-in-page);
       'auto' remembers each row's last real height, so the scrollbar does not jump. */
    content-visibility: auto;
    contain-intrinsic-size: auto 20em auto 4em;
    /* Paint containment clips: room for focus rings. */
    padding: 3px;
  }
  .message + .message {
    margin-top: var(--_space-md);
  }
  .message.user {
    display: flex;
    flex-direction: column;
    align-items: flex-end;
    width: fit-content;
    margin-inline-start: auto;
  }
  .assistant .bubble {
    width: fit-content;
    max-width: 100%;
  }
  .bubble {
    padding: var(--_space-sm) var(--_space-md);
    border-radius: var(--_radius);
    line-height: 1.5;
    overflow-wrap: anywhere;
  }
  .user .bubble {
    white-space: pre-wrap;
    background: var(--tessera-chat-bubble-user-bg, var(--_accent));
    color: var(--tessera-chat-bubble-user-fg, var(--_on-accent));
  }
  .assistant .bubble {
    background: var(--tessera-chat-bubble-assistant-bg, var(--_surface-raised));
    color: var(--tessera-chat-bubble-assistant-fg, var(--_text));
  }
  .bubble > :first-child {
    margin-top: 0;
  }
  .bubble > :last-child {
    margin-bottom: 0;
  }
  .bubble pre {
    overflow-x: auto;
    padding: var(--_space-sm);
    border-radius: var(--tessera-radius-sm, 6px);
    background: var(--tessera-color-surface-sunken, #eceef2);
    font-family: var(--tessera-font-mono, ui-monospace, monospace);
  }
  .bubble a {
    color: inherit;
  }
  .meta,
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space-sm);
    margin-top: 4px;
    color: var(--_muted);
    font-size: var(--tessera-font-size-sm, 0.875rem);
  }
  .actions {
    gap: 2px;
  }
  .actions button {
    padding: 2px 6px;
    font-size: inherit;
    color: inherit;
    border-color: transparent;
    background: transparent;
  }
  .actions button:hover:not(:disabled) {
    color: var(--_text);
    border-color: var(--_border);
  }
  .branch {
    display: inline-flex;
    align-items: center;
    font-variant-numeric: tabular-nums;
  }
  /* The row mirrors in right-to-left text, so "previous" sits on the right and its arrow must point
     right. The glyphs are pinned left to right (no bidi mirroring, which varies with the font) and
     flipped here, so the arrows point the same way in every browser. */
  [part='branch-previous-button'],
  [part='branch-next-button'] {
    direction: ltr;
    unicode-bidi: isolate;
  }
  :host(:dir(rtl)) :is([part='branch-previous-button'], [part='branch-next-button']) {
    transform: scaleX(-1);
  }
  .edit {
    display: flex;
    flex-direction: column;
    gap: 4px;
    width: min(36em, 100%);
  }
  .edit .row {
    display: flex;
    justify-content: flex-end;
    gap: 4px;
  }
  [part='error'] {
    margin: 0 var(--_space-md) var(--_space-sm);
    padding: var(--_space-sm) var(--_space-md);
    border-radius: var(--tessera-radius-sm, 6px);
    color: var(--tessera-color-danger, #c0262d);
    background: var(--tessera-color-danger-surface, #fdeceb);
    border: 1px solid currentColor;
  }
  [part='composer'] {
    display: flex;
    gap: var(--_space-sm);
    padding: var(--_space-sm) var(--_space-md) var(--_space-md);
    border-top: 1px solid var(--_border);
  }
  textarea {
    flex: 1;
    resize: none;
    min-height: 2.75em;
    max-height: 12em;
    padding: var(--_space-sm);
    font: inherit;
    color: inherit;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--tessera-radius-sm, 6px);
  }
  button {
    font: inherit;
    padding: var(--_space-sm) var(--_space-md);
    border-radius: var(--tessera-radius-sm, 6px);
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_text);
    cursor: pointer;
  }
  button.primary {
    background: var(--_accent);
    color: var(--_on-accent);
    border-color: var(--_accent);
  }
  button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  button:focus-visible,
  textarea:focus-visible,
  input:focus-visible,
  [part='messages']:focus-visible {
    outline: 2px solid var(--tessera-color-focus-ring, #3a47c2);
    outline-offset: 2px;
  }
  ${codeBlockStyles}
`,
];
