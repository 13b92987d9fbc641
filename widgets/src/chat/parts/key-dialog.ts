import { loadOnDemand, type Tessera } from '@tessera/core';
import type { ThemeInput } from '@tessera/themes/schema';
import { css } from 'lit';
import { define } from '../../shared/define.js';

/** What the key manager inside the chat needs from the chat: the instance and the look. */
export interface KeyManagerSource {
  instance: Tessera | undefined;
  appearance: ThemeInput | undefined;
  theme: string | undefined;
}

/**
 * The chat's key manager: a `<prefix-key-manager>` inside a modal `<dialog>`. Its code loads the
 * first time the user asks for it, so a page that only chats never downloads it; it registers under
 * the chat's own prefix (`acme-chat` gets `acme-key-manager`), and reuses a tag already defined.
 * A download that fails rejects with a `network` TesseraError; nothing is kept, so the next call
 * downloads it again.
 */
export async function keyManagerFor(prefix: string, source: KeyManagerSource): Promise<HTMLElement> {
  const tag = `${prefix}-key-manager`;
  if (!customElements.get(tag)) {
    const { TesseraKeyManager } = await loadOnDemand(
      'the key manager',
      () => import('../../key-manager/key-manager.element.js'),
    );
    define({ noun: 'key-manager', element: TesseraKeyManager }, prefix);
  }
  const element = document.createElement(tag) as HTMLElement & KeyManagerProps;
  syncKeyManager(element, source);
  return element;
}

interface KeyManagerProps {
  tessera: Tessera | undefined;
  appearance: ThemeInput | undefined;
  theme: string | undefined;
}

/** Gives the key manager the chat's current instance and theme. */
export function syncKeyManager(element: HTMLElement, source: KeyManagerSource): void {
  const manager = element as HTMLElement & KeyManagerProps;
  manager.tessera = source.instance;
  manager.appearance = source.appearance;
  if (source.theme) manager.theme = source.theme;
}

/** The tag prefix a chat element was registered under: `acme-chat` gives `acme`. */
export const prefixOf = (element: Element) => element.localName.replace(/-chat$/, '');

export const keyDialogStyles = css`
  [part='key-dialog'] {
    width: min(40rem, calc(100% - 2 * var(--_space-md)));
    max-height: calc(100% - 2 * var(--_space-md));
    padding: 0;
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  [part='key-dialog']::backdrop {
    background: rgb(0 0 0 / 0.4);
  }
  .dialog-head {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--_space-sm);
    padding: var(--_space-sm) var(--_space-md);
    border-bottom: 1px solid var(--_border);
  }
  .dialog-head h2 {
    margin: 0;
    font-size: var(--tessera-font-size-md, 1rem);
  }
  .dialog-body {
    padding: var(--_space-md);
  }
  .onboarding {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: var(--_space-sm);
  }
  .error-actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space-sm);
    margin-top: var(--_space-sm);
  }
  [part='retry-countdown'] {
    font-variant-numeric: tabular-nums;
  }
`;
