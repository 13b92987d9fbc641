/**
 * Handing the main thread back between slices of work. Awaiting a promise is not enough: Chromium
 * settles Web Crypto promises without a task in between, so a chain of awaited decryptions runs as
 * one task however it is sliced.
 */

interface Scheduler {
  yield?: () => Promise<void>;
}

/**
 * Resolves in a later task, after the browser could render and handle input. `scheduler.yield()`
 * where there is one (its continuation goes ahead of other queued tasks, so the work is not
 * starved), else a message to a fresh channel (no 4 ms timer clamp), else a timer.
 */
export function yieldToEventLoop(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
  if (typeof scheduler?.yield === 'function') return scheduler.yield();
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
