/**
 * The Copy button on rendered code blocks. The blocks are sanitized HTML (no listeners of their
 * own), so one delegated click listener on their container handles every button; a native
 * `<button>` makes it keyboard accessible (Enter and Space click it).
 *
 * This module has no element and so no locale: the widget that shows the blocks passes the words
 * in (`CodeCopyLabels`), read from its own message table.
 */

/** The words of a code block's chrome, in the language of the widget showing it. */
export interface CodeCopyLabels {
  /** The button's text: "Copy". */
  copy: string;
  /** Its accessible name: "Copy code". */
  copyLabel: string;
  /** Shown once copied: "Copied". */
  copied: string;
  /** Shown when the clipboard refused and the code was selected instead: "Selected". */
  selected: string;
  /** Its accessible name: "Code selected: press Ctrl+C to copy it". */
  selectedLabel: string;
  /** Accessible name of the scroll container around a table: "Table". */
  table: string;
}

/** The English words; `renderMarkdown` writes these into its chrome when given none. */
export const ENGLISH_CODE_COPY_LABELS: CodeCopyLabels = {
  copy: 'Copy',
  copyLabel: 'Copy code',
  copied: 'Copied',
  selected: 'Selected',
  selectedLabel: 'Code selected: press Ctrl+C to copy it',
  table: 'Table',
};

const COPIED_FOR_MS = 2000;
const timers = new WeakMap<Element, number>();

function say(button: HTMLElement, text: string, label: string): void {
  button.textContent = text;
  button.setAttribute('aria-label', label);
}

/**
 * Copies the raw code of the block whose Copy button was clicked (its text, never its HTML),
 * saying so in `labels`' words.
 */
export async function copyCode(event: Event, labels: CodeCopyLabels = ENGLISH_CODE_COPY_LABELS): Promise<void> {
  const button = (event.target as Element | null)?.closest?.('[data-copy-code]');
  const code = button?.closest('.code-block')?.querySelector('pre > code');
  if (!(button instanceof HTMLElement) || !code) return;
  // The highlighted HTML is escaped text inside spans, so the text is exactly what the model wrote.
  const text = code.textContent ?? '';
  try {
    await navigator.clipboard.writeText(text);
    say(button, labels.copied, labels.copied);
  } catch {
    // No clipboard (an insecure page, a refused permission): select the code so Ctrl+C copies it.
    const range = document.createRange();
    range.selectNodeContents(code);
    const selection = getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    say(button, labels.selected, labels.selectedLabel);
  }
  clearTimeout(timers.get(button));
  timers.set(
    button,
    window.setTimeout(() => say(button, labels.copy, labels.copyLabel), COPIED_FOR_MS),
  );
}

/** `copyCode` in English, for a container whose widget has no table of its own. */
export const copyCodeOnClick = (event: Event): Promise<void> => copyCode(event);
