import { TesseraChat } from './chat/chat.element.js';
import { define } from './shared/define.js';

/** Every widget this package ships, by the noun of its tag. */
export const widgets = [{ noun: 'chat', element: TesseraChat }] as const;

/**
 * Registers every widget under `prefix` (`{ prefix: 'acme' }` gives `<acme-chat>`). Events keep
 * their `tessera-` names. Returns the tags registered.
 */
export function defineWidgets(options: { prefix?: string } = {}): string[] {
  return widgets.map((widget) => define(widget, options.prefix));
}
