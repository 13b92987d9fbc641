import type { KeyCheckResult, MaskedKey, ProviderProfile, Tessera } from '@tessera/core';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { keysEnglish } from '../shared/i18n/english/keys.js';
import type { Localizer } from '../shared/i18n/localizer.js';
import { provideEnglish } from '../shared/i18n/registry.js';
import { TesseraElement } from '../shared/tessera-element.js';
import { KeysController } from './controllers/keys-controller.js';
import { SyncController } from './controllers/sync-controller.js';
import { emitKeysChanged, type KeyChange } from './events.js';
import { keyManagerStyles } from './key-manager.styles.js';
import { localServers } from './parts/local-servers.js';
import { passphraseStrength, type Strength } from './parts/passphrase-strength.js';
import { type ProviderRowView, providerRow, type RowMessage, rowId } from './parts/provider-row.js';
import { syncPanel } from './parts/sync-panel.js';

// The key manager's English ships with its code, not in the table every chat page loads.
provideEnglish(keysEnglish);

/** Values of a form's fields by name, read once at submit and never kept. */
const field = (form: HTMLFormElement, name: string) => String(new FormData(form).get(name) ?? '');
const messageOf = (caught: unknown, fallback: string) =>
  caught instanceof Error && caught.message ? caught.message : fallback;

/**
 * The user's provider keys: add, check, replace and remove them, connect a local server, and sync
 * them (encrypted with a passphrase) through the user's vault, so a new device or a browser that
 * cleared its storage gets them back. Keys go into the key vault and never come back out: the
 * element shows them masked.
 *
 * @tagname tessera-key-manager
 * @summary Manage bring-your-own provider keys and their encrypted sync.
 *
 * @fires tessera-keys-changed - A key was added, replaced, removed or restored (`provider`, `change`: added, replaced, removed or restored). Never carries the key.
 *
 * @csspart base - The outer container.
 * @csspart header - The title and what the keys are for.
 * @csspart loading - Shown while Tessera or the keys load.
 * @csspart error - Why the keys could not be shown.
 * @csspart empty - What the element says while the user has no keys.
 * @csspart announcement - A polite live region that says what just happened ("OpenAI key saved").
 * @csspart providers - The list of providers that take a key.
 * @csspart provider - One provider's row; also `provider-with-key` or `provider-without-key`.
 * @csspart provider-name - A provider's name.
 * @csspart key-status - A row's key, masked, and when it was added; or "No key".
 * @csspart masked-key - A key's first and last characters.
 * @csspart edit-button - Opens the form to add or replace a key.
 * @csspart remove-button - Removes a key.
 * @csspart key-form - The form to add or replace a key.
 * @csspart key-input - The key field (a password field).
 * @csspart save-button - Checks the key with the provider and saves it.
 * @csspart save-anyway-button - Saves without a passing check (shown when the provider could not be reached or the key has no quota).
 * @csspart cancel-button - Closes a form or a confirmation.
 * @csspart field-message - A form's hint, or the check's sentence when it failed.
 * @csspart local-servers - The local-server section.
 * @csspart local-list - Connected local servers.
 * @csspart local-server - One connected local server.
 * @csspart local-url - A local server's base URL.
 * @csspart local-form - The form to connect a local server.
 * @csspart local-kind - Chooses Ollama or an OpenAI-compatible server.
 * @csspart local-url-input - The base URL field.
 * @csspart local-key-input - The optional key field of a local server.
 * @csspart connect-button - Checks and connects a local server.
 * @csspart disconnect-button - Forgets a local server.
 * @csspart sync - The key sync section.
 * @csspart sync-status - Where sync stands, in a sentence.
 * @csspart sync-error - Why the last sync action failed (a wrong passphrase, the network).
 * @csspart sync-form - The form that turns sync on.
 * @csspart passphrase-input - A passphrase field.
 * @csspart confirm-input - The field that repeats the new passphrase.
 * @csspart strength - The strength hint of the passphrase being chosen.
 * @csspart enable-button - Turns sync on.
 * @csspart restore-form - The form that unlocks the saved keys.
 * @csspart restore-button - Restores (or unlocks) the saved keys.
 * @csspart forgot-button - Starts deleting a saved copy whose passphrase is lost.
 * @csspart confirm-delete - The confirmation before turning sync off or deleting the saved copy.
 * @csspart delete-saved-button - Deletes the saved copy from the vault.
 * @csspart disable-button - Turns sync off on this device.
 * @csspart retry-button - Checks the vault again after an error.
 *
 * @cssstate loading - Tessera or the keys are loading.
 * @cssstate busy - A key is being checked or saved, or a sync action is under way.
 * @cssstate error - An error is shown.
 *
 * @cssprop --tessera-color-accent - Primary buttons.
 * @cssprop --tessera-color-on-accent - Text on the accent colour.
 * @cssprop --tessera-color-surface - Background.
 * @cssprop --tessera-color-surface-raised - Rows and sections.
 * @cssprop --tessera-color-border - Borders.
 * @cssprop --tessera-color-text - Text colour.
 * @cssprop --tessera-color-text-muted - Hints, dates.
 * @cssprop --tessera-color-danger - Errors and the delete button.
 * @cssprop --tessera-color-danger-surface - Error background.
 * @cssprop --tessera-color-focus-ring - Focus outline.
 * @cssprop --tessera-font-body - Text font.
 * @cssprop --tessera-font-mono - Masked keys and URLs.
 * @cssprop --tessera-font-size-sm - Small text size.
 * @cssprop --tessera-font-size-md - Body text size.
 * @cssprop --tessera-space-sm - Small spacing.
 * @cssprop --tessera-space-md - Medium spacing.
 * @cssprop --tessera-radius-sm - Radius of inputs and buttons.
 * @cssprop --tessera-radius-md - Radius of the element (unless --tessera-key-manager-radius is set).
 * @cssprop --tessera-key-manager-radius - Corner radius of the element.
 */
export class TesseraKeyManager extends TesseraElement {
  static override styles = keyManagerStyles;

  /** Accessible name and title of the element; “Provider keys” in the widget's language when unset. */
  @property() label: string | undefined;

  /**
   * The providers to list, by id (`openai,anthropic`); all that take a key by default. Keys already
   * stored for other providers are always listed, so none is hidden.
   */
  @property({
    converter: (value) =>
      value
        ?.split(',')
        .map((id) => id.trim())
        .filter(Boolean),
  })
  providers: string[] | undefined;

  /** The provider whose key form is open. */
  @state() private editing: string | undefined;
  /** The provider (or local server kind) being checked, saved or removed. */
  @state() private pending: string | undefined;
  /** What a provider's failed check said. */
  @state() private rowMessage: { provider: string; message: RowMessage } | undefined;
  @state() private localKind = 'ollama';
  @state() private localMessage: RowMessage | undefined;
  /** A mistake in a sync form, found before asking the vault. */
  @state() private syncFormError: string | undefined;
  @state() private strength: Strength | undefined;
  @state() private confirmingDelete = false;
  /** The last thing that happened, for the polite live region. */
  @state() private announcement = '';

  readonly #keys = new KeysController(this);
  readonly #sync = new SyncController(this, (providers) => this.#restored(providers));
  readonly #internals = this.attachInternals();
  #attachedTo: Tessera | undefined;

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const tessera = this.instance;
    if (tessera && tessera !== this.#attachedTo) {
      this.#attachedTo = tessera;
      this.#keys.attach(tessera);
      this.#sync.attach(tessera);
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const loading = !this.startupError && (!this.instance || this.#keys.loading);
    this.#setState('loading', loading);
    this.#setState('busy', this.pending !== undefined || this.#sync.busy !== undefined);
    this.#setState('error', Boolean(this.startupError || this.#keys.error));
  }

  #setState(name: string, on: boolean): void {
    const states = this.#internals.states;
    if (!states) return;
    if (on) states.add(name);
    else states.delete(name);
  }

  #emit(provider: string, change: KeyChange): void {
    emitKeysChanged(this, provider, change);
  }

  #restored(providers: string[]): void {
    for (const provider of providers) this.#emit(provider, 'restored');
    this.announcement = this.i18n.t('keys.restored', {
      providers: this.i18n.list(providers.map((p) => this.#label(p))),
    });
  }

  #profiles(): ProviderProfile[] {
    return this.instance?.mux.providers() ?? [];
  }

  #label(provider: string): string {
    return this.#profiles().find((profile) => profile.id === provider)?.label ?? provider;
  }

  #focus(selector: string): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  // ---- keys ----

  #edit(provider: string): void {
    this.editing = provider;
    this.rowMessage = undefined;
    this.#focus(`#${rowId(provider, 'key')}`);
  }

  #cancel(provider: string): void {
    this.editing = undefined;
    this.rowMessage = undefined;
    this.#focus(`#${rowId(provider, 'edit')}`);
  }

  /** Checks and stores a key (or, after a check that may be wrong, stores it unchecked). */
  async #save(provider: string, form: HTMLFormElement, anyway: boolean): Promise<void> {
    const tessera = this.instance;
    const apiKey = field(form, 'apiKey').trim();
    if (!tessera) return;
    if (!apiKey) {
      this.rowMessage = { provider, message: { text: this.i18n.t('keys.pasteKey'), saveAnyway: false } };
      return;
    }
    const replacing = this.#keys.keys.some((key) => key.provider === provider);
    this.pending = provider;
    this.rowMessage = undefined;
    try {
      let check: KeyCheckResult | undefined;
      if (anyway) await tessera.keys.set(provider, apiKey);
      else check = await tessera.keys.rotate(provider, apiKey);
      if (check && check.status !== 'valid') {
        // Only a key the provider refused is certainly wrong; a provider out of reach or out of
        // quota says nothing about the key, so the user may keep it anyway.
        this.rowMessage = { provider, message: { text: check.message, saveAnyway: check.status !== 'invalid' } };
        this.#focus(`#${rowId(provider, 'key')}`);
        return;
      }
      form.reset();
      this.editing = undefined;
      this.announcement = this.i18n.t(replacing ? 'keys.replaced' : 'keys.saved', { provider: this.#label(provider) });
      this.#emit(provider, replacing ? 'replaced' : 'added');
      this.#focus(`#${rowId(provider, 'edit')}`);
      await this.#keys.reload();
      await this.#sync.saved();
    } catch (caught) {
      this.rowMessage = {
        provider,
        message: { text: messageOf(caught, this.i18n.t('keys.failed')), saveAnyway: false },
      };
    } finally {
      this.pending = undefined;
    }
  }

  async #remove(provider: string): Promise<void> {
    const tessera = this.instance;
    if (!tessera) return;
    this.pending = provider;
    try {
      await tessera.keys.remove(provider);
      if (this.editing === provider) this.editing = undefined;
      this.announcement = this.i18n.t('keys.removed', { provider: this.#label(provider) });
      this.#emit(provider, 'removed');
      await this.#keys.reload();
      await this.#sync.saved();
      this.#focus(`#${rowId(provider, 'edit')}`);
    } catch (caught) {
      this.rowMessage = {
        provider,
        message: { text: messageOf(caught, this.i18n.t('keys.failed')), saveAnyway: false },
      };
    } finally {
      this.pending = undefined;
    }
  }

  // ---- local servers ----

  async #connect(form: HTMLFormElement, anyway: boolean): Promise<void> {
    const tessera = this.instance;
    if (!tessera) return;
    const provider = field(form, 'provider') || this.localKind;
    const baseURL = field(form, 'baseURL').trim();
    const apiKey = field(form, 'apiKey').trim();
    if (!URL.canParse(baseURL) || !/^https?:$/.test(new URL(baseURL).protocol)) {
      this.localMessage = { text: this.i18n.t('keys.local.badAddress'), saveAnyway: false };
      return;
    }
    const replacing = this.#keys.keys.some((key) => key.provider === provider);
    this.pending = provider;
    this.localMessage = undefined;
    try {
      let check: KeyCheckResult | undefined;
      if (anyway) await tessera.keys.set(provider, apiKey, { baseURL });
      else check = await tessera.keys.rotate(provider, apiKey, { baseURL });
      if (check && check.status !== 'valid') {
        this.localMessage = { text: check.message, saveAnyway: check.status !== 'invalid' };
        return;
      }
      form.reset();
      this.announcement = this.i18n.t('keys.local.connected', { provider: this.#label(provider), address: baseURL });
      this.#emit(provider, replacing ? 'replaced' : 'added');
      await this.#keys.reload();
      await this.#sync.saved();
    } catch (caught) {
      this.localMessage = { text: messageOf(caught, this.i18n.t('keys.failed')), saveAnyway: false };
    } finally {
      this.pending = undefined;
    }
  }

  // ---- sync ----

  async #enable(form: HTMLFormElement): Promise<void> {
    const passphrase = field(form, 'passphrase');
    if (passphraseStrength(passphrase) === 'too-short') {
      this.syncFormError = this.i18n.t('keys.sync.tooShort');
      this.#focus('[part="passphrase-input"]');
      return;
    }
    if (passphrase !== field(form, 'confirm')) {
      this.syncFormError = this.i18n.t('keys.sync.differ');
      this.#focus('[part="confirm-input"]');
      return;
    }
    this.syncFormError = undefined;
    if (await this.#sync.enable(passphrase)) {
      form.reset();
      this.strength = undefined;
      this.announcement = this.i18n.t('keys.sync.turnedOn');
    }
  }

  async #restore(form: HTMLFormElement): Promise<void> {
    const passphrase = field(form, 'passphrase');
    if (!passphrase) {
      this.syncFormError = this.i18n.t('keys.sync.enterPassphrase');
      return;
    }
    this.syncFormError = undefined;
    if (await this.#sync.restore(passphrase)) {
      form.reset();
      this.confirmingDelete = false;
      if (!this.#sync.status?.updated?.length) this.announcement = this.i18n.t('keys.sync.isOn');
      await this.#keys.reload();
    } else {
      this.#focus('[part="passphrase-input"]');
    }
  }

  async #disable(deleteSaved: boolean): Promise<void> {
    if (await this.#sync.disable(deleteSaved)) {
      this.confirmingDelete = false;
      this.announcement = this.i18n.t(deleteSaved ? 'keys.sync.deletedSaved' : 'keys.sync.turnedOff');
    }
  }

  // ---- render ----

  #rows(): ProviderRowView[] {
    const keyed = new Map(this.#keys.keys.map((key) => [key.provider, key]));
    const profiles = this.#profiles();
    const local = new Set(profiles.filter((profile) => !profile.requiresKey).map((profile) => profile.id));
    const wanted = profiles.filter(
      (profile) => profile.requiresKey && (!this.providers || this.providers.includes(profile.id)),
    );
    const ids = [...wanted.map((profile) => profile.id)];
    // A key the list would not show (another provider, or one not in `providers`) is still listed.
    for (const key of this.#keys.keys)
      if (!local.has(key.provider) && !ids.includes(key.provider)) ids.push(key.provider);
    return ids.map((id) => ({
      id,
      label: this.#label(id),
      key: keyed.get(id),
      editing: this.editing === id,
      pending: this.pending === id,
      message: this.rowMessage?.provider === id ? this.rowMessage.message : undefined,
    }));
  }

  #content(i18n: Localizer) {
    if (this.startupError) {
      return html`<p part="error" role="alert">${this.startupError.message}</p>`;
    }
    if (!this.instance) return html`<p part="loading">${i18n.t('common.loadingTessera')}</p>`;
    if (this.#keys.error) {
      return html`<p part="error" role="alert">${this.#keys.error}</p>`;
    }
    if (this.#keys.loading) return html`<p part="loading">${i18n.t('keys.loading')}</p>`;
    const profiles = this.#profiles();
    const kinds = profiles.filter((profile) => !profile.requiresKey);
    const connected: MaskedKey[] = this.#keys.keys.filter((key) => kinds.some((kind) => kind.id === key.provider));
    const rows = this.#rows();
    const rowActions = {
      i18n,
      edit: (provider: string) => this.#edit(provider),
      cancel: (provider: string) => this.#cancel(provider),
      save: (provider: string, form: HTMLFormElement, anyway: boolean) => void this.#save(provider, form, anyway),
      remove: (provider: string) => void this.#remove(provider),
    };
    return html`
      ${this.#keys.keys.length === 0 ? html`<p part="empty" class="hint">${i18n.t('keys.empty')}</p>` : nothing}
      <ul part="providers" aria-label=${i18n.t('keys.providers')}>
        ${rows.map((row) => providerRow(row, rowActions))}
      </ul>
      ${localServers(
        {
          kinds,
          connected,
          label: (provider) => this.#label(provider),
          kind: this.localKind,
          pending: kinds.some((kind) => kind.id === this.pending) ? this.pending : undefined,
          message: this.localMessage,
        },
        {
          i18n,
          choose: (kind) => {
            this.localKind = kind;
            this.localMessage = undefined;
          },
          connect: (form, anyway) => void this.#connect(form, anyway),
          disconnect: (provider) => void this.#remove(provider),
        },
      )}
      ${syncPanel(
        {
          status: this.#sync.status,
          busy: this.#sync.busy,
          error: this.syncFormError ?? this.#sync.error,
          strength: this.strength,
          confirmingDelete: this.confirmingDelete,
        },
        {
          i18n,
          typed: (passphrase) => {
            this.strength = passphrase ? passphraseStrength(passphrase) : undefined;
          },
          enable: (form) => void this.#enable(form),
          restore: (form) => void this.#restore(form),
          disable: (deleteSaved) => void this.#disable(deleteSaved),
          askDelete: (ask) => {
            this.confirmingDelete = ask;
            this.syncFormError = undefined;
          },
          retry: () => void this.#sync.check(),
        },
      )}`;
  }

  override render() {
    const i18n = this.i18n;
    return html`<section part="base" aria-labelledby="title">
      <header part="header">
        <h2 id="title">${this.label ?? i18n.t('keys.label')}</h2>
        <p class="hint">${i18n.t('keys.intro')}</p>
      </header>
      <p part="announcement" class="visually-hidden" role="status" aria-live="polite">${this.announcement}</p>
      ${this.#content(i18n)}
    </section>`;
  }
}
