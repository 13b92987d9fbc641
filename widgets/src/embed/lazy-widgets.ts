import { define } from '../shared/define.js';

/** A widget the script-tag embed loads only when a page uses it, so a chat page never pays for it. */
interface LazyWidget {
  noun: string;
  load(): Promise<CustomElementConstructor>;
}

const LAZY_WIDGETS: readonly LazyWidget[] = [
  { noun: 'library', load: async () => (await import('../library/library.element.js')).TesseraLibrary },
  { noun: 'key-manager', load: async () => (await import('../key-manager/key-manager.element.js')).TesseraKeyManager },
];

/**
 * Registers each lazy widget the moment its tag is in the document, now or later. Until then the
 * tag is an unknown element, which upgrades in place once its chunk has loaded (custom elements
 * upgrade existing nodes), so nothing a partner wrote is lost.
 */
export function registerLazyWidgets(prefix = 'tessera'): void {
  const pending = new Map(LAZY_WIDGETS.map((widget) => [`${prefix}-${widget.noun}`, widget]));
  const loadPresent = () => {
    for (const [tag, widget] of pending) {
      if (customElements.get(tag)) {
        pending.delete(tag);
      } else if (document.getElementsByTagName(tag).length > 0) {
        pending.delete(tag);
        void widget
          .load()
          .then((element) => define({ noun: widget.noun, element }, prefix))
          .catch((error: unknown) => {
            console.error(`[tessera] <${tag}> could not load:`, error instanceof Error ? error.message : error);
          });
      }
    }
    if (pending.size === 0) observer.disconnect();
  };
  const observer = new MutationObserver(loadPresent);
  observer.observe(document.documentElement, { childList: true, subtree: true });
  loadPresent();
}
