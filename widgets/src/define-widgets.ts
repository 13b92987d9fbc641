import { TesseraChat } from './chat/chat.element.js';
import { TesseraKeyManager } from './key-manager/key-manager.element.js';
import { TesseraLibrary } from './library/library.element.js';
import { define } from './shared/define.js';
import { TesseraThemeCustomizer } from './theme-customizer/theme-customizer.element.js';

/** Every widget this package ships, by the noun of its tag. */
export const widgets = [
  { noun: 'chat', element: TesseraChat },
  { noun: 'library', element: TesseraLibrary },
  { noun: 'key-manager', element: TesseraKeyManager },
  { noun: 'theme-customizer', element: TesseraThemeCustomizer },
] as const;

/**
 * Registers every widget under `prefix` (`{ prefix: 'acme' }` gives `<acme-chat>`). Events keep
 * their `tessera-` names. Returns the tags registered.
 */
export function defineWidgets(options: { prefix?: string } = {}): string[] {
  return widgets.map((widget) => define(widget, options.prefix));
}
