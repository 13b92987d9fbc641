import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import { TesseraError } from '../errors/tessera-error.js';
import { parseOrThrow } from '../errors/validation.js';
import { type KeyVault, keyEntrySchema, maskKey, normalizeBaseURL } from './keyring.js';

interface StoredKey {
  provider: string;
  iv: Uint8Array<ArrayBuffer>;
  ciphertext: ArrayBuffer;
  masked: string;
  addedAt: string;
  baseURL?: string;
}

interface VaultDB extends DBSchema {
  keys: { key: string; value: StoredKey };
  /** The wrapping key, stored as a non-extractable CryptoKey: usable here, never readable. */
  meta: { key: string; value: CryptoKey };
}

const WRAPPING_KEY = 'wrapping-key';

function storageError(action: string, cause: unknown): TesseraError {
  return new TesseraError(
    'storage',
    `Could not ${action} in this browser's storage. Try again; your other keys are unchanged.`,
    {
      cause,
    },
  );
}

/**
 * Keeps provider keys in IndexedDB, each encrypted with AES-GCM-256 under one non-extractable
 * CryptoKey that is itself stored in IndexedDB. Nothing readable is at rest: a script that reads
 * the database gets ciphertext and a key object it cannot export. Meant to run inside the vault
 * frame, on the API's origin, where the partner page's scripts cannot reach it at all.
 */
export function createIndexedDbVault(databaseName = 'tessera-vault'): KeyVault {
  let opened: Promise<{ db: IDBPDatabase<VaultDB>; key: CryptoKey }> | undefined;
  const open = () => {
    opened ??= (async () => {
      const db = await openDB<VaultDB>(databaseName, 1, {
        upgrade(database) {
          database.createObjectStore('keys', { keyPath: 'provider' });
          database.createObjectStore('meta');
        },
      });
      let key = await db.get('meta', WRAPPING_KEY);
      if (!key) {
        // Two frames (two tabs) may open an empty vault at once: the first key written wins, in
        // one transaction, so neither encrypts keys under a wrapping key the other then replaces.
        const fresh = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
        const tx = db.transaction('meta', 'readwrite');
        key = (await tx.store.get(WRAPPING_KEY)) ?? fresh;
        if (key === fresh) await tx.store.put(fresh, WRAPPING_KEY);
        await tx.done;
      }
      return { db, key };
    })().catch((cause: unknown) => {
      opened = undefined;
      throw storageError('open the key vault', cause);
    });
    return opened;
  };

  return {
    async set(provider, apiKey, options = {}) {
      const entry = parseOrThrow(keyEntrySchema, { provider, apiKey, ...options }, 'key');
      const { db, key } = await open();
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const ciphertext = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(entry.provider) },
        key,
        new TextEncoder().encode(entry.apiKey),
      );
      try {
        await db.put('keys', {
          provider: entry.provider,
          iv,
          ciphertext,
          masked: maskKey(entry.apiKey),
          addedAt: options.addedAt ?? new Date().toISOString(),
          ...(entry.baseURL ? { baseURL: normalizeBaseURL(entry.baseURL) } : {}),
        });
      } catch (cause) {
        throw storageError('save the key', cause);
      }
    },
    async has(provider) {
      const { db } = await open();
      return (await db.count('keys', provider)) > 0;
    },
    async remove(provider) {
      const { db } = await open();
      await db.delete('keys', provider);
    },
    async list() {
      const { db } = await open();
      return (await db.getAll('keys')).map(({ provider, masked, addedAt, baseURL }) => ({
        provider,
        masked,
        addedAt,
        ...(baseURL ? { baseURL } : {}),
      }));
    },
    async reveal(provider) {
      const { db, key } = await open();
      const stored = await db.get('keys', provider);
      if (!stored) return undefined;
      try {
        const plain = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: stored.iv, additionalData: new TextEncoder().encode(provider) },
          key,
          stored.ciphertext,
        );
        return { apiKey: new TextDecoder().decode(plain), ...(stored.baseURL ? { baseURL: stored.baseURL } : {}) };
      } catch (cause) {
        throw new TesseraError(
          'storage',
          `The saved ${provider} key could not be decrypted (the browser may have reset this site's storage). Add the key again.`,
          { cause },
        );
      }
    },
  };
}
