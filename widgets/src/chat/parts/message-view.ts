import type { MessageRecord } from '@tessera/core';
import { html, nothing, type TemplateResult } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { renderMarkdown } from '../../shared/markdown.js';
import { formatCost, formatTokens } from './format.js';

const STATUS_LABEL: Partial<Record<MessageRecord['status'], string>> = {
  incomplete: 'Incomplete: the answer stopped early; what arrived is kept.',
  error: 'No answer.',
};

// Finished messages never change: sanitize each once, not on every render of the list.
const rendered = new Map<string, { text: string; html: string }>();
function markdownOnce(id: string, text: string): string {
  const cached = rendered.get(id);
  if (cached?.text === text) return cached.html;
  const out = renderMarkdown(text);
  rendered.set(id, { text, html: out });
  return out;
}

/** One message: user text as text, model text as sanitized Markdown, and who answered. */
export function messageView(message: MessageRecord, streamingText: string | undefined): TemplateResult {
  const streaming = streamingText !== undefined;
  const text = streaming ? streamingText : message.text;
  const status = streaming ? undefined : STATUS_LABEL[message.status];
  const body =
    message.role === 'assistant'
      ? streaming && text === ''
        ? html`<span class="typing" aria-label="Writing">…</span>`
        : unsafeHTML(markdownOnce(message.id, text))
      : text;
  return html`<article
    part="message message-${message.role}"
    class="message ${message.role}"
    data-status=${streaming ? 'streaming' : message.status}
    aria-busy=${streaming ? 'true' : 'false'}
  >
    ${message.role === 'assistant' && !streaming && text === '' ? nothing : html`<div part="bubble" class="bubble">${body}</div>`}
    ${
      message.role === 'assistant' && (message.model || status)
        ? html`<footer part="meta" class="meta">
          ${message.model ? html`<span part="model">${message.model}</span>` : nothing}
          ${
            message.usage
              ? html`<span part="usage" title="Input and output tokens">
                ${formatTokens(message.usage.inputTokens)} in · ${formatTokens(message.usage.outputTokens)} out
              </span>`
              : nothing
          }
          ${message.cost === undefined ? nothing : html`<span part="cost">${formatCost(message.cost)}</span>`}
          ${status ? html`<span part="status" class="status">${status}</span>` : nothing}
        </footer>`
        : nothing
    }
  </article>`;
}
