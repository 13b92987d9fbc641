import { type AcuApi, createAcuApi, loadOrCreateSigner } from './acu/api.js';
import type { AcuSigner } from './acu/signing.js';
import { type ApiClient, createApiClient } from './api/client.js';
import { type Chat, createChat } from './chat/chat.js';
import { onDemand } from './errors/load-on-demand.js';
import { parseOrThrow } from './errors/validation.js';
import { emitWarning, TesseraEvents } from './events/tessera-events.js';
import type { IoApi } from './io/io-api.js';
import { isConnectedVault, remoteKeyring, remoteStream } from './keys/connected-vault.js';
import { createIndexedDbVault } from './keys/indexeddb-vault.js';
import { createInProcessVault, createKeyring, type Keyring } from './keys/keyring.js';
import { createIndexedDbSyncState } from './keys/sync/indexeddb-sync-state.js';
import { lazyKeyringSync } from './keys/sync/lazy-keyring-sync.js';
import { createMemorySyncState } from './keys/sync/sync-state.js';
import { ModelCatalog } from './mux/catalog/catalog.js';
import { createMux, type Mux } from './mux/mux.js';
import { MuxStream } from './mux/mux-stream.js';
import { DEFAULT_RETRY_POLICY } from './mux/policy.js';
import { ProviderRegistry } from './mux/providers/registry.js';
import { muxRequestSchema } from './mux/schema.js';
import { type TesseraOptions, tesseraOptionsSchema } from './options.js';
import { createAuditLog } from './store/audit-log.js';
import { openStore } from './store/open-store.js';
import type { StoreAdapter } from './store/store-adapter.js';
import { createStoreApi, type StoreApi } from './store/store-api.js';

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
  /**
   * The user's storage: `open()` the adapter, `status()`, `deleteConversation()` with a signed
   * deletion receipt, `verifyReceipt()`, and the `audit()` log of who read or changed what.
   */
  readonly store: StoreApi;
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
    emitWarning(events, { code: 'in-process-vault', message: IN_PROCESS_VAULT_WARNING });
  };

  let opened: Promise<StoreAdapter> | undefined;
  const store = () => {
    opened ??= Promise.resolve().then(() => {
      // A conversation that no longer decrypts is left out of lists and reported, not hidden.
      const adapter = openStore(parsed.store, parsed.databaseName, parsed.encryption, {
        onUnreadable: (error) => events.emit('error', error),
      });
      audit.record({ action: 'store.open', via: 'store' });
      return adapter;
    });
    return opened;
  };
  const audit = createAuditLog({ store, ownerId: parsed.ownerId, events });

  // One signer for ACUs and deletion receipts, loaded once: two callers racing to create the key
  // pair would otherwise each make one, and one of them would be lost.
  let signing: Promise<AcuSigner> | undefined;
  const signer = () => {
    if (!signing) {
      const loading = store().then((adapter) =>
        loadOrCreateSigner(
          parsed.ownerId,
          {
            get: (ownerId) => adapter.getSigningKey(ownerId),
            // loadOrCreateSigner stores a key pair only when it has just made it.
            put: async (ownerId, keyPair) => {
              await adapter.putSigningKey(ownerId, keyPair);
              audit.record({ action: 'signing-key.create', via: 'acu' });
            },
          },
          { extractable: adapter.wrapsSigningKeys === true },
        ),
      );
      // A failed load is retried on the next call rather than cached forever.
      loading.catch(() => {
        if (signing === loading) signing = undefined;
      });
      signing = loading;
    }
    return signing;
  };

  const userToken =
    parsed.userToken === undefined
      ? undefined
      : typeof parsed.userToken === 'string'
        ? () => parsed.userToken as string
        : parsed.userToken;

  // One catalog for prices and capabilities: chat checks attachments against the same models the mux prices.
  const catalog = new ModelCatalog(parsed.prices);
  const local = createMux({
    registry: providers,
    catalog,
    fetch: fetchImpl,
    idleTimeoutMs: parsed.idleTimeoutMs,
    ...(parsed.retry ? { retry: { ...DEFAULT_RETRY_POLICY, ...parsed.retry } } : {}),
    resolveKey: (provider) => vault.reveal(provider),
    hasKey: (provider) => (connected ? connected.keys.has(provider) : vault.has(provider)),
    ...(parsed.apiUrl && parsed.publishableKey
      ? {
          relay: {
            apiUrl: parsed.apiUrl,
            publishableKey: parsed.publishableKey,
            userToken: async () => userToken?.(),
          },
        }
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
  const api = createApiClient({
    apiUrl: parsed.apiUrl,
    publishableKey: parsed.publishableKey,
    fetch: fetchImpl,
    ...(userToken ? { userToken } : {}),
  });
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
        // Key sync keeps its passphrase-derived key next to the vault: in IndexedDB in the vault
        // frame (one unlock per device), in memory elsewhere. Its code loads when first used.
        lazyKeyringSync(async () => {
          const { createKeyringSync } = await import('./keys/sync/keyring-sync.js');
          return createKeyringSync({
            vault,
            api: api.vault,
            state:
              parsed.vault === 'indexeddb'
                ? createIndexedDbSyncState(`${parsed.databaseName}-vault-sync`)
                : createMemorySyncState(),
            onKeysUpdated: (changed) => {
              for (const provider of changed) keysChanged(provider);
            },
          });
        }),
      );
  // The vault frame makes key sync's API calls: it asks this page for the user's token.
  if (isConnectedVault(parsed.vault) && userToken) parsed.vault.lendUserToken(userToken);

  const acuApi = createAcuApi({
    signer,
    listAcus: async (conversationId) => (await store()).listAcus(conversationId),
    getAcu: async (id) => (await store()).getAcu(id),
  });
  const acu: AcuApi = {
    ...acuApi,
    async verifyChain(conversationId) {
      const result = await acuApi.verifyChain(conversationId);
      audit.record({ action: 'verify', via: 'acu', conversationId, count: result.checked });
      return result;
    },
  };
  const storeApi = createStoreApi({ store, signer, audit, events });

  // Importers, exporters and zip are loaded the first time they are used: a chat never pays for them.
  const loadIo = onDemand('import and export', async () =>
    (await import('./io/io-api.js')).createIoApi({ store, acu, events, audit: (input) => audit.record(input) }),
  );
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
    chat: createChat({
      mux,
      store,
      events,
      acu,
      audit: (input) => audit.record(input),
      catalog,
      deleteConversation: (conversationId) => storeApi.deleteConversation(conversationId, { via: 'chat' }),
    }),
    api,
    store: storeApi,
    async close() {
      // Entries still queued are written before the store closes under them.
      await audit.settled();
      if (opened) await (await opened.catch(() => undefined))?.close();
      // Frees the channel the vault frame asks for tokens on.
      if (isConnectedVault(parsed.vault) && userToken) parsed.vault.lendUserToken(undefined);
      events.removeAllListeners();
    },
  };
}
