import { onDemand } from '../../errors/load-on-demand.js';
import type { KeyringSyncEngine } from './keyring-sync.js';

/**
 * Key sync whose code is imported on its first use (a status, or a change to the keys): an
 * instance that only reads its keys, like the vault frame answering a chat, never downloads it.
 * `create` imports and builds the real engine; a failed import is a `network` TesseraError for
 * that call and is tried again on the next.
 */
export function lazyKeyringSync(create: () => Promise<KeyringSyncEngine>): KeyringSyncEngine {
  const load = onDemand('key sync', create);
  return {
    status: async () => (await load()).status(),
    enable: async (passphrase) => (await load()).enable(passphrase),
    restore: async (passphrase) => (await load()).restore(passphrase),
    disable: async (options) => (await load()).disable(options),
    flush: async () => (await load()).flush(),
    change: async (provider, write) => (await load()).change(provider, write),
  };
}
