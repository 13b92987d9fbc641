import type { MaskedKey, ProviderProfile } from '@tessera/core';
import { html, nothing, type TemplateResult } from 'lit';
import type { Localizer } from '../../shared/i18n/localizer.js';
import { addedOn, type RowMessage } from './provider-row.js';

/** The local-server section, as shown. */
export interface LocalServersView {
  /** Providers that need no key (Ollama, any OpenAI-compatible server). */
  kinds: readonly ProviderProfile[];
  /** Their stored connections. */
  connected: readonly MaskedKey[];
  label: (provider: string) => string;
  /** The kind chosen in the form. */
  kind: string;
  pending: string | undefined;
  message: RowMessage | undefined;
}

export interface LocalServersActions {
  i18n: Localizer;
  choose(kind: string): void;
  /** Connects the server in `form`: checked reachable first, unless `anyway`. */
  connect(form: HTMLFormElement, anyway: boolean): void;
  disconnect(provider: string): void;
}

const EXAMPLE_URL: Record<string, string> = {
  ollama: 'http://localhost:11434',
  'openai-compatible': 'http://localhost:1234/v1',
};

/**
 * Servers on the user's machine or network (Ollama, LM Studio, llama.cpp, vLLM): a base URL and,
 * rarely, a key. One server per kind; connecting another replaces it.
 */
export function localServers(view: LocalServersView, actions: LocalServersActions): TemplateResult {
  const profile = view.kinds.find((kind) => kind.id === view.kind) ?? view.kinds[0];
  if (!profile) return html``;
  const busy = view.pending !== undefined;
  const { i18n } = actions;
  return html`<section part="local-servers" aria-labelledby="local-title">
    <h3 id="local-title">${i18n.t('keys.local.heading')}</h3>
    <p class="hint">${i18n.t('keys.local.intro')}</p>
    ${
      view.connected.length === 0
        ? nothing
        : html`<ul part="local-list" aria-label=${i18n.t('keys.local.connectedLabel')}>
          ${view.connected.map(
            (server) => html`<li part="local-server" aria-busy=${view.pending === server.provider ? 'true' : 'false'}>
              <span part="provider-name">${view.label(server.provider)}</span>
              <code part="local-url">${server.baseURL ?? ''}</code>
              ${server.masked ? html`<code part="masked-key">${server.masked}</code>` : nothing}
              <span class="added">${addedOn(i18n, server.addedAt)}</span>
              <button part="disconnect-button" type="button" ?disabled=${busy}
                aria-label=${i18n.t('keys.local.disconnectLabel', { provider: view.label(server.provider) })}
                @click=${() => actions.disconnect(server.provider)}
              >${i18n.t('keys.local.disconnect')}</button>
            </li>`,
          )}
        </ul>`
    }
    <form
      part="local-form"
      aria-label=${i18n.t('keys.local.formLabel')}
      @submit=${(event: SubmitEvent) => {
        event.preventDefault();
        actions.connect(event.target as HTMLFormElement, false);
      }}
    >
      <div class="fields">
        <label>
          ${i18n.t('keys.local.kind')}
          <select part="local-kind" name="provider" .value=${profile.id} ?disabled=${busy}
            @change=${(event: Event) => actions.choose((event.target as HTMLSelectElement).value)}
          >
            ${view.kinds.map((kind) => html`<option value=${kind.id} ?selected=${kind.id === profile.id}>${kind.label}</option>`)}
          </select>
        </label>
        <label>
          ${i18n.t('keys.local.address')}
          <input part="local-url-input" name="baseURL" type="url" required ?disabled=${busy}
            placeholder=${EXAMPLE_URL[profile.id] ?? 'http://localhost:8080/v1'}
            .value=${profile.baseURL ?? ''}
            aria-invalid=${view.message ? 'true' : 'false'}
            aria-describedby="local-message"
          />
        </label>
        <label>
          <span>${i18n.t('keys.local.key')} <span class="optional">${i18n.t('keys.local.optional')}</span></span>
          <input part="local-key-input" name="apiKey" type="password" autocomplete="off" spellcheck="false" ?disabled=${busy} />
        </label>
      </div>
      <div class="field-row">
        <button part="connect-button" class="primary" type="submit" ?disabled=${busy}>
          ${i18n.t(busy && view.pending === profile.id ? 'common.checking' : 'keys.local.connect')}
        </button>
        ${
          view.message?.saveAnyway
            ? html`<button part="save-anyway-button" type="button" ?disabled=${busy}
                @click=${(event: Event) => actions.connect((event.target as HTMLElement).closest('form') as HTMLFormElement, true)}
              >${i18n.t('keys.local.connectAnyway')}</button>`
            : nothing
        }
      </div>
      <p id="local-message" part="field-message" class=${view.message ? 'problem' : 'hint'} role=${view.message ? 'alert' : nothing}>
        ${view.message?.text ?? i18n.t('keys.local.hint')}
      </p>
    </form>
  </section>`;
}
