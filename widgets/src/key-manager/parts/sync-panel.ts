import type { KeySyncStatus } from '@tessera/core';
import { html, nothing, type TemplateResult } from 'lit';
import type { Localizer } from '../../shared/i18n/localizer.js';
import type { SyncAction } from '../controllers/sync-controller.js';
import { type Strength, strengthHint } from './passphrase-strength.js';

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
  i18n: Localizer;
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
  const { i18n } = actions;
  return html`<form part="sync-form" aria-label=${i18n.t('keys.sync.enableLabel')} @submit=${submit(actions.enable)}>
    <p class="hint">${i18n.t('keys.sync.enableHint')}</p>
    <div class="fields">
      <label>
        ${i18n.t('keys.sync.passphrase')}
        <input part="passphrase-input" name="passphrase" type="password" autocomplete="new-password" required
          ?disabled=${busy}
          aria-describedby="strength ${view.error ? 'sync-error' : ''}"
          aria-invalid=${view.error ? 'true' : 'false'}
          @input=${(event: Event) => actions.typed((event.target as HTMLInputElement).value)}
        />
      </label>
      <label>
        ${i18n.t('keys.sync.confirm')}
        <input part="confirm-input" name="confirm" type="password" autocomplete="new-password" required ?disabled=${busy}
          aria-invalid=${view.error ? 'true' : 'false'}
        />
      </label>
    </div>
    <p part="strength" id="strength" class=${view.strength ?? 'none'}>
      ${view.strength ? strengthHint(i18n, view.strength) : i18n.t('keys.sync.strengthHint')}
    </p>
    ${errorLine(view)}
    <button part="enable-button" class="primary" type="submit" ?disabled=${busy}>
      ${i18n.t(view.busy === 'enable' ? 'keys.sync.encrypting' : 'keys.sync.turnOn')}
    </button>
  </form>`;
}

function forgotten(view: SyncPanelView, actions: SyncPanelActions): TemplateResult {
  const busy = view.busy !== undefined;
  const { i18n } = actions;
  if (!view.confirmingDelete) {
    return html`<button part="forgot-button" class="link" type="button" ?disabled=${busy} @click=${() => actions.askDelete(true)}>
      ${i18n.t('keys.sync.forgot')}
    </button>`;
  }
  return html`<div part="confirm-delete" role="group" aria-labelledby="confirm-delete-text">
    <p id="confirm-delete-text">${i18n.t('keys.sync.forgotText')}</p>
    <button part="delete-saved-button" class="danger" type="button" ?disabled=${busy} @click=${() => actions.disable(true)}>
      ${i18n.t('keys.sync.deleteSaved')}
    </button>
    <button type="button" part="cancel-button" ?disabled=${busy} @click=${() => actions.askDelete(false)}>${i18n.t('keys.sync.keepIt')}</button>
  </div>`;
}

function unlockForm(view: SyncPanelView, actions: SyncPanelActions, restoring: boolean): TemplateResult {
  const busy = view.busy !== undefined;
  const { i18n } = actions;
  return html`<form part="restore-form" aria-label=${i18n.t(restoring ? 'keys.sync.restoreLabel' : 'keys.sync.unlockLabel')} @submit=${submit(actions.restore)}>
    <div class="fields">
      <label>
        ${i18n.t('keys.sync.passphrase')}
        <input part="passphrase-input" name="passphrase" type="password" autocomplete="current-password" required
          ?disabled=${busy}
          aria-invalid=${view.error ? 'true' : 'false'}
          aria-describedby=${view.error ? 'sync-error' : nothing}
        />
      </label>
    </div>
    ${errorLine(view)}
    <button part="restore-button" class="primary" type="submit" ?disabled=${busy}>
      ${i18n.t(view.busy === 'restore' ? 'keys.sync.unlocking' : restoring ? 'keys.sync.restore' : 'keys.sync.unlock')}
    </button>
  </form>
  ${forgotten(view, actions)}`;
}

/** `Sync is on…, last at <time>…</time>.` with the time wherever the language puts it. */
function syncedAt(i18n: Localizer, iso: string | undefined): TemplateResult {
  if (!iso) return html`${i18n.t('keys.sync.on')}`;
  const [before = '', after = ''] = i18n.t('keys.sync.onSince').split('{time}');
  return html`${before}<time datetime=${iso}>${i18n.dateTime(iso)}</time>${after}`;
}

function body(view: SyncPanelView, actions: SyncPanelActions): TemplateResult {
  const status = view.status;
  const { i18n } = actions;
  if (!status) return html`<p part="sync-status" class="hint">${i18n.t('keys.sync.checking')}</p>`;
  switch (status.state) {
    case 'unavailable':
      return html`<p part="sync-status">${i18n.t('keys.sync.unavailable', { reason: status.message ?? '' })}</p>`;
    case 'error':
      return html`<p part="sync-status" role="alert">${status.message ?? i18n.t('keys.sync.failed')}</p>
        <button part="retry-button" type="button" ?disabled=${view.busy !== undefined} @click=${actions.retry}>${i18n.t('common.tryAgain')}</button>`;
    case 'on':
      return html`<p part="sync-status">${syncedAt(i18n, status.lastSyncedAt)}</p>
        ${errorLine(view)}
        ${
          view.confirmingDelete
            ? html`<div part="confirm-delete" role="group" aria-labelledby="confirm-off-text">
                <p id="confirm-off-text">${i18n.t('keys.sync.confirmOff')}</p>
                <button part="delete-saved-button" class="danger" type="button" ?disabled=${view.busy !== undefined} @click=${() => actions.disable(true)}>${i18n.t('keys.sync.offAndDelete')}</button>
                <button part="disable-button" type="button" ?disabled=${view.busy !== undefined} @click=${() => actions.disable(false)}>${i18n.t('keys.sync.offHere')}</button>
                <button part="cancel-button" type="button" ?disabled=${view.busy !== undefined} @click=${() => actions.askDelete(false)}>${i18n.t('keys.sync.keepSyncing')}</button>
              </div>`
            : html`<button part="disable-button" type="button" ?disabled=${view.busy !== undefined} @click=${() => actions.askDelete(true)}>${i18n.t('keys.sync.turnOff')}</button>`
        }`;
    case 'restore-available':
      return html`<p part="sync-status" class="notice">${status.message ?? i18n.t('keys.sync.restoreAvailable')}</p>
        ${unlockForm(view, actions, true)}`;
    case 'locked':
      return html`<p part="sync-status" class="notice">${status.message ?? i18n.t('keys.sync.locked')}</p>
        ${unlockForm(view, actions, false)}`;
    default:
      return html`${status.message ? html`<p part="sync-status" class="notice">${status.message}</p>` : nothing}
        ${enableForm(view, actions)}`;
  }
}

/** Key sync: its state in a sentence, and the one form that state calls for. */
export function syncPanel(view: SyncPanelView, actions: SyncPanelActions): TemplateResult {
  return html`<section part="sync" aria-labelledby="sync-title" aria-busy=${view.busy || !view.status ? 'true' : 'false'}>
    <h3 id="sync-title">${actions.i18n.t('keys.sync.heading')}</h3>
    ${body(view, actions)}
  </section>`;
}
