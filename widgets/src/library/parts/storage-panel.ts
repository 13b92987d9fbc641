import type { StoreStatus } from '@tessera/core';
import { html, type TemplateResult } from 'lit';
import type { Localizer } from '../../shared/i18n/localizer.js';
import type { MessageId } from '../../shared/i18n/messages.js';

const KINDS: Readonly<Record<string, MessageId>> = {
  indexeddb: 'library.storage.kind.indexeddb',
  memory: 'library.storage.kind.memory',
  file: 'library.storage.kind.file',
};

const MASTER_KEYS: Readonly<Record<StoreStatus['protection']['masterKey'], MessageId>> = {
  device: 'library.storage.key.device',
  passphrase: 'library.storage.key.passphrase',
  'key-file': 'library.storage.key.keyFile',
  none: 'library.storage.key.none',
};

/** `AES-GCM-256, key kept by this device`, or why nothing is encrypted. */
export function encryptionText(i18n: Localizer, protection: StoreStatus['protection']): string {
  const key = i18n.t(MASTER_KEYS[protection.masterKey]);
  if (protection.encryption === 'none') {
    return protection.masterKey === 'none'
      ? i18n.t('library.storage.notEncryptedNoDisk')
      : i18n.t('library.storage.notEncrypted', { key });
  }
  return i18n.t('library.storage.encrypted', { key });
}

function usageText(i18n: Localizer, usage: StoreStatus['usage']): string {
  if (!usage) return i18n.t('library.storage.usageUnknown');
  const used = i18n.bytes(usage.usedBytes);
  return usage.quotaBytes === undefined
    ? i18n.t('library.storage.used', { used })
    : i18n.t('library.storage.usedOf', { used, quota: i18n.bytes(usage.quotaBytes) });
}

/** Where the user's data is, how it is protected, and how much there is. */
export function storagePanel(i18n: Localizer, status: StoreStatus | undefined, failed: boolean): TemplateResult {
  const kind = status ? KINDS[status.kind] : undefined;
  return html`<section part="storage" aria-labelledby="storage-heading">
    <h3 id="storage-heading">${i18n.t('library.storage.heading')}</h3>
    ${
      status
        ? html`<dl class="facts">
          <div><dt>${i18n.t('library.storage.keptIn')}</dt><dd part="storage-kind">${kind ? i18n.t(kind) : status.kind}</dd></div>
          <div><dt>${i18n.t('library.storage.encryption')}</dt><dd part="storage-encryption">${encryptionText(i18n, status.protection)}</dd></div>
          <div><dt>${i18n.t('library.storage.space')}</dt><dd part="storage-usage">${usageText(i18n, status.usage)}</dd></div>
          <div><dt>${i18n.t('library.storage.conversations')}</dt><dd part="storage-count">${i18n.number(status.conversations)}</dd></div>
        </dl>`
        : html`<p class="muted">${i18n.t(failed ? 'library.storage.failed' : 'library.storage.reading')}</p>`
    }
  </section>`;
}
