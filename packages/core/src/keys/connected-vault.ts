import * as Comlink from 'comlink';
import { tesseraErrorFromJSON } from '../errors/tessera-error.js';
import { uuidv7 } from '../ids/uuid-v7.js';
import type { Emit } from '../mux/call.js';
import type { Keyring } from './keyring.js';
import type { KeySyncStatus } from './sync/keyring-sync.js';
import { fromWirePart, isWireError, type VaultService, type WireStreamPart } from './vault-service.js';

/** A vault in another realm (the vault frame), reached through a comlink endpoint. */
export interface ConnectedVault {
  readonly kind: 'connected';
  readonly service: VaultService;
  /**
   * Lets the vault get the signed-in user's token from this page, for its calls to the hosted API
   * (key sync). The vault asks each time it needs one. `createTessera({ vault, userToken })` does
   * this; call it directly to change how the token is got, or with `undefined` to take it back
   * (which also frees the channel the vault asks on).
   */
  lendUserToken(userToken: (() => string | Promise<string>) | undefined): void;
}

/** Connects to a VaultService exposed with comlink on `endpoint` (e.g. the vault frame's window). */
export function connectVault(endpoint: Comlink.Endpoint): ConnectedVault {
  const service = Comlink.wrap<VaultService>(endpoint) as unknown as VaultService;
  return {
    kind: 'connected',
    service,
    lendUserToken(userToken) {
      // Across comlink this is a promise; a vault that refuses it simply has no token to use.
      const lent = userToken && Comlink.proxy(async () => userToken());
      Promise.resolve(service.lendUserToken(lent)).catch(() => {});
    },
  };
}

export function isConnectedVault(value: unknown): value is ConnectedVault {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'connected';
}

/** The vault's answer, with a failure rebuilt as the TesseraError it was (code and all). */
async function answer<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (caught) {
    throw isWireError(caught) ? tesseraErrorFromJSON(caught.tesseraError) : caught;
  }
}

/** `tessera.keys` over a connected vault: keys and the passphrase go in, masked keys and statuses come out. */
export function remoteKeyring(service: VaultService, onChange: (provider: string) => void): Keyring {
  const changed = async <T>(provider: string, result: Promise<T>): Promise<T> => {
    const value = await answer(result);
    onChange(provider);
    return value;
  };
  // A sync may change keys in the vault (restored, or newer from another device): say which.
  const synced = async (result: Promise<KeySyncStatus>): Promise<KeySyncStatus> => {
    const status = await answer(result);
    for (const provider of status.updated ?? []) onChange(provider);
    return status;
  };
  const { keys } = service;
  return {
    set: (provider, apiKey, options) => changed(provider, keys.set(provider, apiKey, options)),
    has: (provider) => answer(keys.has(provider)),
    remove: (provider) => changed(provider, keys.remove(provider)),
    list: () => answer(keys.list()),
    validate: (provider, options) => answer(keys.validate(provider, options)),
    rotate: (provider, apiKey, options) => changed(provider, keys.rotate(provider, apiKey, options)),
    sync: {
      status: () => synced(keys.sync.status()),
      enable: (passphrase) => synced(keys.sync.enable(passphrase)),
      restore: (passphrase) => synced(keys.sync.restore(passphrase)),
      disable: (options) => synced(keys.sync.disable(options)),
      flush: () => synced(keys.sync.flush()),
    },
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
