import type { IoImportReport } from '@tessera/core';
import { html, nothing, type TemplateResult } from 'lit';
import type { Localizer } from '../../shared/i18n/localizer.js';
import { sourceName } from './format.js';

/** Skipped items and warnings listed on screen; the rest are counted (all of them are in the event's report). */
const LISTED = 100;

/** One sentence for the live region: what the import did. */
export function importAnnouncement(i18n: Localizer, report: IoImportReport): string {
  return i18n.t('library.import.announce', {
    conversations: report.conversations,
    source: sourceName(i18n, report.format),
    skipped: report.skipped.length,
    warnings: report.warnings.length,
  });
}

function more(i18n: Localizer, total: number): TemplateResult | typeof nothing {
  return total > LISTED
    ? html`<li class="muted">${i18n.t('library.report.more', { count: total - LISTED })}</li>`
    : nothing;
}

/**
 * What an import stored and everything it did not, with the reason for each: the user can find
 * every skipped item in their export from `where`.
 */
export function importReport(i18n: Localizer, report: IoImportReport, onDismiss: () => void): TemplateResult {
  const n = (value: number) => i18n.number(value);
  return html`<section part="import-report" aria-labelledby="import-report-heading" tabindex="-1">
    <h4 id="import-report-heading">${i18n.t('library.report.heading', { source: sourceName(i18n, report.format) })}</h4>
    <dl class="facts">
      <div><dt>${i18n.t('library.report.conversations')}</dt><dd part="import-conversations">${n(report.conversations)}</dd></div>
      <div><dt>${i18n.t('library.report.messages')}</dt><dd part="import-messages">${n(report.acus)}</dd></div>
      <div><dt>${i18n.t('library.report.branches')}</dt><dd>${n(report.branches)}</dd></div>
      <div><dt>${i18n.t('library.report.skipped')}</dt><dd part="import-skipped-count">${n(report.skipped.length)}</dd></div>
    </dl>
    ${
      report.skipped.length > 0
        ? html`<h5>${i18n.t('library.report.notImported')}</h5>
          <ul part="import-skipped">
            ${report.skipped
              .slice(0, LISTED)
              .map(
                (item) =>
                  html`<li><span class="where" dir="auto">${item.where}</span>: <span class="why">${item.why}</span></li>`,
              )}
            ${more(i18n, report.skipped.length)}
          </ul>`
        : nothing
    }
    ${
      report.warnings.length > 0
        ? html`<h5>${i18n.t('library.report.warnings')}</h5>
          <ul part="import-warnings">
            ${report.warnings.slice(0, LISTED).map((warning) => html`<li>${warning}</li>`)}
            ${more(i18n, report.warnings.length)}
          </ul>`
        : nothing
    }
    <button part="dismiss-button" type="button" @click=${onDismiss}>${i18n.t('library.report.dismiss')}</button>
  </section>`;
}
