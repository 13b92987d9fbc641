import { html, nothing, type TemplateResult } from 'lit';
import type { OfferedDownload } from '../controllers/download-links.js';
import type { Deletion } from '../controllers/library-controller.js';
import { formatCount, formatDateTime, plural } from './format.js';

const METHODS = {
  'crypto-shred': 'Crypto-shredded: the conversation’s encryption key was destroyed with its records',
  erase: 'Erased: the records were removed (they were not encrypted at rest)',
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
  deletion: Deletion,
  download: OfferedDownload | undefined,
  onDismiss: () => void,
): TemplateResult {
  const { receipt, check } = deletion;
  return html`<section part="receipt" aria-labelledby="receipt-heading">
    <h4 id="receipt-heading" tabindex="-1">Deleted “${deletion.title || 'Untitled conversation'}”</h4>
    ${
      check.ok
        ? html`<p part="receipt-status" class="verified">
          Receipt verified: its hash matches and it is signed with your key.
        </p>`
        : html`<p part="receipt-status" class="broken">Receipt does not verify: ${check.message}</p>`
    }
    <dl class="facts">
      <div>
        <dt>Destroyed</dt>
        <dd part="receipt-count">
          ${plural(receipt.acuHashes.length, 'sealed message (ACU)', 'sealed messages (ACUs)')},
          ${plural(receipt.messageCount, 'message record')}
        </dd>
      </div>
      <div><dt>Method</dt><dd part="receipt-method">${METHODS[receipt.method]}</dd></div>
      <div><dt>When</dt><dd>${formatDateTime(receipt.deletedAt)}</dd></div>
      <div><dt>Receipt hash</dt><dd><code part="receipt-hash">${receipt.hash}</code></dd></div>
      <div><dt>Signing key</dt><dd><code>${receipt.publicKey.keyId}</code> (${receipt.publicKey.algorithm})</dd></div>
    </dl>
    <div class="actions">
      ${
        download
          ? html`<a part="receipt-download" class="button" href=${download.url} download=${download.filename}>
            Download receipt (JSON, ${formatCount(download.bytes)} bytes)
          </a>`
          : nothing
      }
      <button part="dismiss-button" type="button" @click=${onDismiss}>Dismiss</button>
    </div>
  </section>`;
}
