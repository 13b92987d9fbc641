const settle = (promise: Promise<unknown>): Promise<void> =>
  promise.then(
    () => {},
    () => {},
  );

/**
 * Orders a store's file operations within the process: changes run one at a time, reads run
 * together between them. A read never sees a change half done (a batch of renames, a delete in
 * progress) and a change never pulls files from under a read.
 */
export class ReadWriteQueue {
  #changes: Promise<void> = Promise.resolve();
  readonly #reads = new Set<Promise<void>>();

  /** Runs `fn` after every change queued before it. */
  read<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#changes.then(fn);
    const done = settle(result);
    this.#reads.add(done);
    void done.then(() => this.#reads.delete(done));
    return result;
  }

  /** Runs `fn` alone: after every change and read queued before it, before any queued after. */
  change<T>(fn: () => Promise<T>): Promise<T> {
    const result = Promise.all([this.#changes, ...this.#reads]).then(fn);
    this.#changes = settle(result);
    return result;
  }

  /** Resolves once everything queued so far has finished. */
  idle(): Promise<void> {
    return settle(Promise.all([this.#changes, ...this.#reads]));
  }
}
