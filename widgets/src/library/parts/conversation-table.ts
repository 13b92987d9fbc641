import type { ConversationRecord } from '@tessera/core';
import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Localizer } from '../../shared/i18n/localizer.js';
import type { ConversationSummary } from '../controllers/conversation-summary.js';
import type { VerifyState } from '../controllers/library-controller.js';
import { sourceName } from './format.js';

export interface ConversationTableProps {
  i18n: Localizer;
  rows: readonly ConversationRecord[];
  summaryOf(conversation: ConversationRecord): ConversationSummary | undefined;
  unreadable(id: string): boolean;
  verification: ReadonlyMap<string, VerifyState>;
  selected: ReadonlySet<string>;
  onSelect(id: string, selected: boolean): void;
  onSelectAll(selected: boolean): void;
  onVerify(id: string): void;
  onDelete(id: string, trigger: HTMLElement): void;
}

export const titleText = (i18n: Localizer, c: Pick<ConversationRecord, 'title'>) =>
  c.title || i18n.t('common.untitledConversation');

/** `Private`, or how many messages are shared or public. */
export function visibilityText(i18n: Localizer, summary: ConversationSummary): string {
  const { private: hidden, shared, public: open } = summary.visibility;
  if (shared === 0 && open === 0) return i18n.t('library.visibility.private');
  const parts: string[] = [];
  if (open > 0) parts.push(i18n.t('library.visibility.publicCount', { count: open }));
  if (shared > 0) parts.push(i18n.t('library.visibility.sharedCount', { count: shared }));
  if (hidden > 0) parts.push(i18n.t('library.visibility.privateCount', { count: hidden }));
  return parts.join(i18n.t('common.listSeparator'));
}

/** A chain check's answer in words: intact, or the first message that breaks it and why. */
export function verifyText(i18n: Localizer, state: VerifyState): string {
  if (state.state === 'verifying') return i18n.t('common.checking');
  if (state.state === 'failed') return state.error.message;
  const { result } = state;
  if (result.ok) return i18n.t('library.verify.intact', { checked: result.checked });
  const [first] = result.failures;
  const others = result.failures.length - 1;
  const where = first
    ? i18n.t('library.verify.brokenAt', { index: first.index + 1, checked: result.checked })
    : i18n.t('library.verify.brokenSomewhere');
  const reason = first?.message ?? '';
  const broken = first?.id
    ? i18n.t('library.verify.brokenWithId', { where, id: first.id, reason })
    : i18n.t('library.verify.broken', { where, reason });
  return others > 0 ? `${broken} ${i18n.t('library.verify.alsoFail', { count: others })}` : broken;
}

function verifyCell(
  i18n: Localizer,
  c: ConversationRecord,
  state: VerifyState | undefined,
  onVerify: (id: string) => void,
) {
  const outcome =
    state?.state === 'done' ? (state.result.ok ? 'verified' : 'broken') : state?.state === 'failed' ? 'broken' : '';
  return html`<td class="verify">
    <button
      part="verify-button"
      type="button"
      aria-label=${i18n.t('library.verify.label', { title: titleText(i18n, c) })}
      ?disabled=${state?.state === 'verifying'}
      @click=${() => onVerify(c.id)}
    >${i18n.t(state && state.state !== 'verifying' ? 'library.verify.again' : 'library.verify.button')}</button>
    ${state ? html`<span part="verify-status" class=${outcome}>${verifyText(i18n, state)}</span>` : nothing}
  </td>`;
}

function summaryCells(i18n: Localizer, summary: ConversationSummary | undefined, unreadable: boolean) {
  if (!summary) {
    const text = i18n.t(unreadable ? 'library.table.unreadable' : 'library.table.reading');
    return html`<td part="row-source" class="muted">${text}</td>
      <td part="row-messages" class="muted num">…</td>
      <td class="muted">…</td>
      <td class="muted">…</td>`;
  }
  return html`<td part="row-source">${sourceName(i18n, summary.importedFrom)}</td>
    <td part="row-messages" class="num">${i18n.number(summary.messages)}</td>
    <td part="row-models">
      ${summary.models.length > 0 ? i18n.list(summary.models) : html`<span class="muted">${i18n.t('library.table.noModels')}</span>`}
      ${summary.providers.length > 0 ? html`<span class="muted">(${i18n.list(summary.providers)})</span>` : nothing}
    </td>
    <td part="row-visibility">${visibilityText(i18n, summary)}</td>`;
}

/**
 * The conversations as a data table: a row header per conversation (its title), selection for
 * export, and per row a chain check and a delete button named after the conversation.
 */
export function conversationTable(props: ConversationTableProps): TemplateResult {
  const { i18n, rows, selected } = props;
  const chosen = rows.filter((c) => selected.has(c.id)).length;
  return html`<table part="table">
    <caption class="visually-hidden">${i18n.t('library.table.caption')}</caption>
    <thead>
      <tr>
        <th scope="col" class="select">
          <input
            type="checkbox"
            part="select-all"
            aria-label=${i18n.t('library.table.selectAll')}
            .checked=${rows.length > 0 && chosen === rows.length}
            .indeterminate=${chosen > 0 && chosen < rows.length}
            @change=${(e: Event) => props.onSelectAll((e.target as HTMLInputElement).checked)}
          />
        </th>
        <th scope="col">${i18n.t('library.table.conversation')}</th>
        <th scope="col">${i18n.t('library.table.source')}</th>
        <th scope="col" class="num">${i18n.t('library.table.messages')}</th>
        <th scope="col">${i18n.t('library.table.models')}</th>
        <th scope="col">${i18n.t('library.table.visibility')}</th>
        <th scope="col">${i18n.t('library.table.consent')}</th>
        <th scope="col">${i18n.t('library.table.created')}</th>
        <th scope="col">${i18n.t('library.table.updated')}</th>
        <th scope="col">${i18n.t('library.table.integrity')}</th>
        <th scope="col"><span class="visually-hidden">${i18n.t('library.table.actions')}</span></th>
      </tr>
    </thead>
    <tbody>
      ${repeat(
        rows,
        (c) => c.id,
        (c) => html`<tr part="row" data-id=${c.id}>
          <td class="select">
            <input
              type="checkbox"
              part="select"
              aria-label=${i18n.t('library.table.select', { title: titleText(i18n, c) })}
              .checked=${selected.has(c.id)}
              @change=${(e: Event) => props.onSelect(c.id, (e.target as HTMLInputElement).checked)}
            />
          </td>
          <th scope="row" part="row-title">${titleText(i18n, c)}</th>
          ${summaryCells(i18n, props.summaryOf(c), props.unreadable(c.id))}
          <td part="row-consent" title=${i18n.t('library.table.consentNote')}>${i18n.t('library.visibility.private')}</td>
          <td><time datetime=${c.createdAt}>${i18n.date(c.createdAt)}</time></td>
          <td><time datetime=${c.updatedAt}>${i18n.date(c.updatedAt)}</time></td>
          ${verifyCell(i18n, c, props.verification.get(c.id), props.onVerify)}
          <td>
            <button
              part="delete-button"
              class="danger"
              type="button"
              aria-label=${i18n.t('library.table.deleteLabel', { title: titleText(i18n, c) })}
              @click=${(e: Event) => props.onDelete(c.id, e.currentTarget as HTMLElement)}
            >${i18n.t('library.table.delete')}</button>
          </td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}
