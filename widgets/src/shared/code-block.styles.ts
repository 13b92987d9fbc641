import { css } from 'lit';

/**
 * Rendered Markdown's code blocks (header with the language and a Copy button, highlight.js token
 * colours) and table scroll containers. Colours come from `--tessera-code-*` tokens, never inline
 * styles, so highlighting works under a strict CSP and follows the theme; the fallbacks are the
 * light preset's values.
 */
export const codeBlockStyles = css`
  .code-block {
    --_code-bg: var(--tessera-code-bg, var(--tessera-color-surface-sunken, #eceef2));
    --_code-fg: var(--tessera-code-fg, var(--tessera-color-text, #181b21));
    margin: 0.75em 0;
    border-radius: var(--tessera-code-radius, var(--tessera-radius-sm, 6px));
    background: var(--_code-bg);
    color: var(--_code-fg);
    overflow: hidden;
  }
  .code-header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--tessera-space-sm, 8px);
    padding: 2px 2px 2px var(--tessera-space-sm, 8px);
    border-bottom: 1px solid var(--tessera-color-border-subtle, #d5d9e0);
    color: var(--tessera-code-header-fg, var(--tessera-color-text-muted, #4f5868));
    font-size: var(--tessera-font-size-sm, 0.875rem);
  }
  .code-language {
    font-family: var(--tessera-font-mono, ui-monospace, monospace);
  }
  .code-copy {
    margin-inline-start: auto;
    padding: 2px 8px;
    border: 1px solid transparent;
    border-radius: var(--tessera-radius-sm, 6px);
    background: transparent;
    color: inherit;
    font: inherit;
    cursor: pointer;
  }
  .code-copy:hover {
    color: var(--_code-fg);
    border-color: var(--tessera-color-border, #8a93a3);
  }
  .code-copy:focus-visible {
    outline: 2px solid var(--tessera-color-focus-ring, #3a47c2);
    outline-offset: 1px;
  }
  .code-block pre {
    margin: 0;
    padding: var(--tessera-space-sm, 8px);
    overflow-x: auto;
    background: transparent;
    border-radius: 0;
    font-family: var(--tessera-font-mono, ui-monospace, monospace);
  }
  .code-block pre:focus-visible {
    outline: 2px solid var(--tessera-color-focus-ring, #3a47c2);
  }

  /* highlight.js scopes, each read through its code-syntax token (themes/tokens/components.json). */
  .hljs-keyword,
  .hljs-selector-tag,
  .hljs-doctag,
  .hljs-template-tag {
    color: var(--tessera-code-syntax-keyword-fg, #c0262d);
  }
  .hljs-built_in,
  .hljs-selector-pseudo {
    color: var(--tessera-code-syntax-built-in-fg, #8a3a00);
  }
  .hljs-type,
  .hljs-title.class_,
  .hljs-title.class_.inherited__ {
    color: var(--tessera-code-syntax-type-fg, #8a3a00);
  }
  .hljs-literal {
    color: var(--tessera-code-syntax-literal-fg, #0550ae);
  }
  .hljs-number {
    color: var(--tessera-code-syntax-number-fg, #0550ae);
  }
  .hljs-string,
  .hljs-char.escape_,
  .hljs-meta .hljs-string {
    color: var(--tessera-code-syntax-string-fg, #0a3f7a);
  }
  .hljs-regexp,
  .hljs-link {
    color: var(--tessera-code-syntax-regexp-fg, #0a3f7a);
  }
  .hljs-comment,
  .hljs-quote {
    color: var(--tessera-code-syntax-comment-fg, #4f5868);
    font-style: italic;
  }
  .hljs-title.function_,
  .hljs-section {
    color: var(--tessera-code-syntax-function-fg, #6a32c9);
  }
  .hljs-title {
    color: var(--tessera-code-syntax-title-fg, #6a32c9);
  }
  .hljs-attr,
  .hljs-attribute,
  .hljs-property,
  .hljs-selector-attr,
  .hljs-selector-class,
  .hljs-selector-id {
    color: var(--tessera-code-syntax-attr-fg, #0550ae);
  }
  .hljs-variable,
  .hljs-template-variable,
  .hljs-params,
  .hljs-symbol,
  .hljs-bullet {
    color: var(--tessera-code-syntax-variable-fg, #8a3a00);
  }
  .hljs-tag,
  .hljs-name {
    color: var(--tessera-code-syntax-tag-fg, #12642c);
  }
  .hljs-meta,
  .hljs-meta .hljs-keyword {
    color: var(--tessera-code-syntax-meta-fg, #4f5868);
  }
  .hljs-addition {
    color: var(--tessera-code-syntax-addition-fg, #12642c);
  }
  .hljs-deletion {
    color: var(--tessera-code-syntax-deletion-fg, #c0262d);
  }
  .hljs-emphasis {
    font-style: italic;
  }
  .hljs-strong {
    font-weight: 700;
  }

  .table-scroll {
    max-width: 100%;
    overflow-x: auto;
    margin: 0.75em 0;
  }
  .table-scroll:focus-visible {
    outline: 2px solid var(--tessera-color-focus-ring, #3a47c2);
  }
  .table-scroll table {
    border-collapse: collapse;
  }
  .table-scroll th,
  .table-scroll td {
    padding: 4px 8px;
    border: 1px solid var(--tessera-color-border-subtle, #d5d9e0);
    text-align: start;
  }
`;
