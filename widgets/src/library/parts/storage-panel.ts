import type { StoreStatus } from '@tessera/core';
import { html, type TemplateResult } from 'lit';
import { formatBytes, formatCount } from './format.js';

const KINDS: Readonly<Record<string, string>> = {
  indexeddb: 'This browser (IndexedDB)',
  memory: 'This page’s memory: gone when the page closes',
  file: 'Files on this computer',
};

const MASTER_KEYS: Readonly<Record<StoreStatus['protection']['masterKey'], string>> = {
  device: 'key kept by this device',
  passphrase: 'key derived from your passphrase',
  'key-file': 'key kept in a key file',
  none: 'no master key',
};

/** `AES-GCM-256, key kept by this device`, or why nothing is encrypted. */
export function encryptionText(protection: StoreStatus['protection']): string {
  if (protection.encryption === 'none') {
    return protection.masterKey === 'none'
      ? 'Not encrypted: nothing is written to disk'
      : `Not encrypted (${MASTER_KEYS[protection.masterKey]})`;
  }
  return `AES-GCM-256, ${MASTER_KEYS[protection.masterKey]}`;
}

function usageText(usage: StoreStatus['usage']): string {
  if (!usage) return 'Not reported by this browser';
  const used = `${formatBytes(usage.usedBytes)} used`;
  return usage.quotaBytes === undefined ? used : `${used} of ${formatBytes(usage.quotaBytes)} available`;
}

/** Where the user's data is, how it is protected, and how much there is. */
export function storagePanel(status: StoreStatus | undefined, failed: boolean): TemplateResult {
  return html`<section part="storage" aria-labelledby="storage-heading">
    <h3 id="storage-heading">Storage</h3>
    ${
      status
        ? html`<dl class="facts">
          <div><dt>Kept in</dt><dd part="storage-kind">${KINDS[status.kind] ?? status.kind}</dd></div>
          <div><dt>Encryption</dt><dd part="storage-encryption">${encryptionText(status.protection)}</dd></div>
          <div><dt>Space</dt><dd part="storage-usage">${usageText(status.usage)}</dd></div>
          <div><dt>Conversations</dt><dd part="storage-count">${formatCount(status.conversations)}</dd></div>
        </dl>`
        : html`<p class="muted">${failed ? 'Your storage could not be read.' : 'Reading your storage…'}</p>`
    }
  </section>`;
}
