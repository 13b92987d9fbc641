import type { MaskedKey } from '@tessera/core';
import { html, nothing, type TemplateResult } from 'lit';
import type { Localizer } from '../../shared/i18n/localizer.js';

/** What a failed check said, and whether the key may be saved anyway (valid but out of quota, or unreachable). */
export interface RowMessage {
  text: string;
  saveAnyway: boolean;
}

/** One provider in the list, as shown. */
export interface ProviderRowView {
  id: string;
  label: string;
  key: MaskedKey | undefined;
  editing: boolean;
  /** A save or remove is under way. */
  pending: boolean;
  message: RowMessage | undefined;
}

export interface ProviderRowActions {
  i18n: Localizer;
  edit(provider: string): void;
  cancel(provider: string): void;
  /** Saves the key typed in `form`: checked first, unless `anyway`. */
  save(provider: string, form: HTMLFormElement, anyway: boolean): void;
  remove(provider: string): void;
}

/** A DOM id for a provider's controls (provider ids are letters, digits and dashes). */
export const rowId = (provider: string, what: string) => `${what}-${provider.replace(/[^A-Za-z0-9-]/g, '_')}`;

function keySummary(i18n: Localizer, key: MaskedKey | undefined): TemplateResult {
  if (!key) return html`<span part="key-status">${i18n.t('keys.noKey')}</span>`;
  return html`<span part="key-status">
    <code part="masked-key">${key.masked}</code>
    <span class="added">${addedOn(i18n, key.addedAt)}</span>
  </span>`;
}

/** `added <time>3 Jan 2026</time>`, with the date wherever the language puts it. */
export function addedOn(i18n: Localizer, iso: string): TemplateResult {
  const [before = '', after = ''] = i18n.t('keys.added').split('{date}');
  return html`${before}<time datetime=${iso}>${i18n.date(iso) || iso}</time>${after}`;
}

function keyForm(view: ProviderRowView, actions: ProviderRowActions): TemplateResult {
  const { i18n } = actions;
  const inputId = rowId(view.id, 'key');
  const messageId = rowId(view.id, 'key-message');
  const onKeydown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      actions.cancel(view.id);
    }
  };
  return html`<form
    part="key-form"
    aria-label=${i18n.t(view.key ? 'keys.replaceFormLabel' : 'keys.addFormLabel', { provider: view.label })}
    @submit=${(event: SubmitEvent) => {
      event.preventDefault();
      actions.save(view.id, event.target as HTMLFormElement, false);
    }}
    @keydown=${onKeydown}
  >
    <label for=${inputId}>${i18n.t('keys.inputLabel', { provider: view.label })}</label>
    <div class="field-row">
      <input
        id=${inputId}
        part="key-input"
        name="apiKey"
        type="password"
        autocomplete="off"
        spellcheck="false"
        required
        ?disabled=${view.pending}
        aria-invalid=${view.message ? 'true' : 'false'}
        aria-describedby=${messageId}
      />
      <button part="save-button" class="primary" type="submit" ?disabled=${view.pending}>
        ${i18n.t(view.pending ? 'common.checking' : 'keys.checkAndSave')}
      </button>
      <button part="cancel-button" type="button" ?disabled=${view.pending} @click=${() => actions.cancel(view.id)}>
        ${i18n.t('common.cancel')}
      </button>
    </div>
    <p id=${messageId} part="field-message" class=${view.message ? 'problem' : 'hint'} role=${view.message ? 'alert' : nothing}>
      ${view.message?.text ?? i18n.t('keys.formHint')}
    </p>
    ${
      view.message?.saveAnyway
        ? html`<button part="save-anyway-button" type="button" ?disabled=${view.pending}
            @click=${(event: Event) => actions.save(view.id, (event.target as HTMLElement).closest('form') as HTMLFormElement, true)}
          >${i18n.t('keys.saveAnyway')}</button>`
        : nothing
    }
  </form>`;
}

/** A provider's row: its key (masked) and when it was added, with add, replace and remove. */
export function providerRow(view: ProviderRowView, actions: ProviderRowActions): TemplateResult {
  const { i18n } = actions;
  return html`<li part="provider ${view.key ? 'provider-with-key' : 'provider-without-key'}" aria-busy=${view.pending ? 'true' : 'false'}>
    <div class="row">
      <span part="provider-name" id=${rowId(view.id, 'name')}>${view.label}</span>
      ${keySummary(i18n, view.key)}
      <span class="actions">
        ${
          view.editing
            ? nothing
            : html`<button
                part="edit-button"
                type="button"
                id=${rowId(view.id, 'edit')}
                aria-describedby=${rowId(view.id, 'name')}
                ?disabled=${view.pending}
                @click=${() => actions.edit(view.id)}
              >${i18n.t(view.key ? 'keys.replace' : 'keys.add')}</button>`
        }
        ${
          view.key
            ? html`<button
                part="remove-button"
                type="button"
                aria-label=${i18n.t('keys.removeLabel', { provider: view.label })}
                ?disabled=${view.pending}
                @click=${() => actions.remove(view.id)}
              >${i18n.t('keys.remove')}</button>`
            : nothing
        }
      </span>
    </div>
    ${view.editing ? keyForm(view, actions) : nothing}
  </li>`;
}
