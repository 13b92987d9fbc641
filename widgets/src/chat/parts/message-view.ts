import type { BranchStep, MessageRecord } from '@tessera/core';
import { html, nothing, type TemplateResult } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { Localizer } from '../../shared/i18n/localizer.js';
import type { MessageId } from '../../shared/i18n/messages.js';
import { answerBody } from './answer-body.js';
import { type ImageUrls, messageAttachments } from './attachments.js';
import { type Busy, disabledWhileBusy } from './busy.js';
import { formatCost, formatTokens } from './format.js';
import type { LiveText } from './live-text.js';
import { blockHtml } from './markdown-blocks.js';

const STATUS_LABEL: Partial<Record<MessageRecord['status'], MessageId>> = {
  incomplete: 'chat.message.incomplete',
  error: 'chat.message.noAnswer',
};

/** What a message's buttons do, and the state they show. */
export interface MessageActions {
  /** The message whose text was just copied ("Copied"). */
  copiedId: string | undefined;
  /** The user message being edited in place. */
  editingId: string | undefined;
  /**
   * An answer is being written (or none can be): nothing may start another one. Shared, and
   * followed by the buttons themselves: a row does not render again when it flips.
   */
  busy: Busy;
  /** The words and formats of the chat's locale. */
  i18n: Localizer;
  /** Object URLs of the images users sent. */
  imageUrls?: ImageUrls;
  copy(message: MessageRecord): void;
  regenerate(message: MessageRecord): void;
  startEdit(message: MessageRecord): void;
  sendEdit(message: MessageRecord, text: string): void;
  cancelEdit(message: MessageRecord): void;
  /** Shows the branch through this sibling. */
  showBranch(messageId: string): void;
}

// The benchmark's baseline, never the product's path: the chat as it rendered before answers went
// block by block (each finished answer rendered once by id, the streaming one whole on every frame).
const wholeAnswers = new Map<string, { text: string; html: string }>();
function wholeAnswer(id: string, text: string): unknown {
  let cached = wholeAnswers.get(id);
  if (cached?.text !== text) {
    cached = { text, html: blockHtml(text, false) };
    wholeAnswers.set(id, cached);
  }
  return unsafeHTML(cached.html);
}

function branchNav(step: BranchStep, actions: MessageActions): TemplateResult | typeof nothing {
  if (step.count < 2) return nothing;
  const { i18n } = actions;
  const go = (id: string | undefined) => () => id && actions.showBranch(id);
  return html`<span part="branch-nav" class="branch" role="group" aria-label=${i18n.t('chat.message.versions')}>
    <button part="branch-previous-button" type="button" aria-label=${i18n.t('chat.message.previousVersion')}
      ?disabled=${disabledWhileBusy(actions.busy, !step.previousId)} @click=${go(step.previousId)}>‹</button>
    <span part="branch-position">${i18n.number(step.index + 1)}/${i18n.number(step.count)}</span>
    <button part="branch-next-button" type="button" aria-label=${i18n.t('chat.message.nextVersion')}
      ?disabled=${disabledWhileBusy(actions.busy, !step.nextId)} @click=${go(step.nextId)}>›</button>
  </span>`;
}

function editForm(message: MessageRecord, actions: MessageActions): TemplateResult {
  const { i18n } = actions;
  const submit = (event: Event) => {
    event.preventDefault();
    const text = ((event.target as HTMLFormElement).elements.namedItem('text') as HTMLTextAreaElement).value;
    if (text.trim()) actions.sendEdit(message, text);
  };
  const keydown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') actions.cancelEdit(message);
    else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      (event.target as HTMLTextAreaElement).form?.requestSubmit();
    }
  };
  return html`<form part="edit-form" class="edit" @submit=${submit}>
    <textarea name="text" part="edit-input" dir="auto" aria-label=${i18n.t('chat.message.editLabel')} rows="3" .value=${message.text}
      @keydown=${keydown}></textarea>
    <span class="row">
      <button part="edit-cancel-button" type="button" @click=${() => actions.cancelEdit(message)}>${i18n.t('common.cancel')}</button>
      <button part="edit-send-button" class="primary" type="submit" ?disabled=${disabledWhileBusy(actions.busy)}>${i18n.t('chat.send')}</button>
    </span>
  </form>`;
}

/**
 * One message of the branch shown: user text as text, answers as sanitized Markdown, who answered,
 * and the message's actions (copy, regenerate or edit, and ‹ n/m › between its versions).
 * `live` is the text of the answer being streamed, for that answer only.
 */
export function messageView(
  step: BranchStep,
  live: LiveText | undefined,
  actions: MessageActions,
  incremental = true,
): TemplateResult {
  const { message } = step;
  const { i18n } = actions;
  const streaming = live !== undefined;
  const answer = message.role === 'assistant';
  const editing = actions.editingId === message.id;
  const statusId = streaming ? undefined : STATUS_LABEL[message.status];
  const status = statusId && i18n.t(statusId);
  const body = answer
    ? incremental
      ? answerBody(message.text, live, i18n)
      : wholeAnswer(message.id, live ? live.text : message.text)
    : message.text;
  const copied = actions.copiedId === message.id;
  return html`<article
    part="message message-${message.role}"
    class="message ${message.role}"
    data-id=${message.id}
    data-status=${streaming ? 'streaming' : message.status}
    aria-busy=${streaming ? 'true' : 'false'}
  >
    ${answer || editing ? nothing : messageAttachments(message.id, message.attachments, actions.imageUrls, i18n)}
    ${
      editing
        ? editForm(message, actions)
        : answer && !streaming && message.text === ''
          ? nothing
          : html`<div part="bubble" class="bubble" dir="auto">${body}</div>`
    }
    ${
      answer && (message.model || status)
        ? html`<footer part="meta" class="meta">
          ${message.model ? html`<span part="model">${message.model}</span>` : nothing}
          ${
            message.usage
              ? html`<span part="usage" title=${i18n.t('chat.message.usage')}>
                ${i18n.t('chat.message.tokens', {
                  input: formatTokens(i18n, message.usage.inputTokens),
                  output: formatTokens(i18n, message.usage.outputTokens),
                })}
              </span>`
              : nothing
          }
          ${message.cost === undefined ? nothing : html`<span part="cost">${formatCost(i18n, message.cost)}</span>`}
          ${status ? html`<span part="status" class="status">${status}</span>` : nothing}
        </footer>`
        : nothing
    }
    ${
      streaming || editing
        ? nothing
        : html`<div part="actions" class="actions">
          ${branchNav(step, actions)}
          ${
            message.text
              ? html`<button part="copy-button" type="button" aria-label=${copied ? i18n.t('chat.message.copied') : i18n.t('chat.message.copyLabel')}
                @click=${() => actions.copy(message)}>${copied ? i18n.t('chat.message.copied') : i18n.t('chat.message.copy')}</button>`
              : nothing
          }
          ${
            answer
              ? html`<button part="regenerate-button" type="button" aria-label=${i18n.t('chat.message.regenerate')}
                ?disabled=${disabledWhileBusy(actions.busy)} @click=${() => actions.regenerate(message)}>${i18n.t('chat.message.regenerateButton')}</button>`
              : html`<button part="edit-button" type="button" aria-label=${i18n.t('chat.message.edit')}
                ?disabled=${disabledWhileBusy(actions.busy)} @click=${() => actions.startEdit(message)}>${i18n.t('chat.message.editButton')}</button>`
          }
        </div>`
    }
  </article>`;
}
