/**
 * The text of an answer being streamed. Deltas are appended as they arrive; listeners hear of them
 * at most once per animation frame, so a fast stream costs one update per frame, never one per token.
 */
export class LiveText {
  text = '';
  readonly #listeners = new Set<() => void>();
  #frame = 0;

  /** Starts again, empty. */
  reset(): void {
    this.text = '';
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
  }

  append(delta: string): void {
    this.text += delta;
    this.#frame ||= requestAnimationFrame(() => {
      this.#frame = 0;
      for (const listener of this.#listeners) listener();
    });
  }

  /** Calls `listener` on each frame that brought new text; returns the function that stops it. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
