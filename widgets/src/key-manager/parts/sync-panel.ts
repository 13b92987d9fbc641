import type { KeySyncStatus } from '@tessera/core';
import { html, nothing, type TemplateResult } from 'lit';
import type { SyncAction } from '../controllers/sync-controller.js';
import { formatMoment } from './format.js';
import { STRENGTH_HINT, type Strength } from './passphrase-strength.js';

/** The sync section, as shown. */
export interface SyncPanelView {
  status: KeySyncStatus | undefined;
  busy: SyncAction | undefined;
  /** The last action's failure, or a mistake in the form (passphrases that differ). */
  error: string | undefined;
  /** Strength of the passphrase being chosen, once the user starts typing. */
  strength: Strength | undefined;
  /** The user asked to delete the saved copy and is being asked to confirm. */
  confirmingDelete: boolean;
}

export interface SyncPanelActions {
  typed(passphrase: string): void;
  enable(form: HTMLFormElement): void;
  restore(form: HTMLFormElement): void;
  disable(deleteSaved: boolean): void;
  askDelete(ask: boolean): void;
  retry(): void;
}

const submit = (handler: (form: HTMLFormElement) => void) => (event: SubmitEvent) => {
  event.preventDefault();
  handler(event.target as HTMLFormElement);
};

function errorLine(view: SyncPanelView): TemplateResult | typeof nothing {
  return view.error ? html`<p part="sync-error" id="sync-error" role="alert">${view.error}</p>` : nothing;
}

function enableForm(view: SyncPanelView, actions: SyncPanelActions): TemplateResult {
  const busy = view.busy !== undefined;
  return html`<form part="sync-form" aria-label="Turn on key sync" @submit=${submit(actions.enable)}>
    <p class="hint">
      Save your keys, encrypted with a passphrase only you know, to your vault, to get them back on another
      device or if this browser clears its storage. Tessera cannot recover a forgotten passphrase.
    </p>
    <div class="fields">
      <label>
        Passphrase
        <input part="passphrase-input" name="passphrase" type="password" autocomplete="new-password" required
          ?disabled=${busy}
          aria-describedby="strength ${view.error ? 'sync-error' : ''}"
          aria-invalid=${view.error ? 'true' : 'false'}
          @input=${(event: Event) => actions.typed((event.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        Confirm passphrase
        <input part="confirm-input" name="confirm" type="password" autocomplete="new-password" required ?disabled=${busy}
          aria-invalid=${view.error ? 'true' : 'false'}
        />
      </label>
    </div>
    <p part="strength" id="strength" class=${view.strength ?? 'none'}>
      ${view.strength ? STRENGTH_HINT[view.strength] : 'Use four or five unrelated words.'}
    </p>
    ${errorLine(view)}
    <button part="enable-button" class="primary" type="submit" ?disabled=${busy}>
      ${view.busy === 'enable' ? 'Encrypting and saving…' : 'Turn on sync'}
    </button>
  </form>`;
}

function forgotten(view: SyncPanelView, actions: SyncPanelActions): TemplateResult {
  const busy = view.busy !== undefined;
  if (!view.confirmingDelete) {
    return html`<button part="forgot-button" class="link" type="button" ?disabled=${busy} @click=${() => actions.askDelete(true)}>
      Forgot your passphrase?
    </button>`;
  }
  return html`<div part="confirm-delete" role="group" aria-labelledby="confirm-delete-text">
    <p id="confirm-delete-text">
      Without the passphrase the saved keys cannot be opened. Delete the saved copy and start over? Keys on
      this device stay; add the missing ones again, then turn sync on with a new passphrase.
    </p>
    <button part="delete-saved-button" class="danger" type="button" ?disabled=${busy} @click=${() => actions.disable(true)}>
      Delete saved copy
    </button>
    <button type="button" part="cancel-button" ?disabled=${busy} @click=${() => actions.askDelete(false)}>Keep it</button>
  </div>`;
}

function unlockForm(view: SyncPanelView, actions: SyncPanelActions, restoring: boolean): TemplateResult {
  const busy = view.busy !== undefined;
  return html`<form part="restore-form" aria-label=${restoring ? 'Restore your keys' : 'Unlock key sync'} @submit=${submit(actions.restore)}>
    <div class="fields">
      <label>
        Passphrase
        <input part="passphrase-input" name="passphrase" type="password" autocomplete="current-password" required
          ?disabled=${busy}
          aria-invalid=${view.error ? 'true' : 'false'}
          aria-describedby=${view.error ? 'sync-error' : nothing}
        />
      </label>
    </div>
    ${errorLine(view)}
    <button part="restore-button" class="primary" type="submit" ?disabled=${busy}>
      ${view.busy === 'restore' ? 'Unlocking…' : restoring ? 'Restore keys' : 'Unlock and sync'}
    </button>
  </form>
  ${forgotten(view, actions)}`;
}

function body(view: SyncPanelView, actions: SyncPanelActions): TemplateResult {
  const status = view.status;
  if (!status) return html`<p part="sync-status" class="hint">Checking your vault…</p>`;
  switch (status.state) {
    case 'unavailable':
      return html`<p part="sync-status">Key sync is unavailable here. ${status.message ?? ''}</p>`;
    case 'error':
      return html`<p part="sync-status" role="alert">${status.message ?? 'Key sync failed.'}</p>
        <button part="retry-button" type="button" ?disabled=${view.busy !== undefined} @click=${actions.retry}>Try again</button>`;
    case 'on':
      return html`<p part="sync-status">
          Sync is on: your keys are saved, encrypted, in your vault${
            status.lastSyncedAt
              ? html`, last at <time datetime=${status.lastSyncedAt}>${formatMoment(status.lastSyncedAt)}</time>`
              : ''
          }.
        </p>
        ${errorLine(view)}
        ${
          view.confirmingDelete
            ? html`<div part="confirm-delete" role="group" aria-labelledby="confirm-off-text">
                <p id="confirm-off-text">Also delete the saved copy from your vault? Other devices then stop syncing; keys on every device stay.</p>
                <button part="delete-saved-button" class="danger" type="button" ?disabled=${view.busy !== undefined} @click=${() => actions.disable(true)}>Turn off and delete</button>
                <button part="disable-button" type="button" ?disabled=${view.busy !== undefined} @click=${() => actions.disable(false)}>Turn off on this device only</button>
                <button part="cancel-button" type="button" ?disabled=${view.busy !== undefined} @click=${() => actions.askDelete(false)}>Keep syncing</button>
              </div>`
            : html`<button part="disable-button" type="button" ?disabled=${view.busy !== undefined} @click=${() => actions.askDelete(true)}>Turn off sync…</button>`
        }`;
    case 'restore-available':
      return html`<p part="sync-status" class="notice">${status.message ?? 'Your keys are saved in your vault. Enter your passphrase to restore them.'}</p>
        ${unlockForm(view, actions, true)}`;
    case 'locked':
      return html`<p part="sync-status" class="notice">${status.message ?? 'Your keys are saved in your vault. Enter your passphrase to sync this device.'}</p>
        ${unlockForm(view, actions, false)}`;
    default:
      return html`${status.message ? html`<p part="sync-status" class="notice">${status.message}</p>` : nothing}
        ${enableForm(view, actions)}`;
  }
}

/** Key sync: its state in a sentence, and the one form that state calls for. */
export function syncPanel(view: SyncPanelView, actions: SyncPanelActions): TemplateResult {
  return html`<section part="sync" aria-labelledby="sync-title" aria-busy=${view.busy || !view.status ? 'true' : 'false'}>
    <h3 id="sync-title">Sync across devices</h3>
    ${body(view, actions)}
  </section>`;
}
