import type { IoImportReport } from '@tessera/core';
import { html, nothing, type TemplateResult } from 'lit';
import { formatCount, plural, sourceName } from './format.js';

/** Skipped items and warnings listed on screen; the rest are counted (all of them are in the event's report). */
const LISTED = 100;

/** One sentence for the live region: what the import did. */
export function importAnnouncement(report: IoImportReport): string {
  const parts = [`Imported ${plural(report.conversations, 'conversation')} from ${sourceName(report.format)}`];
  if (report.skipped.length > 0) parts.push(`${formatCount(report.skipped.length)} skipped`);
  if (report.warnings.length > 0) parts.push(plural(report.warnings.length, 'warning'));
  return `${parts.join(', ')}.`;
}

function more(total: number): TemplateResult | typeof nothing {
  return total > LISTED ? html`<li class="muted">and ${formatCount(total - LISTED)} more</li>` : nothing;
}

/**
 * What an import stored and everything it did not, with the reason for each: the user can find
 * every skipped item in their export from `where`.
 */
export function importReport(report: IoImportReport, onDismiss: () => void): TemplateResult {
  return html`<section part="import-report" aria-labelledby="import-report-heading" tabindex="-1">
    <h4 id="import-report-heading">Imported from ${sourceName(report.format)}</h4>
    <dl class="facts">
      <div><dt>Conversations</dt><dd part="import-conversations">${formatCount(report.conversations)}</dd></div>
      <div><dt>Messages</dt><dd part="import-messages">${formatCount(report.acus)}</dd></div>
      <div><dt>Branch points</dt><dd>${formatCount(report.branches)}</dd></div>
      <div><dt>Skipped</dt><dd part="import-skipped-count">${formatCount(report.skipped.length)}</dd></div>
    </dl>
    ${
      report.skipped.length > 0
        ? html`<h5>Not imported</h5>
          <ul part="import-skipped">
            ${report.skipped
              .slice(0, LISTED)
              .map(
                (item) => html`<li><span class="where">${item.where}</span>: <span class="why">${item.why}</span></li>`,
              )}
            ${more(report.skipped.length)}
          </ul>`
        : nothing
    }
    ${
      report.warnings.length > 0
        ? html`<h5>Imported with warnings</h5>
          <ul part="import-warnings">
            ${report.warnings.slice(0, LISTED).map((warning) => html`<li>${warning}</li>`)}
            ${more(report.warnings.length)}
          </ul>`
        : nothing
    }
    <button part="dismiss-button" type="button" @click=${onDismiss}>Dismiss report</button>
  </section>`;
}
