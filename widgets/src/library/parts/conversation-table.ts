import type { ConversationRecord } from '@tessera/core';
import { html, nothing, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ConversationSummary } from '../controllers/conversation-summary.js';
import type { VerifyState } from '../controllers/library-controller.js';
import { formatCount, formatDate, plural, sourceName } from './format.js';

export interface ConversationTableProps {
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

export const titleText = (c: Pick<ConversationRecord, 'title'>) => c.title || 'Untitled conversation';

/** `Private`, or how many messages are shared or public. */
export function visibilityText(summary: ConversationSummary): string {
  const { private: hidden, shared, public: open } = summary.visibility;
  if (shared === 0 && open === 0) return 'Private';
  const parts: string[] = [];
  if (open > 0) parts.push(`${formatCount(open)} public`);
  if (shared > 0) parts.push(`${formatCount(shared)} shared`);
  if (hidden > 0) parts.push(`${formatCount(hidden)} private`);
  return parts.join(', ');
}

/** A chain check's answer in words: intact, or the first message that breaks it and why. */
export function verifyText(state: VerifyState): string {
  if (state.state === 'verifying') return 'Checking…';
  if (state.state === 'failed') return state.error.message;
  const { result } = state;
  if (result.ok) return `Intact: ${plural(result.checked, 'message')} checked, hashes and signatures match.`;
  const [first] = result.failures;
  const others = result.failures.length - 1;
  const where = first ? `message ${formatCount(first.index + 1)} of ${formatCount(result.checked)}` : 'a message';
  return `Broken at ${where}${first?.id ? ` (${first.id})` : ''}: ${first?.message ?? ''}${
    others > 0 ? ` ${plural(others, 'more message')} also fail.` : ''
  }`;
}

function verifyCell(c: ConversationRecord, state: VerifyState | undefined, onVerify: (id: string) => void) {
  const outcome =
    state?.state === 'done' ? (state.result.ok ? 'verified' : 'broken') : state?.state === 'failed' ? 'broken' : '';
  return html`<td class="verify">
    <button
      part="verify-button"
      type="button"
      aria-label=${`Verify “${titleText(c)}”`}
      ?disabled=${state?.state === 'verifying'}
      @click=${() => onVerify(c.id)}
    >${state && state.state !== 'verifying' ? 'Verify again' : 'Verify'}</button>
    ${state ? html`<span part="verify-status" class=${outcome}>${verifyText(state)}</span>` : nothing}
  </td>`;
}

function summaryCells(summary: ConversationSummary | undefined, unreadable: boolean) {
  if (!summary) {
    const text = unreadable ? 'Could not be read' : 'Reading…';
    return html`<td part="row-source" class="muted">${text}</td>
      <td part="row-messages" class="muted num">…</td>
      <td class="muted">…</td>
      <td class="muted">…</td>`;
  }
  return html`<td part="row-source">${sourceName(summary.importedFrom)}</td>
    <td part="row-messages" class="num">${formatCount(summary.messages)}</td>
    <td part="row-models">
      ${summary.models.length > 0 ? summary.models.join(', ') : html`<span class="muted">None recorded</span>`}
      ${summary.providers.length > 0 ? html`<span class="muted">(${summary.providers.join(', ')})</span>` : nothing}
    </td>
    <td part="row-visibility">${visibilityText(summary)}</td>`;
}

/**
 * The conversations as a data table: a row header per conversation (its title), selection for
 * export, and per row a chain check and a delete button named after the conversation.
 */
export function conversationTable(props: ConversationTableProps): TemplateResult {
  const { rows, selected } = props;
  const chosen = rows.filter((c) => selected.has(c.id)).length;
  return html`<table part="table">
    <caption class="visually-hidden">
      Your conversations: where each came from, when, what it holds and who may see it
    </caption>
    <thead>
      <tr>
        <th scope="col" class="select">
          <input
            type="checkbox"
            part="select-all"
            aria-label="Select every conversation shown"
            .checked=${rows.length > 0 && chosen === rows.length}
            .indeterminate=${chosen > 0 && chosen < rows.length}
            @change=${(e: Event) => props.onSelectAll((e.target as HTMLInputElement).checked)}
          />
        </th>
        <th scope="col">Conversation</th>
        <th scope="col">Source</th>
        <th scope="col" class="num">Messages</th>
        <th scope="col">Models</th>
        <th scope="col">Visibility</th>
        <th scope="col">Consent</th>
        <th scope="col">Created</th>
        <th scope="col">Updated</th>
        <th scope="col">Integrity</th>
        <th scope="col"><span class="visually-hidden">Actions</span></th>
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
              aria-label=${`Select “${titleText(c)}”`}
              .checked=${selected.has(c.id)}
              @change=${(e: Event) => props.onSelect(c.id, (e.target as HTMLInputElement).checked)}
            />
          </td>
          <th scope="row" part="row-title">${titleText(c)}</th>
          ${summaryCells(props.summaryOf(c), props.unreadable(c.id))}
          <td part="row-consent" title="Contributing to training is not possible yet: every message stays private.">
            Private
          </td>
          <td><time datetime=${c.createdAt}>${formatDate(c.createdAt)}</time></td>
          <td><time datetime=${c.updatedAt}>${formatDate(c.updatedAt)}</time></td>
          ${verifyCell(c, props.verification.get(c.id), props.onVerify)}
          <td>
            <button
              part="delete-button"
              class="danger"
              type="button"
              aria-label=${`Delete “${titleText(c)}”`}
              @click=${(e: Event) => props.onDelete(c.id, e.currentTarget as HTMLElement)}
            >Delete</button>
          </td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}
