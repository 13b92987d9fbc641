import { html, noChange } from 'lit';
import { AsyncDirective, type ChildPart, directive } from 'lit/async-directive.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { type CodeCopyLabels, copyCode, ENGLISH_CODE_COPY_LABELS } from '../../shared/code-copy.js';
import type { Localizer } from '../../shared/i18n/localizer.js';
import type { LiveText } from './live-text.js';
import { blockFinal, blockHtml, markdownReady, onHighlightSettled, splitBlocks } from './markdown-blocks.js';

/** The words of code blocks and tables, and of the typing indicator, in one locale. */
interface AnswerWords {
  writing: string;
  code: CodeCopyLabels;
}

const ENGLISH: AnswerWords = { writing: 'Writing', code: ENGLISH_CODE_COPY_LABELS };

const wordsByLocalizer = new WeakMap<Localizer, AnswerWords>();

function wordsOf(i18n: Localizer): AnswerWords {
  let words = wordsByLocalizer.get(i18n);
  if (!words) {
    words = {
      writing: i18n.t('chat.writing'),
      code: {
        copy: i18n.t('chat.code.copy'),
        copyLabel: i18n.t('chat.code.copyLabel'),
        copied: i18n.t('chat.code.copied'),
        selected: i18n.t('chat.code.selected'),
        selectedLabel: i18n.t('chat.code.selectedLabel'),
        table: i18n.t('chat.code.table'),
      },
    };
    wordsByLocalizer.set(i18n, words);
  }
  return words;
}

function blocks(text: string, streaming: boolean, words: AnswerWords, parts = splitBlocks(text)) {
  if (streaming && text === '') return html`<span class="typing" aria-label=${words.writing}>…</span>`;
  // While streaming, the last block changes on every frame: render it, do not keep it.
  return parts.map((block, i) => unsafeHTML(blockHtml(block, !streaming || i < parts.length - 1, words.code)));
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
  #words: AnswerWords = ENGLISH;
  readonly #copy = (event: Event) => void copyCode(event, this.#words.code);

  override update(part: ChildPart, args: [string, LiveText | undefined, Localizer]) {
    // The code blocks' Copy buttons are sanitized HTML without listeners: one listener on the bubble.
    const container = part.parentNode;
    if (container !== this.#container) {
      this.#container?.removeEventListener('click', this.#copy);
      container.addEventListener('click', this.#copy);
      this.#container = container;
    }
    return super.update(part, args);
  }

  render(text: string, live: LiveText | undefined, i18n: Localizer) {
    const words = wordsOf(i18n);
    // Another language (or its table just arrived): the finished answer renders again in its words.
    if (words !== this.#words) this.#shown = undefined;
    this.#words = words;
    if (live !== this.#live) {
      this.#unsubscribe();
      this.#live = live;
      if (this.isConnected) this.#subscribe();
    }
    if (live) {
      this.#shown = undefined;
      // A fence that closed mid-stream highlights when its language arrives, even if the model pauses.
      this.#wait(true);
      return blocks(live.text, true, words);
    }
    // The text, and whether it was rendered as Markdown or (renderer not loaded yet) as plain text.
    const shown = `${markdownReady() ? 'md' : 'plain'}:${text}`;
    if (shown === this.#shown) return noChange;
    this.#shown = shown;
    return this.#finished(text);
  }

  #finished(text: string) {
    this.#text = text;
    const parts = splitBlocks(text);
    const result = blocks(text, false, this.#words, parts);
    this.#wait(markdownReady() && parts.some((block) => !blockFinal(block, this.#words.code)));
    return result;
  }

  /** Listens for a code language to settle while this answer streams, or while a block of it waits for one. */
  #wait(waiting: boolean): void {
    if (waiting && this.isConnected) {
      this.#stopWaiting ??= onHighlightSettled(() => {
        const live = this.#live;
        this.setValue(live ? blocks(live.text, true, this.#words) : this.#finished(this.#text));
      });
    } else {
      this.#stopWaiting?.();
      this.#stopWaiting = undefined;
    }
  }

  #subscribe(): void {
    const live = this.#live;
    if (live) this.#stop = live.subscribe(() => this.setValue(blocks(live.text, true, this.#words)));
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
