import { type AcuApi, createAcuApi, loadOrCreateSigner } from './acu/api.js';
import { type ApiClient, createApiClient } from './api/client.js';
import { type Chat, createChat } from './chat/chat.js';
import { parseOrThrow } from './errors/validation.js';
import { TesseraEvents } from './events/tessera-events.js';
import type { IoApi } from './io/io-api.js';
import { isConnectedVault, remoteKeyring, remoteStream } from './keys/connected-vault.js';
import { createIndexedDbVault } from './keys/indexeddb-vault.js';
import { createInProcessVault, createKeyring, type Keyring } from './keys/keyring.js';
import { ModelCatalog } from './mux/catalog/catalog.js';
import { createMux, type Mux } from './mux/mux.js';
import { MuxStream } from './mux/mux-stream.js';
import { DEFAULT_RETRY_POLICY } from './mux/policy.js';
import { ProviderRegistry } from './mux/providers/registry.js';
import { muxRequestSchema } from './mux/schema.js';
import { type TesseraOptions, tesseraOptionsSchema } from './options.js';
import { openStore } from './store/open-store.js';
import type { StoreAdapter } from './store/store-adapter.js';

/** A Tessera instance: plain modules sharing one event emitter. */
export interface Tessera {
  readonly events: TesseraEvents;
  readonly mux: Mux;
  readonly keys: Keyring;
  readonly chat: Chat;
  /** Atomic Chat Units: every message sealed (hashed, chained, signed), verifiable by anyone. */
  readonly acu: AcuApi;
  /** Imports chat exports (ChatGPT, Claude, …) and Tessera archives as ACUs; exports JSON, Markdown or ZIP. */
  readonly io: IoApi;
  readonly api: ApiClient;
  readonly providers: ProviderRegistry;
  /** The store, opened on first use. */
  store(): Promise<StoreAdapter>;
  /** Closes the store. The instance is not usable afterwards. */
  close(): Promise<void>;
}

const IN_PROCESS_VAULT_WARNING =
  'Tessera keeps provider keys in this process’s memory (in-process vault): in a browser, any script on the page ' +
  'could read them. Fine for Node and local development; production embeds keep keys in the vault frame.';

/**
 * Creates an instance. Returns synchronously; storage opens lazily inside the first call that
 * needs it. Throws a `validation` TesseraError for invalid options.
 */
export function createTessera(options: TesseraOptions = {}): Tessera {
  const parsed = parseOrThrow(tesseraOptionsSchema, options, 'Tessera options');
  const events = new TesseraEvents();
  const fetchImpl = parsed.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const providers = new ProviderRegistry();
  const connected = isConnectedVault(parsed.vault) ? parsed.vault.service : undefined;
  const vault =
    parsed.vault === 'indexeddb' ? createIndexedDbVault(`${parsed.databaseName}-vault`) : createInProcessVault();

  let warned = parsed.vault !== 'memory';
  const warnOnce = () => {
    if (warned) return;
    warned = true;
    const warning = { code: 'in-process-vault', message: IN_PROCESS_VAULT_WARNING } as const;
    if (events.listenerCount('warning') > 0) events.emit('warning', warning);
    else console.warn(`[tessera] ${warning.message}`);
  };

  let opened: Promise<StoreAdapter> | undefined;
  const store = () => {
    opened ??= Promise.resolve().then(() => openStore(parsed.store, parsed.databaseName));
    return opened;
  };

  const local = createMux({
    registry: providers,
    catalog: new ModelCatalog(parsed.prices),
    fetch: fetchImpl,
    idleTimeoutMs: parsed.idleTimeoutMs,
    ...(parsed.retry ? { retry: { ...DEFAULT_RETRY_POLICY, ...parsed.retry } } : {}),
    resolveKey: (provider) => vault.reveal(provider),
    hasKey: (provider) => (connected ? connected.keys.has(provider) : vault.has(provider)),
    ...(parsed.apiUrl && parsed.publishableKey
      ? { relay: { apiUrl: parsed.apiUrl, publishableKey: parsed.publishableKey } }
      : {}),
  });
  const keysChanged = (provider: string) => {
    warnOnce();
    events.emit('keys-changed', provider);
  };
  // With a connected vault, keys and the calls that use them live in the vault frame: this
  // instance validates requests and hands them over, and gets parts back.
  const mux: Mux = connected
    ? {
        ...local,
        stream: (request, options = {}) =>
          new MuxStream(
            remoteStream(connected, parseOrThrow(muxRequestSchema, request, 'request'), options.signal),
            local.priceOf,
          ),
        checkKey: (input) => connected.checkKey(input),
      }
    : local;
  const keys: Keyring = connected
    ? remoteKeyring(connected, keysChanged)
    : createKeyring(
        vault,
        (input) => local.checkKey(input),
        keysChanged,
        (provider) => {
          try {
            return providers.resolve(provider).profile.baseURL;
          } catch {
            return undefined;
          }
        },
      );

  const acu = createAcuApi({
    signer: async () => {
      const opened = await store();
      return loadOrCreateSigner(parsed.ownerId, {
        get: (ownerId) => opened.getSigningKey(ownerId),
        put: (ownerId, keyPair) => opened.putSigningKey(ownerId, keyPair),
      });
    },
    listAcus: async (conversationId) => (await store()).listAcus(conversationId),
    getAcu: async (id) => (await store()).getAcu(id),
  });

  // Importers, exporters and zip are loaded the first time they are used: a chat never pays for them.
  let loadedIo: Promise<IoApi> | undefined;
  const loadIo = () => {
    loadedIo ??= import('./io/io-api.js').then((m) => m.createIoApi({ store, acu, events }));
    return loadedIo;
  };
  const io: IoApi = {
    import: async (...args) => (await loadIo()).import(...args),
    export: async (...args) => (await loadIo()).export(...args),
  };

  return {
    events,
    mux,
    keys,
    providers,
    acu,
    io,
    chat: createChat({ mux, store, events, acu }),
    api: createApiClient({
      apiUrl: parsed.apiUrl,
      publishableKey: parsed.publishableKey,
      fetch: fetchImpl,
      ...(parsed.userToken === undefined
        ? {}
        : { userToken: typeof parsed.userToken === 'string' ? () => parsed.userToken as string : parsed.userToken }),
    }),
    store,
    async close() {
      if (opened) await (await opened.catch(() => undefined))?.close();
      events.removeAllListeners();
    },
  };
}
