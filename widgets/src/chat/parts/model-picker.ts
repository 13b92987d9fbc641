import type { AvailableModel, ProviderProfile } from '@tessera/core';
import { html, nothing, type TemplateResult } from 'lit';
import type { Localizer } from '../../shared/i18n/localizer.js';
import { formatCost, formatTokens } from './format.js';

export interface ModelChoice {
  provider: string;
  model: string;
}

/** `provider/model`; provider ids never contain a slash, model ids may (`meta-llama/…`). */
export const choiceValue = (choice: ModelChoice) => `${choice.provider}/${choice.model}`;

export function parseChoice(value: string): ModelChoice {
  const slash = value.indexOf('/');
  return { provider: value.slice(0, slash), model: value.slice(slash + 1) };
}

function optionLabel(model: AvailableModel, i18n: Localizer): string {
  const facts = [i18n.t('chat.model.context', { tokens: formatTokens(i18n, model.contextWindow) })];
  if (model.prices) {
    const { input, output } = model.prices;
    facts.push(i18n.t('chat.model.prices', { input: formatCost(i18n, input), output: formatCost(i18n, output) }));
  }
  if (!model.available) facts.push(i18n.t('chat.model.noKey'));
  return `${model.label} · ${facts.join(' · ')}`;
}

/**
 * The model for the next message, grouped by provider, each option saying its context window,
 * price and whether the user has a key for it. The current choice is always listed, catalog or not
 * (a local server's model, say).
 */
export function modelPicker(
  models: readonly AvailableModel[],
  providers: readonly ProviderProfile[],
  current: ModelChoice,
  onChange: (choice: ModelChoice) => void,
  i18n: Localizer,
): TemplateResult {
  const label = new Map(providers.map((p) => [p.id, p.label]));
  const byProvider = new Map<string, AvailableModel[]>();
  for (const model of models) byProvider.set(model.provider, [...(byProvider.get(model.provider) ?? []), model]);
  const listed = models.some((m) => m.provider === current.provider && m.model === current.model);
  return html`<select
    part="model-picker"
    aria-label=${i18n.t('chat.model.label')}
    .value=${choiceValue(current)}
    @change=${(event: Event) => onChange(parseChoice((event.target as HTMLSelectElement).value))}
  >
    ${
      listed || !current.model
        ? nothing
        : html`<option value=${choiceValue(current)} selected>
          ${current.model} (${label.get(current.provider) ?? current.provider})
        </option>`
    }
    ${[...byProvider].map(
      ([provider, list]) => html`<optgroup label=${label.get(provider) ?? provider}>
        ${list.map(
          (m) =>
            html`<option value=${choiceValue(m)} ?selected=${m.provider === current.provider && m.model === current.model}>
              ${optionLabel(m, i18n)}
            </option>`,
        )}
      </optgroup>`,
    )}
  </select>`;
}
