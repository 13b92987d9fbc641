import * as z from 'zod/mini';
import { parseOrThrow } from '../errors/validation.js';

const entrySchema = z.object({
  provider: z.string().check(z.minLength(1, 'Choose a provider.')),
  apiKey: z.string().check(z.trim(), z.minLength(1, 'Paste a key.')),
});

/** How a stored key is shown: never the key itself. */
export interface MaskedKey {
  provider: string;
  masked: string;
  addedAt: string;
}

/** `tessera.keys`: the user's own provider keys (BYOK). */
export interface Keyring {
  set(provider: string, apiKey: string): Promise<void>;
  has(provider: string): Promise<boolean>;
  remove(provider: string): Promise<void>;
  list(): Promise<MaskedKey[]>;
}

/** The vault-side view of the keyring, used by the mux to authenticate calls. */
export interface KeyVault extends Keyring {
  reveal(provider: string): Promise<string | undefined>;
}

function mask(key: string): string {
  return key.length <= 8 ? '••••' : `${key.slice(0, 3)}…${key.slice(-4)}`;
}

/**
 * Keeps keys in this process's memory only, never written anywhere. The page that runs it can
 * read them: it stands in for the vault frame in Node and in local development.
 */
export function createInProcessVault(): KeyVault {
  const keys = new Map<string, { apiKey: string; addedAt: string }>();
  return {
    async set(provider, apiKey) {
      const entry = parseOrThrow(entrySchema, { provider, apiKey }, 'key');
      keys.set(entry.provider, { apiKey: entry.apiKey, addedAt: new Date().toISOString() });
    },
    async has(provider) {
      return keys.has(provider);
    },
    async remove(provider) {
      keys.delete(provider);
    },
    async list() {
      return [...keys].map(([provider, { apiKey, addedAt }]) => ({ provider, masked: mask(apiKey), addedAt }));
    },
    async reveal(provider) {
      return keys.get(provider)?.apiKey;
    },
  };
}
