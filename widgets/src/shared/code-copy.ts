/**
 * The Copy button on rendered code blocks. The blocks are sanitized HTML (no listeners of their
 * own), so one delegated click listener on their container handles every button; a native
 * `<button>` makes it keyboard accessible (Enter and Space click it).
 */

const COPIED_FOR_MS = 2000;
const timers = new WeakMap<Element, number>();

function say(button: HTMLElement, text: string, label: string): void {
  button.textContent = text;
  button.setAttribute('aria-label', label);
}

/** Copies the raw code of the block whose Copy button was clicked: its text, never its HTML. */
export async function copyCodeOnClick(event: Event): Promise<void> {
  const button = (event.target as Element | null)?.closest?.('[data-copy-code]');
  const code = button?.closest('.code-block')?.querySelector('pre > code');
  if (!(button instanceof HTMLElement) || !code) return;
  // The highlighted HTML is escaped text inside spans, so the text is exactly what the model wrote.
  const text = code.textContent ?? '';
  try {
    await navigator.clipboard.writeText(text);
    say(button, 'Copied', 'Copied');
  } catch {
    // No clipboard (an insecure page, a refused permission): select the code so Ctrl+C copies it.
    const range = document.createRange();
    range.selectNodeContents(code);
    const selection = getSelection();
    selection?.removeAllRanges();
    selection?.addRange(range);
    say(button, 'Selected', 'Code selected: press Ctrl+C to copy it');
  }
  clearTimeout(timers.get(button));
  timers.set(
    button,
    window.setTimeout(() => say(button, 'Copy', 'Copy code'), COPIED_FOR_MS),
  );
}
