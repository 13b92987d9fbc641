import { html, nothing, type TemplateResult } from 'lit';
import type { Localizer } from '../../shared/i18n/localizer.js';
import type { OfferedDownload } from '../controllers/download-links.js';
import type { Deletion } from '../controllers/library-controller.js';

const METHODS = {
  'crypto-shred': 'library.receipt.cryptoShred',
  erase: 'library.receipt.erase',
} as const;

/** The file name a receipt is saved under. */
export function receiptFilename(deletion: Deletion): string {
  return `tessera-deletion-receipt-${deletion.receipt.conversationId}.json`;
}

/**
 * The proof of a deletion: what was destroyed (by hash, never content), how, when, the receipt's
 * hash, whether its signature verifies, and the receipt itself to keep.
 */
export function deletionReceipt(
  i18n: Localizer,
  deletion: Deletion,
  download: OfferedDownload | undefined,
  onDismiss: () => void,
): TemplateResult {
  const { receipt, check } = deletion;
  const title = deletion.title || i18n.t('common.untitledConversation');
  return html`<section part="receipt" aria-labelledby="receipt-heading">
    <h4 id="receipt-heading" tabindex="-1">${i18n.t('library.receipt.heading', { title })}</h4>
    ${
      check.ok
        ? html`<p part="receipt-status" class="verified">${i18n.t('library.receipt.verified')}</p>`
        : html`<p part="receipt-status" class="broken">${i18n.t('library.receipt.broken', { reason: check.message })}</p>`
    }
    <dl class="facts">
      <div>
        <dt>${i18n.t('library.receipt.destroyed')}</dt>
        <dd part="receipt-count">
          ${i18n.t('library.receipt.count', { acus: receipt.acuHashes.length, records: receipt.messageCount })}
        </dd>
      </div>
      <div><dt>${i18n.t('library.receipt.method')}</dt><dd part="receipt-method">${i18n.t(METHODS[receipt.method])}</dd></div>
      <div><dt>${i18n.t('library.receipt.when')}</dt><dd>${i18n.dateTime(receipt.deletedAt)}</dd></div>
      <div><dt>${i18n.t('library.receipt.hash')}</dt><dd><code part="receipt-hash">${receipt.hash}</code></dd></div>
      <div><dt>${i18n.t('library.receipt.signingKey')}</dt><dd><code>${receipt.publicKey.keyId}</code> (${receipt.publicKey.algorithm})</dd></div>
    </dl>
    <div class="actions">
      ${
        download
          ? html`<a part="receipt-download" class="button" href=${download.url} download=${download.filename}>
            ${i18n.t('library.receipt.download', { size: i18n.bytes(download.bytes) })}
          </a>`
          : nothing
      }
      <button part="dismiss-button" type="button" @click=${onDismiss}>${i18n.t('common.dismiss')}</button>
    </div>
  </section>`;
}
