import type { MaskedKey, Tessera } from '@tessera/core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Localizer } from '../../shared/i18n/localizer.js';

/** The element a controller serves: it updates, and speaks the user's language. */
type Host = ReactiveControllerHost & { readonly i18n: Localizer };

/**
 * The user's stored keys, masked, for a key manager: read from `tessera.keys.list()` when the
 * instance arrives and again whenever any of its keys change (here, in another widget, or by a
 * restore from the vault).
 */
export class KeysController implements ReactiveController {
  keys: MaskedKey[] = [];
  loading = true;
  /** Why the keys could not be read, as a sentence. */
  error: string | undefined;

  readonly #host: Host;
  #tessera: Tessera | undefined;
  #reads = 0;
  readonly #onChanged = () => void this.reload();

  constructor(host: Host) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#tessera?.events.on('keys-changed', this.#onChanged);
  }

  hostDisconnected(): void {
    this.#tessera?.events.off('keys-changed', this.#onChanged);
  }

  /** Follows `tessera`'s keys (a no-op for the instance already followed). */
  attach(tessera: Tessera): void {
    if (tessera === this.#tessera) return;
    this.#tessera?.events.off('keys-changed', this.#onChanged);
    this.#tessera = tessera;
    tessera.events.on('keys-changed', this.#onChanged);
    this.loading = true;
    void this.reload();
  }

  /** Reads the keys again; only the latest read is kept when reads overlap. */
  async reload(): Promise<void> {
    const tessera = this.#tessera;
    if (!tessera) return;
    const read = ++this.#reads;
    try {
      const keys = await tessera.keys.list();
      if (read !== this.#reads) return;
      this.keys = keys.sort((a, b) => a.provider.localeCompare(b.provider));
      this.error = undefined;
    } catch (caught) {
      if (read !== this.#reads) return;
      const i18n = this.#host.i18n;
      this.error = i18n.t('keys.readFailed', {
        reason: caught instanceof Error ? caught.message : i18n.t('keys.vaultSilent'),
      });
    } finally {
      if (read === this.#reads) {
        this.loading = false;
        this.#host.requestUpdate();
      }
    }
  }
}
