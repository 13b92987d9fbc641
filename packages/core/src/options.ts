import * as z from 'zod/mini';
import { publishableKeySchema } from './api/schema.js';
import { type ConnectedVault, isConnectedVault } from './keys/connected-vault.js';
import { priceOverridesSchema } from './mux/catalog/schema.js';
import type { StoreAdapter } from './store/store-adapter.js';
import { MIN_STORE_PASSPHRASE_LENGTH } from './store/store-encryption.js';

const storeAdapterSchema = z.custom<StoreAdapter>(
  (value: unknown) =>
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { protection?: unknown }).protection === 'object' &&
    [
      'putConversation',
      'getConversation',
      'listConversations',
      'deleteConversation',
      'putMessage',
      'listMessages',
      'putAcus',
      'getAcu',
      'listAcus',
      'getSigningKey',
      'putSigningKey',
      'appendAudit',
      'listAudit',
      'usage',
      'close',
    ].every((method) => typeof (value as Record<string, unknown>)[method] === 'function'),
  'must be "auto", "memory", "indexeddb" or an object implementing StoreAdapter.',
);

/** Everything `createTessera()` accepts. Every field is optional: in Node, no options at all works. */
export const tesseraOptionsSchema = z.strictObject({
  /** Base URL of Tessera's hosted API, e.g. `https://api.tessera.dev/`. */
  apiUrl: z.optional(z.url({ protocol: /^https?$/, error: 'apiUrl must be an http(s) URL.' })),
  /** The partner's publishable key (`pk_live_…` or `pk_test_…`). */
  publishableKey: z.optional(publishableKeySchema),
  /** Where conversations are kept. `auto`: IndexedDB in browsers, memory in Node. */
  store: z._default(z.union([z.enum(['auto', 'memory', 'indexeddb']), storeAdapterSchema]), 'auto'),
  /** Who owns what this instance writes: the user id (a user token's subject); ACUs are signed as them. */
  ownerId: z._default(z.string().check(z.minLength(1)), 'local-user'),
  /**
   * How IndexedDB encrypts conversations at rest (always AES-GCM-256, one key per conversation).
   * `device` (default): the keys are wrapped by a key this browser keeps and never reveals.
   * `{ passphrase }`: by a key derived from the user's passphrase, needed every time the store
   * opens and unrecoverable if forgotten. Not used by the memory store or a custom adapter.
   */
  encryption: z._default(
    z.union(
      [
        z.literal('device'),
        z.strictObject({
          passphrase: z.string().check(
            z.refine((value) => [...value].length >= MIN_STORE_PASSPHRASE_LENGTH, {
              message: `must be at least ${MIN_STORE_PASSPHRASE_LENGTH} characters long: a few unrelated words work well.`,
            }),
          ),
        }),
      ],
      'must be "device" or { passphrase: "…" }.',
    ),
    'device',
  ),
  /** IndexedDB database name, to keep several instances apart on one origin. */
  databaseName: z._default(z.string().check(z.minLength(1)), 'tessera'),
  /** How long a provider may stay silent before the call fails with `timeout`, in ms. */
  idleTimeoutMs: z._default(z.int().check(z.positive()), 60_000),
  /** Retries of one model on rate limits and overloads: at most `maxRetries`, waiting at most `maxDelayMs`. */
  retry: z.optional(
    z.strictObject({
      maxRetries: z.optional(z.int().check(z.gte(0), z.lte(10))),
      maxDelayMs: z.optional(z.int().check(z.gte(0))),
    }),
  ),
  /** Price overrides in USD per million tokens, keyed `provider/model` (e.g. a negotiated rate). */
  prices: z.optional(priceOverridesSchema),
  /**
   * Where provider keys live and are used. `memory`: this process (Node, development; the SDK
   * warns). `indexeddb`: encrypted in this origin's IndexedDB (what the vault frame runs). A vault
   * from `connectVault()`: the vault frame, so the page never holds a key.
   */
  vault: z._default(
    z.union([
      z.enum(['memory', 'indexeddb']),
      z.custom<ConnectedVault>(isConnectedVault, 'vault must be "memory", "indexeddb" or a vault from connectVault().'),
    ]),
    'memory',
  ),
  /**
   * The signed-in user's token for user-scoped API routes (vault sync): a JWT the partner's backend
   * mints, or a function returning one (called again when the server says it expired).
   */
  userToken: z.optional(
    z.union([
      z.string().check(z.minLength(1)),
      z.custom<() => string | Promise<string>>((value) => typeof value === 'function', 'userToken must be a function.'),
    ]),
  ),
  /** A `fetch` to use instead of the global one (proxies, instrumentation). */
  fetch: z.optional(z.custom<typeof fetch>((value) => typeof value === 'function', 'fetch must be a function.')),
});
export type TesseraOptions = z.input<typeof tesseraOptionsSchema>;
