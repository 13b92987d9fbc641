import { html, noChange } from 'lit';
import { AsyncDirective, directive } from 'lit/async-directive.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { LiveText } from './live-text.js';
import { blockHtml, markdownReady, splitBlocks } from './markdown-blocks.js';

const typing = html`<span class="typing" aria-label="Writing">…</span>`;

function blocks(text: string, streaming: boolean) {
  if (streaming && text === '') return typing;
  const parts = splitBlocks(text);
  // While streaming, the last block changes on every frame: render it, do not keep it.
  return parts.map((block, i) => unsafeHTML(blockHtml(block, !streaming || i < parts.length - 1)));
}

/**
 * An answer's Markdown, block by block. A finished answer renders once (a list re-render with the
 * same text changes nothing); a streaming one follows its `LiveText` on its own, once per frame,
 * so the list around it is not re-rendered per token. Blocks already shown keep their DOM.
 */
class AnswerBody extends AsyncDirective {
  #live: LiveText | undefined;
  #stop: (() => void) | undefined;
  #shown: string | undefined;

  render(text: string, live?: LiveText) {
    if (live !== this.#live) {
      this.#unsubscribe();
      this.#live = live;
      if (this.isConnected) this.#subscribe();
    }
    if (live) {
      this.#shown = undefined;
      return blocks(live.text, true);
    }
    // The text, and whether it was rendered as Markdown or (renderer not loaded yet) as plain text.
    const shown = `${markdownReady() ? 'md' : 'plain'}:${text}`;
    if (shown === this.#shown) return noChange;
    this.#shown = shown;
    return blocks(text, false);
  }

  #subscribe(): void {
    const live = this.#live;
    if (live) this.#stop = live.subscribe(() => this.setValue(blocks(live.text, true)));
  }

  #unsubscribe(): void {
    this.#stop?.();
    this.#stop = undefined;
  }

  protected override disconnected(): void {
    this.#unsubscribe();
  }

  protected override reconnected(): void {
    this.#subscribe();
  }
}

export const answerBody = directive(AnswerBody);
