/** What happened to a provider's key. */
export type KeyChange = 'added' | 'replaced' | 'removed' | 'restored';

/**
 * A key was added, replaced or removed in the key manager, or restored from the user's vault.
 * Carries the provider and what happened, never the key. Bubbles out of shadow DOM (`composed`) and
 * keeps its `tessera-` name under any tag prefix.
 */
export class TesseraKeysChangedEvent extends CustomEvent<{ provider: string; change: KeyChange }> {
  static readonly eventName = 'tessera-keys-changed';
  constructor(detail: { provider: string; change: KeyChange }) {
    super(TesseraKeysChangedEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

/** Fires {@link TesseraKeysChangedEvent} from `target`. */
export function emitKeysChanged(target: EventTarget, provider: string, change: KeyChange): void {
  target.dispatchEvent(new TesseraKeysChangedEvent({ provider, change }));
}

declare global {
  interface HTMLElementEventMap {
    'tessera-keys-changed': TesseraKeysChangedEvent;
  }
}
