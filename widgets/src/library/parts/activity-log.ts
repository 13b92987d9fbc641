import type { AuditEntry } from '@tessera/core';
import { html, nothing, type TemplateResult } from 'lit';
import { formatDateTime, type LibraryError, plural, sourceName } from './format.js';

const EXPORT_FORMATS: Readonly<Record<string, string>> = { json: 'JSON', markdown: 'Markdown', zip: 'ZIP' };

/** What an entry says happened, in words (entries hold counts and formats, never content). */
export function describeAudit(entry: AuditEntry, titleOf: (id: string) => string | undefined): string {
  const count = entry.count ?? 0;
  const title = entry.conversationId ? titleOf(entry.conversationId) : undefined;
  const which = title ? `“${title}”` : 'a conversation';
  switch (entry.action) {
    case 'conversation.create':
      return `Created ${which}`;
    case 'conversation.read':
      return `Read ${which}`;
    case 'conversation.rename':
      return `Renamed ${which}`;
    case 'conversation.delete':
      return `Deleted ${which}${entry.count === undefined ? '' : ` (${plural(count, 'sealed message')})`}`;
    case 'messages.write':
      return `Saved ${plural(count, 'message')}${title ? ` in ${which}` : ''}`;
    case 'import':
      return `Imported ${plural(count, 'conversation')}${entry.format ? ` from ${sourceName(entry.format)}` : ''}`;
    case 'export':
      return `Exported ${plural(count, 'conversation')}${entry.format ? ` as ${EXPORT_FORMATS[entry.format] ?? entry.format}` : ''}`;
    case 'verify':
      return `Verified ${which}`;
    case 'signing-key.create':
      return 'Created your signing key';
    case 'store.open':
      return 'Opened the store';
    default:
      return String(entry.action);
  }
}

/** The audit log: when, who, what, through which part of Tessera. */
export function activityLog(
  entries: readonly AuditEntry[],
  error: LibraryError | undefined,
  titleOf: (id: string) => string | undefined,
): TemplateResult {
  return html`<section part="activity" aria-labelledby="activity-heading">
    <h3 id="activity-heading">Activity</h3>
    ${error ? html`<p part="activity-error" class="error" role="alert">${error.message}</p>` : nothing}
    ${
      entries.length === 0 && !error
        ? html`<p class="muted">Nothing recorded yet.</p>`
        : entries.length > 0
          ? html`<div class="scroll" role="region" aria-labelledby="activity-heading" tabindex="0">
            <table part="activity-table">
              <caption class="visually-hidden">Who read or changed your data, newest first</caption>
              <thead>
                <tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Via</th></tr>
              </thead>
              <tbody>
                ${entries.map(
                  (entry) => html`<tr part="activity-entry">
                    <td><time datetime=${entry.at}>${formatDateTime(entry.at)}</time></td>
                    <td>${entry.actor}${entry.origin ? html`<span class="muted"> from ${entry.origin}</span>` : nothing}</td>
                    <td>
                      ${describeAudit(entry, titleOf)}
                      ${entry.receiptHash ? html`<br /><code class="hash">${entry.receiptHash}</code>` : nothing}
                    </td>
                    <td>${entry.via}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`
          : nothing
    }
  </section>`;
}
