import type { MaskedKey } from '@tessera/core';
import { html, nothing, type TemplateResult } from 'lit';
import { formatDay } from './format.js';

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
  edit(provider: string): void;
  cancel(provider: string): void;
  /** Saves the key typed in `form`: checked first, unless `anyway`. */
  save(provider: string, form: HTMLFormElement, anyway: boolean): void;
  remove(provider: string): void;
}

/** A DOM id for a provider's controls (provider ids are letters, digits and dashes). */
export const rowId = (provider: string, what: string) => `${what}-${provider.replace(/[^A-Za-z0-9-]/g, '_')}`;

function keySummary(key: MaskedKey | undefined): TemplateResult {
  if (!key) return html`<span part="key-status">No key</span>`;
  return html`<span part="key-status">
    <code part="masked-key">${key.masked}</code>
    <span class="added">added <time datetime=${key.addedAt}>${formatDay(key.addedAt)}</time></span>
  </span>`;
}

function keyForm(view: ProviderRowView, actions: ProviderRowActions): TemplateResult {
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
    aria-label="${view.key ? 'Replace' : 'Add'} ${view.label} key"
    @submit=${(event: SubmitEvent) => {
      event.preventDefault();
      actions.save(view.id, event.target as HTMLFormElement, false);
    }}
    @keydown=${onKeydown}
  >
    <label for=${inputId}>${view.label} API key</label>
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
        ${view.pending ? 'Checking…' : 'Check and save'}
      </button>
      <button part="cancel-button" type="button" ?disabled=${view.pending} @click=${() => actions.cancel(view.id)}>
        Cancel
      </button>
    </div>
    <p id=${messageId} part="field-message" class=${view.message ? 'problem' : 'hint'} role=${view.message ? 'alert' : nothing}>
      ${view.message?.text ?? 'The key is checked with the provider before it is saved. It stays in your key vault; this page never sees it.'}
    </p>
    ${
      view.message?.saveAnyway
        ? html`<button part="save-anyway-button" type="button" ?disabled=${view.pending}
            @click=${(event: Event) => actions.save(view.id, (event.target as HTMLElement).closest('form') as HTMLFormElement, true)}
          >Save without checking</button>`
        : nothing
    }
  </form>`;
}

/** A provider's row: its key (masked) and when it was added, with add, replace and remove. */
export function providerRow(view: ProviderRowView, actions: ProviderRowActions): TemplateResult {
  return html`<li part="provider ${view.key ? 'provider-with-key' : 'provider-without-key'}" aria-busy=${view.pending ? 'true' : 'false'}>
    <div class="row">
      <span part="provider-name" id=${rowId(view.id, 'name')}>${view.label}</span>
      ${keySummary(view.key)}
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
              >${view.key ? 'Replace' : 'Add key'}</button>`
        }
        ${
          view.key
            ? html`<button
                part="remove-button"
                type="button"
                aria-label="Remove ${view.label} key"
                ?disabled=${view.pending}
                @click=${() => actions.remove(view.id)}
              >Remove</button>`
            : nothing
        }
      </span>
    </div>
    ${view.editing ? keyForm(view, actions) : nothing}
  </li>`;
}
