import { waitUntil as openWcWaitUntil } from '@open-wc/testing';

/**
 * `waitUntil` from `@open-wc/testing` with a longer default timeout. Its own default (1 s) is a
 * guess about the machine's speed: on a shared two-core CI runner, an IndexedDB write, a lazy
 * chunk or a stream can take longer, and the test would fail for slowness, not for a fault.
 * Mocha's per-test timeout (10 s, web-test-runner.config.mjs) still bounds every test.
 */
export function waitUntil(
  predicate: () => unknown | Promise<unknown>,
  message?: string,
  options: { interval?: number; timeout?: number } = {},
): Promise<void> {
  return openWcWaitUntil(predicate, message, { timeout: 8000, ...options });
}
