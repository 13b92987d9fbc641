import * as Comlink from 'comlink';
import { uuidv7 } from '../ids/uuid-v7.js';
import type { Emit } from '../mux/call.js';
import type { KeyCheckResult, Keyring } from './keyring.js';
import { fromWirePart, type VaultService, type WireStreamPart } from './vault-service.js';

/** A vault in another realm (the vault frame), reached through a comlink endpoint. */
export interface ConnectedVault {
  readonly kind: 'connected';
  readonly service: VaultService;
}

/** Connects to a VaultService exposed with comlink on `endpoint` (e.g. the vault frame's window). */
export function connectVault(endpoint: Comlink.Endpoint): ConnectedVault {
  return { kind: 'connected', service: Comlink.wrap<VaultService>(endpoint) as unknown as VaultService };
}

export function isConnectedVault(value: unknown): value is ConnectedVault {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'connected';
}

/** `tessera.keys` over a connected vault: keys go in, masked keys come out. */
export function remoteKeyring(service: VaultService, onChange: (provider: string) => void): Keyring {
  const changed = async <T>(provider: string, result: Promise<T>): Promise<T> => {
    const value = await result;
    onChange(provider);
    return value;
  };
  return {
    set: (provider, apiKey, options) => changed(provider, service.keys.set(provider, apiKey, options)),
    has: (provider) => service.keys.has(provider),
    remove: (provider) => changed(provider, service.keys.remove(provider)),
    list: () => service.keys.list(),
    validate: (provider, options) => service.keys.validate(provider, options),
    rotate: (provider, apiKey, options): Promise<KeyCheckResult> =>
      changed(provider, service.keys.rotate(provider, apiKey, options)),
  };
}

/** Runs a stream in the vault, emitting its parts here as they arrive; stopping aborts it there. */
export function remoteStream(
  service: VaultService,
  request: Parameters<VaultService['stream']>[0],
  signal: AbortSignal | undefined,
): (emit: Emit) => Promise<void> {
  return (emit) =>
    new Promise<void>((resolve) => {
      const streamId = uuidv7();
      const onAbort = () => void service.abort(streamId);
      signal?.addEventListener('abort', onAbort, { once: true });
      const onPart = (part: WireStreamPart) => {
        if (part.type === 'end') {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        } else {
          emit(fromWirePart(part));
        }
      };
      service.stream(request, Comlink.proxy(onPart), streamId).catch((caught: unknown) => {
        onPart({
          type: 'error',
          error: {
            code: 'network',
            message: `The key vault did not answer (${caught instanceof Error ? caught.message : 'no reason given'}). Reload the page.`,
            retryable: true,
          },
        });
        onPart({ type: 'end' });
      });
      if (signal?.aborted) onAbort();
    });
}
