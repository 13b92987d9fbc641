import { html, noChange } from 'lit';
import { AsyncDirective, type ChildPart, directive } from 'lit/async-directive.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { copyCodeOnClick } from '../../shared/code-copy.js';
import type { LiveText } from './live-text.js';
import { blockFinal, blockHtml, markdownReady, onHighlightSettled, splitBlocks } from './markdown-blocks.js';

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
 * so the list around it is not re-rendered per token. Blocks already shown keep their DOM. A
 * finished answer whose code waited for its language renders again when the language arrives.
 */
class AnswerBody extends AsyncDirective {
  #live: LiveText | undefined;
  #stop: (() => void) | undefined;
  #shown: string | undefined;
  #text = '';
  #stopWaiting: (() => void) | undefined;
  #container: Node | undefined;

  override update(part: ChildPart, args: [string, LiveText?]) {
    // The code blocks' Copy buttons are sanitized HTML without listeners: one listener on the bubble.
    const container = part.parentNode;
    if (container !== this.#container) {
      this.#container?.removeEventListener('click', copyCodeOnClick);
      container.addEventListener('click', copyCodeOnClick);
      this.#container = container;
    }
    return super.update(part, args);
  }

  render(text: string, live?: LiveText) {
    if (live !== this.#live) {
      this.#unsubscribe();
      this.#live = live;
      if (this.isConnected) this.#subscribe();
    }
    if (live) {
      this.#shown = undefined;
      // A fence that closed mid-stream highlights when its language arrives, even if the model pauses.
      this.#wait(true);
      return blocks(live.text, true);
    }
    // The text, and whether it was rendered as Markdown or (renderer not loaded yet) as plain text.
    const shown = `${markdownReady() ? 'md' : 'plain'}:${text}`;
    if (shown === this.#shown) return noChange;
    this.#shown = shown;
    return this.#finished(text);
  }

  #finished(text: string) {
    this.#text = text;
    const result = blocks(text, false);
    this.#wait(markdownReady() && splitBlocks(text).some((block) => !blockFinal(block)));
    return result;
  }

  /** Listens for a code language to settle while this answer streams, or while a block of it waits for one. */
  #wait(waiting: boolean): void {
    if (waiting && this.isConnected) {
      this.#stopWaiting ??= onHighlightSettled(() => {
        const live = this.#live;
        this.setValue(live ? blocks(live.text, true) : this.#finished(this.#text));
      });
    } else {
      this.#stopWaiting?.();
      this.#stopWaiting = undefined;
    }
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
    this.#wait(false);
  }

  protected override reconnected(): void {
    this.#subscribe();
    if (this.#live) this.#wait(true);
    // Render again: a language may have arrived while this answer was away.
    if (!this.#live && this.#shown !== undefined) this.setValue(this.#finished(this.#text));
  }
}

export const answerBody = directive(AnswerBody);
