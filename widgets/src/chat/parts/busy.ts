import { AsyncDirective, directive, type PartInfo, PartType } from 'lit/async-directive.js';

/**
 * Whether an answer is being written (or none can be: no model chosen), shared by every row. The
 * buttons that would start another answer follow it on their own (`disabledWhileBusy`), so an
 * answer starting or ending does not render a 500-message list again to flip their `disabled`.
 */
export class Busy {
  #on = false;
  readonly #listeners = new Set<() => void>();

  get on(): boolean {
    return this.#on;
  }

  set(on: boolean): void {
    if (on === this.#on) return;
    this.#on = on;
    for (const listener of this.#listeners) listener();
  }

  /** Calls `listener` each time it flips; returns the function that stops it. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

class DisabledWhileBusy extends AsyncDirective {
  #busy: Busy | undefined;
  #also = false;
  #stop: (() => void) | undefined;

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.BOOLEAN_ATTRIBUTE)
      throw new Error('disabledWhileBusy() belongs in a ?disabled binding.');
  }

  render(busy: Busy, also = false): boolean {
    if (busy !== this.#busy) {
      this.#unsubscribe();
      this.#busy = busy;
      if (this.isConnected) this.#subscribe();
    }
    this.#also = also;
    return also || busy.on;
  }

  #subscribe(): void {
    const busy = this.#busy;
    if (busy) this.#stop = busy.subscribe(() => this.setValue(this.#also || busy.on));
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
    this.setValue(this.#also || Boolean(this.#busy?.on));
  }
}

/**
 * `?disabled=${disabledWhileBusy(busy, also)}`: disabled while `busy` is on, or when `also` is
 * true; follows `busy` without its template rendering again.
 */
export const disabledWhileBusy = directive(DisabledWhileBusy);
