import * as z from 'zod/mini';
import { TesseraError } from '../errors/tessera-error.js';
import { parseOrThrow } from '../errors/validation.js';
import type { KeyringSync, KeyringSyncEngine } from './sync/keyring-sync.js';
import { unavailableKeyringSync } from './sync/unavailable-keyring-sync.js';

/**
 * A key as given: the provider it is for, the key, and the base URL it may be sent to (the
 * provider's own by default). A stored key is only ever sent to that address: a page cannot
 * point the vault at a server of its own and receive the user's key. The key may be empty only
 * with a base URL: a local server connected without a key.
 */
export const keyEntrySchema = z
  .object({
    provider: z.string().check(z.minLength(1, 'Choose a provider.')),
    apiKey: z.string().check(z.trim()),
    baseURL: z.optional(z.url({ protocol: /^https?$/, error: 'The base URL must be an http(s) URL.' })),
  })
  .check(
    z.refine((entry) => entry.apiKey.length > 0 || entry.baseURL !== undefined, {
      message: 'Paste a key.',
      path: ['apiKey'],
    }),
  );

/** Base URLs compare without trailing slashes. */
export const normalizeBaseURL = (url: string) => url.replace(/\/+$/, '');

/** How a stored key is shown: never the key itself. */
export interface MaskedKey {
  provider: string;
  masked: string;
  addedAt: string;
  /** The address the key is bound to, when not the provider's own. */
  baseURL?: string;
}

/** A stored key and the address it is bound to. */
export interface StoredKey {
  apiKey: string;
  baseURL?: string;
}

/** Where keys are kept: the vault frame in production embeds, this process in Node and development. */
export interface KeyVault {
  /** `addedAt` (ISO 8601, now by default) lets key sync keep when a key was first added, on any device. */
  set(provider: string, apiKey: string, options?: { baseURL?: string; addedAt?: string }): Promise<void>;
  has(provider: string): Promise<boolean>;
  remove(provider: string): Promise<void>;
  list(): Promise<MaskedKey[]>;
  /** The key itself and its address, for the mux inside the vault; never exposed on `tessera.keys`. */
  reveal(provider: string): Promise<StoredKey | undefined>;
}

/** What a key check found, with a sentence to show. */
export interface KeyCheckResult {
  status: 'valid' | 'invalid' | 'no-quota' | 'unreachable';
  message: string;
}

type CheckKey = (input: { provider: string; apiKey?: string; baseURL?: string }) => Promise<KeyCheckResult>;

/** `tessera.keys`: the user's own provider keys (BYOK). Keys go in; only masked keys come out. */
export interface Keyring {
  /** Stores a key, bound to `baseURL` when given (a proxy, a local server), else to the provider's own. */
  set(provider: string, apiKey: string, options?: { baseURL?: string }): Promise<void>;
  has(provider: string): Promise<boolean>;
  remove(provider: string): Promise<void>;
  list(): Promise<MaskedKey[]>;
  /** Checks the stored key with a cheap authenticated call: valid, invalid, no quota, or unreachable. */
  validate(provider: string, options?: { baseURL?: string }): Promise<KeyCheckResult>;
  /** Replaces a key with a new one, only once the new one has been checked valid; the old one stays otherwise. */
  rotate(provider: string, apiKey: string, options?: { baseURL?: string }): Promise<KeyCheckResult>;
  /** Encrypted sync of these keys through the user's vault on the hosted API, unlocked by a passphrase. */
  readonly sync: KeyringSync;
}

const NO_SYNC = 'Key sync is not set up for this Tessera instance.';

/**
 * The public keyring over a vault: set, list masked, validate and rotate, and sync. `onChange`
 * hears which provider's key changed, never the key. Every change goes through `sync`, which
 * saves it to the user's vault when sync is on.
 */
export function createKeyring(
  vault: KeyVault,
  checkKey: CheckKey,
  onChange: (provider: string) => void = () => {},
  defaultBaseURL: (provider: string) => string | undefined = () => undefined,
  sync: KeyringSyncEngine = unavailableKeyringSync(NO_SYNC),
): Keyring {
  const { change, ...publicSync } = sync;
  return {
    sync: publicSync,
    async set(provider, apiKey, options) {
      // A key for a server with no address of its own (any OpenAI-compatible server) must say
      // which server it is for, or it could never be used safely.
      if (!options?.baseURL && !defaultBaseURL(provider)) {
        throw new TesseraError(
          'validation',
          `Give the base URL this ${provider} key is for, e.g. http://localhost:11434/v1.`,
        );
      }
      // Only the address passes through: when a key was added is the vault's to say.
      const bound = options?.baseURL ? { baseURL: options.baseURL } : {};
      await sync.change(provider, () => vault.set(provider, apiKey, bound));
      onChange(provider);
    },
    has: (provider) => vault.has(provider),
    async remove(provider) {
      await sync.change(provider, () => vault.remove(provider));
      onChange(provider);
    },
    list: () => vault.list(),
    async validate(provider, options = {}) {
      if (!(await vault.has(provider)))
        return { status: 'invalid', message: `No key is stored for ${provider}. Add one first.` };
      return checkKey({ provider, ...options });
    },
    async rotate(provider, apiKey, options = {}) {
      const entry = parseOrThrow(keyEntrySchema, { provider, apiKey, ...options }, 'key');
      const check = await checkKey({ provider: entry.provider, apiKey: entry.apiKey, ...options });
      if (check.status === 'valid') await this.set(entry.provider, entry.apiKey, options);
      return check;
    },
  };
}

/** How a key is shown: its first three and last four characters; nothing for no key (a local server). */
export function maskKey(key: string): string {
  if (key.length === 0) return '';
  return key.length <= 8 ? '••••' : `${key.slice(0, 3)}…${key.slice(-4)}`;
}

/**
 * Keeps keys in this process's memory only, never written anywhere. The page that runs it can
 * read them: it stands in for the vault frame in Node and in local development.
 */
export function createInProcessVault(): KeyVault {
  const keys = new Map<string, StoredKey & { addedAt: string }>();
  return {
    async set(provider, apiKey, options = {}) {
      const entry = parseOrThrow(keyEntrySchema, { provider, apiKey, ...options }, 'key');
      keys.set(entry.provider, {
        apiKey: entry.apiKey,
        ...(entry.baseURL ? { baseURL: normalizeBaseURL(entry.baseURL) } : {}),
        addedAt: options.addedAt ?? new Date().toISOString(),
      });
    },
    async has(provider) {
      return keys.has(provider);
    },
    async remove(provider) {
      keys.delete(provider);
    },
    async list() {
      return [...keys].map(([provider, { apiKey, baseURL, addedAt }]) => ({
        provider,
        masked: maskKey(apiKey),
        addedAt,
        ...(baseURL ? { baseURL } : {}),
      }));
    },
    async reveal(provider) {
      const stored = keys.get(provider);
      return stored && { apiKey: stored.apiKey, ...(stored.baseURL ? { baseURL: stored.baseURL } : {}) };
    },
  };
}
