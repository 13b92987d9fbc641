import { toTesseraError } from '../errors/tessera-error.js';
import { parseOrThrow } from '../errors/validation.js';
import type { Tessera } from '../tessera.js';
import { streamIdSchema, toWirePart, type VaultService, type WireStreamPart } from './vault-service.js';

/**
 * The vault side of the boundary: wraps an instance that holds the keys (in the vault frame) as
 * a VaultService for the page. Keys never leave: the page gets masked keys and stream parts.
 */
export function createVaultService(tessera: Tessera, release: (callback: unknown) => void = () => {}): VaultService {
  const running = new Map<string, AbortController>();
  return {
    keys: {
      set: (provider, apiKey, options) => tessera.keys.set(provider, apiKey, options),
      has: (provider) => tessera.keys.has(provider),
      remove: (provider) => tessera.keys.remove(provider),
      list: () => tessera.keys.list(),
      validate: (provider, options) => tessera.keys.validate(provider, options),
      rotate: (provider, apiKey, options) => tessera.keys.rotate(provider, apiKey, options),
    },
    async stream(request, onPart: (part: WireStreamPart) => void, streamId) {
      const controller = new AbortController();
      try {
        running.set(parseOrThrow(streamIdSchema, streamId, 'stream id'), controller);
        const stream = tessera.mux.stream(request, { signal: controller.signal });
        for await (const part of stream) onPart(toWirePart(part));
      } catch (caught) {
        onPart({
          type: 'error',
          error: toTesseraError(caught, { code: 'validation', message: 'Invalid request.' }).toJSON(),
        });
      } finally {
        running.delete(streamId);
        onPart({ type: 'end' });
        release(onPart);
      }
    },
    checkKey: (input) => tessera.mux.checkKey(input),
    abort(streamId) {
      running.get(streamId)?.abort();
    },
  };
}
