import type { Theme } from '@tessera/themes/schema';

/**
 * The edited theme changed and every value in it is valid: `theme` is `{ preset, variables }` with
 * only what differs from the preset, the same JSON as the hosted partner config. Bubbles out of
 * shadow DOM (`composed`) and keeps its `tessera-` name under any tag prefix.
 */
export class TesseraThemeChangedEvent extends CustomEvent<{ theme: Theme }> {
  static readonly eventName = 'tessera-theme-changed';
  constructor(detail: { theme: Theme }) {
    super(TesseraThemeChangedEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'tessera-theme-changed': TesseraThemeChangedEvent;
  }
}
