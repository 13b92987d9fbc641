import { isVaultConflict, type VaultApi, type VaultBlob } from '../../api/client.js';
import { TesseraError } from '../../errors/tessera-error.js';
import type { KeyVault } from '../keyring.js';
import {
  decodeEnvelope,
  encodeEnvelope,
  KEYRING_BLOB_ID,
  KEYRING_CONTENT_TYPE,
  type KeyringPlaintext,
  type SyncedKey,
} from './envelope.js';
import { mergeKeyrings } from './merge.js';
import { deriveSyncKey, newSalt, openKeyring, sameDerivation, sealKeyring } from './passphrase-key.js';
import type { SyncState, SyncStateStore } from './sync-state.js';

/**
 * Where key sync stands on this device:
 * - `unavailable`: it cannot run here (no hosted API, or no signed-in user); `message` says why.
 * - `off`: not turned on; keys stay on this device only.
 * - `on`: every key change is saved, encrypted, to the user's vault.
 * - `locked`: keys are saved in the vault and this device has keys of its own: the passphrase joins them.
 * - `restore-available`: keys are saved in the vault and this device has none (new device, or the
 *   browser cleared its storage): the passphrase restores them.
 * - `error`: the last attempt failed; `message` says what to do.
 */
export type KeySyncState = 'unavailable' | 'off' | 'on' | 'locked' | 'restore-available' | 'error';

/** `tessera.keys.sync.status()`. */
export interface KeySyncStatus {
  state: KeySyncState;
  /** ISO 8601: when this device last agreed with the saved keyring. */
  lastSyncedAt?: string;
  /** A sentence for the user, for every state but `on` and a plain `off`. */
  message?: string;
  /** Providers whose key on this device this call changed (restored, or newer from another device). */
  updated?: string[];
}

/**
 * `tessera.keys.sync`: the user's keys, encrypted on this device with a key derived from their
 * passphrase, saved to their vault on the hosted API and restored from it on another device or
 * after the browser cleared its storage. The server never sees the passphrase, the key or a
 * provider key.
 */
export interface KeyringSync {
  /** Checks the vault and says where sync stands; when on, brings in changes from other devices. */
  status(): Promise<KeySyncStatus>;
  /**
   * Turns sync on with a passphrase (at least 12 characters) and saves the keys at once; after
   * that, every key change is saved. When keys are already saved in the vault, the passphrase must
   * be theirs, and the two sets are merged.
   */
  enable(passphrase: string): Promise<KeySyncStatus>;
  /**
   * Unlocks the saved keys with the passphrase and puts them on this device (merged with any it
   * has), then keeps syncing. A passphrase that does not unlock them rejects with an `auth`
   * TesseraError, and nothing on this device changes.
   */
  restore(passphrase: string): Promise<KeySyncStatus>;
  /**
   * Stops syncing on this device and forgets its passphrase-derived key; keys stay on the device.
   * With `deleteSaved`, also deletes the saved copy from the vault (every device stops syncing).
   */
  disable(options?: { deleteSaved?: boolean }): Promise<KeySyncStatus>;
  /** Saves a pending change now instead of after the short delay that groups changes. */
  flush(): Promise<KeySyncStatus>;
}

/** The sync as the keyring drives it. */
export interface KeyringSyncEngine extends KeyringSync {
  /**
   * Runs a change to this device's keys (`write`: a set or a remove of `provider`), never in the
   * middle of a merge, and schedules saving it.
   */
  change<T>(provider: string, write: () => Promise<T>): Promise<T>;
}

export interface KeyringSyncOptions {
  /** The keys of this device. */
  vault: KeyVault;
  /** The user's vault on the hosted API (`tessera.api.vault`). */
  api: VaultApi;
  /** Where this device keeps its sync key and version. */
  state: SyncStateStore;
  /** Hears which providers' keys a sync changed on this device. */
  onKeysUpdated?: (providers: string[]) => void;
  /** How long to wait for more changes before saving, in ms (400 by default). */
  debounceMs?: number;
}

/**
 * The shortest sync passphrase, in characters: the saved keyring sits on a server, open to offline
 * guessing by whoever holds a copy, so the same floor as the store's passphrase.
 */
export const MIN_SYNC_PASSPHRASE_LENGTH = 12;
const MAX_ATTEMPTS = 5;

const LOCKED = 'Your keys are saved in your vault. Enter your passphrase to sync them with the keys on this device.';
const RESTORE = 'Your keys are saved in your vault. Enter your passphrase to restore them.';
const REKEYED =
  'Your saved keys were locked with another passphrase on another device. Enter that passphrase to keep syncing; your keys on this device are unchanged.';
const GONE =
  'Sync was turned off on another device and the saved copy deleted. Your keys on this device are unchanged; turn sync on again to save them.';

/** One-at-a-time execution: each call starts when the previous one has settled. */
function serial(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = tail.then(task, task);
    tail = run.catch(() => {});
    return run;
  };
}

/** The status an error leaves: `unavailable` when sync cannot run here at all, `error` otherwise. */
export function statusFromError(error: unknown): KeySyncStatus {
  if (error instanceof TesseraError) {
    // No API configured or no token source (validation, no status), or no token to be had (auth).
    if ((error.code === 'validation' && error.status === undefined) || error.code === 'auth') {
      const reason = error.cause instanceof TesseraError ? error.cause.message : error.message;
      return { state: 'unavailable', message: reason };
    }
    return { state: 'error', message: error.message };
  }
  return {
    state: 'error',
    message: 'Key sync failed unexpectedly. Try again; your keys on this device are unchanged.',
  };
}

/** Key sync over a vault, the hosted API and a place for its state. See {@link KeyringSync}. */
export function createKeyringSync(options: KeyringSyncOptions): KeyringSyncEngine {
  const { vault, api, onKeysUpdated = () => {}, debounceMs = 400 } = options;
  const store = options.state;
  // Network work, one operation at a time; and changes to the device's keys, never during a merge.
  const operation = serial();
  const local = serial();
  let state: SyncState | undefined;
  let loaded: Promise<void> | undefined;
  let dirty = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last: KeySyncStatus = { state: 'off' };

  const ready = () => {
    loaded ??= store.load().then(
      (stored) => {
        state = stored;
      },
      (cause: unknown) => {
        loaded = undefined;
        throw cause;
      },
    );
    return loaded;
  };
  // Keys a sync changed here that no caller has been told of yet (a merge after a save in the
  // background, say): the next status any call returns names them, once.
  const unreported = new Set<string>();
  const persist = () => (state ? store.save(state) : store.clear());
  const settle = (status: KeySyncStatus): KeySyncStatus => {
    const { updated = [], ...rest } = status;
    last = rest;
    for (const provider of updated) unreported.add(provider);
    if (updated.length) onKeysUpdated(updated);
    return rest;
  };
  const report = (status: KeySyncStatus): KeySyncStatus => {
    if (unreported.size === 0) return status;
    const updated = [...unreported].sort();
    unreported.clear();
    return { ...status, updated };
  };
  const onStatus = (status: KeySyncStatus): KeySyncStatus =>
    state ? { ...status, ...(state.lastSyncedAt ? { lastSyncedAt: state.lastSyncedAt } : {}) } : status;

  /** This device's keyring: its keys in the clear (inside the vault only) and its removals. */
  async function localKeyring(current: SyncState): Promise<KeyringPlaintext> {
    const listed = await vault.list();
    const keys: SyncedKey[] = [];
    for (const { provider, addedAt } of listed) {
      // A key this device can no longer decrypt is left out, so the saved copy wins and restores it.
      const stored = await vault.reveal(provider).catch(() => undefined);
      if (stored)
        keys.push({ provider, apiKey: stored.apiKey, addedAt, ...(stored.baseURL ? { baseURL: stored.baseURL } : {}) });
    }
    const present = new Set(listed.map((key) => key.provider));
    return { keys, removed: current.removed.filter((removed) => !present.has(removed.provider)) };
  }

  /**
   * Brings this device and the saved keyring to the same keys. `push` (a change here) saves this
   * device's keys straight away with `If-Match` of the version it last saw; otherwise, and after a
   * 412 (another device saved meanwhile), it reads the saved keyring first, merges, applies what is
   * newer to this device, and saves the merge when the saved one lacks something.
   */
  async function reconcile(push: boolean): Promise<KeySyncStatus> {
    const updated = new Set<string>();
    for (let attempt = 1; ; attempt++) {
      const current = state;
      if (!current) return { state: 'off' };
      dirty = false;
      let saved: VaultBlob | undefined;
      let merged: KeyringPlaintext;
      let savedIsBehind: boolean;
      let ifMatch = current.version;
      if (push && attempt === 1) {
        merged = await local(() => localKeyring(current));
        savedIsBehind = true;
      } else {
        saved = await api.get(KEYRING_BLOB_ID);
        ifMatch = saved?.version;
        if (!saved) {
          if (current.version !== undefined) {
            // The saved copy was deleted on purpose elsewhere: stop, and keep every key here.
            state = undefined;
            await persist();
            return { state: 'off', message: GONE };
          }
          merged = await local(() => localKeyring(current));
          savedIsBehind = true;
        } else {
          const envelope = decodeEnvelope(saved.data);
          const opened = sameDerivation(envelope, current.syncKey)
            ? await openKeyring(envelope, current.syncKey.key)
            : undefined;
          if (!opened) {
            state = undefined;
            await persist();
            return { state: (await vault.list()).length === 0 ? 'restore-available' : 'locked', message: REKEYED };
          }
          const result = await local(async () => {
            const merge = mergeKeyrings(await localKeyring(current), opened);
            for (const key of merge.toSet) {
              await vault.set(key.provider, key.apiKey, {
                ...(key.baseURL ? { baseURL: key.baseURL } : {}),
                addedAt: key.addedAt,
              });
              updated.add(key.provider);
            }
            for (const provider of merge.toRemove) {
              await vault.remove(provider);
              updated.add(provider);
            }
            current.removed = merge.merged.removed;
            return merge;
          });
          merged = result.merged;
          savedIsBehind = result.savedIsBehind;
        }
      }
      const done = (version: string): KeySyncStatus => {
        current.version = version;
        current.lastSyncedAt = new Date().toISOString();
        return { state: 'on', lastSyncedAt: current.lastSyncedAt, ...(updated.size ? { updated: [...updated] } : {}) };
      };
      if (saved && !savedIsBehind) {
        const status = done(saved.version);
        await persist();
        return status;
      }
      try {
        const written = await api.put(KEYRING_BLOB_ID, encodeEnvelope(await sealKeyring(merged, current.syncKey)), {
          contentType: KEYRING_CONTENT_TYPE,
          ...(ifMatch === undefined ? {} : { ifMatch }),
        });
        const status = done(written.version);
        await persist();
        return status;
      } catch (error) {
        if (!isVaultConflict(error) || attempt >= MAX_ATTEMPTS) {
          dirty = true;
          throw error;
        }
      }
    }
  }

  const syncSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void reconcileNow();
    }, debounceMs);
    (timer as { unref?: () => void }).unref?.();
  };

  const checkPassphrase = (passphrase: string) => {
    if (typeof passphrase !== 'string' || [...passphrase].length < MIN_SYNC_PASSPHRASE_LENGTH) {
      throw new TesseraError(
        'validation',
        `Choose a passphrase of at least ${MIN_SYNC_PASSPHRASE_LENGTH} characters: it protects every key you save. A few unrelated words work well.`,
      );
    }
  };

  /** Unlocks the saved keyring with `passphrase`: its derived key, or an `auth` error. */
  async function unlock(data: Uint8Array, passphrase: string, refusal: string) {
    const envelope = decodeEnvelope(data);
    const syncKey = await deriveSyncKey(passphrase, envelope.kdf.salt, envelope.kdf.iterations);
    if (!(await openKeyring(envelope, syncKey.key))) throw new TesseraError('auth', refusal);
    return syncKey;
  }

  /**
   * Runs a user action. Its error is rethrown for the user to read, and leaves the last status as it
   * was: a mistyped passphrase does not change where sync stands.
   */
  const act = (task: () => Promise<KeySyncStatus>) =>
    operation(async () => {
      await ready();
      return report(settle(await task()));
    });

  /** Brings the device and the vault together now, reporting a failure as the status. */
  const reconcileNow = () =>
    operation(async () => {
      try {
        await ready();
        return settle(await reconcile(true));
      } catch (error) {
        return settle(onStatus(statusFromError(error)));
      }
    });

  return {
    status: () =>
      operation(async () => {
        try {
          await ready();
          if (state) return report(settle(await reconcile(false)));
          const saved = await api.get(KEYRING_BLOB_ID);
          if (!saved) return report(settle({ state: 'off' }));
          const empty = (await vault.list()).length === 0;
          return report(
            settle(empty ? { state: 'restore-available', message: RESTORE } : { state: 'locked', message: LOCKED }),
          );
        } catch (error) {
          return report(settle(onStatus(statusFromError(error))));
        }
      }),

    enable: (passphrase) =>
      act(async () => {
        if (state) return reconcile(false);
        checkPassphrase(passphrase);
        const saved = await api.get(KEYRING_BLOB_ID);
        const syncKey = saved
          ? await unlock(
              saved.data,
              passphrase,
              'Your keys are already saved in your vault with another passphrase. Enter that passphrase to restore them, or delete the saved copy to start over.',
            )
          : await deriveSyncKey(passphrase, newSalt());
        state = { syncKey, removed: [] };
        await persist();
        // Nothing saved yet: create it from this device's keys; else merge with what is saved.
        return reconcile(saved === undefined);
      }),

    restore: (passphrase) =>
      act(async () => {
        if (typeof passphrase !== 'string' || passphrase.length === 0) {
          throw new TesseraError('validation', 'Enter the passphrase you chose when you turned on key sync.');
        }
        const saved = await api.get(KEYRING_BLOB_ID);
        if (!saved) {
          throw new TesseraError(
            'validation',
            'There are no saved keys in your vault to restore. Add your keys, then turn on sync to save them.',
          );
        }
        const syncKey = await unlock(
          saved.data,
          passphrase,
          'That passphrase does not unlock your saved keys. Check it and try again; nothing on this device was changed.',
        );
        state = { syncKey, removed: [] };
        await persist();
        return reconcile(false);
      }),

    disable: ({ deleteSaved = false } = {}) =>
      act(async () => {
        clearTimeout(timer);
        timer = undefined;
        if (deleteSaved) await api.delete(KEYRING_BLOB_ID);
        state = undefined;
        dirty = false;
        await persist();
        return { state: 'off' };
      }),

    flush() {
      clearTimeout(timer);
      timer = undefined;
      return (dirty && state ? reconcileNow() : operation(async () => last)).then(report);
    },

    async change(provider, write) {
      // A broken sync store must never stop a key from being saved on this device.
      await ready().catch(() => {});
      const result = await local(async () => {
        const written = await write();
        if (state) {
          const present = await vault.has(provider);
          state.removed = state.removed.filter((removed) => removed.provider !== provider);
          if (!present) state.removed.push({ provider, removedAt: new Date().toISOString() });
          await persist().catch(() => {});
        }
        return written;
      });
      if (state) {
        dirty = true;
        syncSoon();
      }
      return result;
    },
  };
}
