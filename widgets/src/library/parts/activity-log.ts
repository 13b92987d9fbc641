import type { AuditEntry } from '@tessera/core';
import { html, nothing, type TemplateResult } from 'lit';
import type { Localizer } from '../../shared/i18n/localizer.js';
import { type LibraryError, sourceName } from './format.js';

const EXPORT_FORMATS: Readonly<Record<string, string>> = { json: 'JSON', markdown: 'Markdown', zip: 'ZIP' };

/** What an entry says happened, in words (entries hold counts and formats, never content). */
export function describeAudit(i18n: Localizer, entry: AuditEntry, titleOf: (id: string) => string | undefined): string {
  const count = entry.count ?? 0;
  const title = entry.conversationId ? titleOf(entry.conversationId) : undefined;
  const which = title ? i18n.t('common.quoted', { text: title }) : i18n.t('library.activity.aConversation');
  switch (entry.action) {
    case 'conversation.create':
      return i18n.t('library.activity.create', { which });
    case 'conversation.read':
      return i18n.t('library.activity.read', { which });
    case 'conversation.rename':
      return i18n.t('library.activity.rename', { which });
    case 'conversation.delete':
      return entry.count === undefined
        ? i18n.t('library.activity.delete', { which })
        : i18n.t('library.activity.deleteCount', { which, count });
    case 'messages.write':
      return title ? i18n.t('library.activity.writeIn', { count, which }) : i18n.t('library.activity.write', { count });
    case 'import':
      return entry.format
        ? i18n.t('library.activity.importFrom', { count, source: sourceName(i18n, entry.format) })
        : i18n.t('library.activity.import', { count });
    case 'export':
      return entry.format
        ? i18n.t('library.activity.exportAs', { count, format: EXPORT_FORMATS[entry.format] ?? entry.format })
        : i18n.t('library.activity.export', { count });
    case 'verify':
      return i18n.t('library.activity.verify', { which });
    case 'signing-key.create':
      return i18n.t('library.activity.signingKey');
    case 'store.open':
      return i18n.t('library.activity.storeOpen');
    default:
      return String(entry.action);
  }
}

/** The audit log: when, who, what, through which part of Tessera. */
export function activityLog(
  i18n: Localizer,
  entries: readonly AuditEntry[],
  error: LibraryError | undefined,
  titleOf: (id: string) => string | undefined,
): TemplateResult {
  return html`<section part="activity" aria-labelledby="activity-heading">
    <h3 id="activity-heading">${i18n.t('library.activity.heading')}</h3>
    ${error ? html`<p part="activity-error" class="error" role="alert">${error.message}</p>` : nothing}
    ${
      entries.length === 0 && !error
        ? html`<p class="muted">${i18n.t('library.activity.none')}</p>`
        : entries.length > 0
          ? html`<div class="scroll" role="region" aria-labelledby="activity-heading" tabindex="0">
            <table part="activity-table">
              <caption class="visually-hidden">${i18n.t('library.activity.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">${i18n.t('library.activity.when')}</th>
                  <th scope="col">${i18n.t('library.activity.who')}</th>
                  <th scope="col">${i18n.t('library.activity.what')}</th>
                  <th scope="col">${i18n.t('library.activity.via')}</th>
                </tr>
              </thead>
              <tbody>
                ${entries.map(
                  (entry) => html`<tr part="activity-entry">
                    <td><time datetime=${entry.at}>${i18n.dateTime(entry.at)}</time></td>
                    <td>${entry.actor}${
                      entry.origin
                        ? html` <span class="muted">${i18n.t('library.activity.from', { origin: entry.origin })}</span>`
                        : nothing
                    }</td>
                    <td>
                      ${describeAudit(i18n, entry, titleOf)}
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
