import type { Tessera } from '@tessera/core';
import type { Theme } from '@tessera/themes';
import { html, unsafeStatic } from 'lit/static-html.js';

const PREVIEWS = [
  { noun: 'chat', label: 'Chat' },
  { noun: 'library', label: 'Library' },
  { noun: 'key-manager', label: 'Key manager' },
] as const;

/**
 * Every widget, themed with the edited theme, under the customizer's own prefix. The prefix is safe
 * to put in markup: it comes from a registered tag name, which `define()` only accepts when it is
 * lowercase letters, digits and dashes.
 */
export function previewPanel(prefix: string, theme: Theme, tessera: Tessera) {
  return html`<section part="preview" aria-labelledby="preview-heading">
    <h3 id="preview-heading">Preview</h3>
    ${PREVIEWS.map(({ noun, label }) => {
      const tag = unsafeStatic(`${prefix}-${noun}`);
      return html`<figure part="preview-item" data-widget=${noun}>
        <figcaption part="preview-caption">${label}</figcaption>
        <${tag} .tessera=${tessera} .appearance=${theme}></${tag}>
      </figure>`;
    })}
  </section>`;
}
