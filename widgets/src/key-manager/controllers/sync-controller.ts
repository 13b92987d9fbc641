import type { KeySyncStatus, Tessera } from '@tessera/core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Localizer } from '../../shared/i18n/localizer.js';

/** The element a controller serves: it updates, and speaks the user's language. */
type Host = ReactiveControllerHost & { readonly i18n: Localizer };

export type SyncAction = 'check' | 'enable' | 'restore' | 'disable';

/**
 * Key sync as the key manager shows it: the last status read from `tessera.keys.sync`, the action
 * under way, and the sentence of the last action that failed. Providers a sync restored or merged
 * are handed to `onUpdated`.
 */
export class SyncController implements ReactiveController {
  status: KeySyncStatus | undefined;
  busy: SyncAction | undefined;
  /** Why the last action failed (a wrong passphrase, the network), for the user. */
  error: string | undefined;

  readonly #host: Host;
  readonly #onUpdated: (providers: string[]) => void;
  #tessera: Tessera | undefined;

  constructor(host: Host, onUpdated: (providers: string[]) => void) {
    this.#host = host;
    this.#onUpdated = onUpdated;
    host.addController(this);
  }

  hostConnected(): void {}

  /** Follows `tessera`'s sync, checking the vault at once. */
  attach(tessera: Tessera): void {
    if (tessera === this.#tessera) return;
    this.#tessera = tessera;
    this.status = undefined;
    void this.check();
  }

  /** Asks the vault where sync stands (and, when on, brings in other devices' changes). */
  check(): Promise<boolean> {
    return this.#run('check', (sync) => sync.status());
  }

  /** After a key change here: saves it now when sync is on, so the status shown is current. */
  async saved(): Promise<void> {
    if (this.status?.state !== 'on' || !this.#tessera) return;
    await this.#run('check', (sync) => sync.flush());
  }

  enable(passphrase: string): Promise<boolean> {
    return this.#run('enable', (sync) => sync.enable(passphrase));
  }

  restore(passphrase: string): Promise<boolean> {
    return this.#run('restore', (sync) => sync.restore(passphrase));
  }

  disable(deleteSaved: boolean): Promise<boolean> {
    return this.#run('disable', (sync) => sync.disable({ deleteSaved }));
  }

  async #run(action: SyncAction, call: (sync: Tessera['keys']['sync']) => Promise<KeySyncStatus>): Promise<boolean> {
    const tessera = this.#tessera;
    if (!tessera) return false;
    this.busy = action;
    this.error = undefined;
    this.#host.requestUpdate();
    try {
      const status = await call(tessera.keys.sync);
      if (tessera !== this.#tessera) return false;
      this.status = status;
      if (status.updated?.length) this.#onUpdated(status.updated);
      return true;
    } catch (caught) {
      this.error = caught instanceof Error ? caught.message : this.#host.i18n.t('keys.sync.failedTryAgain');
      return false;
    } finally {
      this.busy = undefined;
      this.#host.requestUpdate();
    }
  }
}
