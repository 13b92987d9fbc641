import type { MessageRecord } from '@tessera/core';
import { css, html, nothing, type TemplateResult } from 'lit';
import type { Localizer } from '../../shared/i18n/localizer.js';
import type { PendingFile } from '../controllers/attachments-controller.js';
import { formatFileSize } from './format.js';

type MessageAttachment = NonNullable<MessageRecord['attachments']>[number];

/**
 * Object URLs of the images of stored messages, one per image, made when first shown and revoked
 * together (when the chat leaves the page): a thumbnail needs no copy of the bytes in the DOM.
 */
export class ImageUrls {
  readonly #urls = new Map<string, string>();
  /** Changes when the URLs are revoked, so rows showing them render again. */
  generation = 0;

  urlFor(messageId: string, index: number, attachment: MessageAttachment): string {
    const key = `${messageId}/${index}`;
    let url = this.#urls.get(key);
    if (!url) {
      const binary = atob(attachment.data);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      url = URL.createObjectURL(new Blob([bytes], { type: attachment.mediaType }));
      this.#urls.set(key, url);
    }
    return url;
  }

  revokeAll(): void {
    for (const url of this.#urls.values()) URL.revokeObjectURL(url);
    this.#urls.clear();
    this.generation++;
  }
}

/** A user message's files: images as thumbnails, text files as chips. */
export function messageAttachments(
  messageId: string,
  attachments: readonly MessageAttachment[] | undefined,
  urls: ImageUrls | undefined,
  i18n: Localizer,
): TemplateResult | typeof nothing {
  if (!attachments?.length) return nothing;
  return html`<ul part="message-attachments" class="message-attachments" aria-label=${i18n.t('chat.attachments.sent')}>
    ${attachments.map((attachment, i) =>
      attachment.mediaType.startsWith('image/') && urls
        ? html`<li><img part="attachment-image" src=${urls.urlFor(messageId, i, attachment)} alt=${attachment.name}
            title=${attachment.name} loading="lazy" /></li>`
        : html`<li part="attachment-file" class="chip" title=${attachment.name}>
            <span class="chip-name">${attachment.name}</span> <span class="chip-size">${formatFileSize(i18n, attachment.size)}</span>
          </li>`,
    )}
  </ul>`;
}

/** The files waiting in the composer, each with its remove button. */
export function pendingChips(
  files: readonly PendingFile[],
  onRemove: (index: number) => void,
  i18n: Localizer,
): TemplateResult {
  return html`<ul part="attachments" class="pending" aria-label=${i18n.t('chat.attachments.pending')}>
    ${files.map(
      ({ file }, i) => html`<li part="attachment" class="chip">
        <span class="chip-name">${file.name}</span> <span class="chip-size">${formatFileSize(i18n, file.size)}</span>
        <button part="remove-attachment-button" type="button" aria-label=${i18n.t('chat.attachments.remove', { name: file.name })} @click=${() => onRemove(i)}>
          ×
        </button>
      </li>`,
    )}
  </ul>`;
}

export const attachmentStyles = css`
  .composer-column {
    display: flex;
    flex-direction: column;
    gap: 4px;
    flex: 1;
    min-width: 0;
  }
  .pending,
  .message-attachments {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .message-attachments {
    justify-content: flex-end;
    margin-bottom: 4px;
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    max-width: 16em;
    padding: 2px var(--_space-sm);
    border: 1px solid var(--_border);
    border-radius: var(--tessera-radius-sm, 6px);
    background: var(--_surface-raised);
    color: var(--_text);
    font-size: var(--tessera-font-size-sm, 0.875rem);
  }
  .chip-name {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .chip-size {
    color: var(--_muted);
    flex: none;
  }
  .chip button {
    padding: 0 4px;
    border-color: transparent;
    background: transparent;
    color: inherit;
  }
  [part='attachment-image'] {
    display: block;
    max-width: 10em;
    max-height: 10em;
    border-radius: var(--tessera-radius-sm, 6px);
    border: 1px solid var(--_border);
  }
  [part='attachment-error'] {
    margin: 0;
    color: var(--tessera-color-danger, #c0262d);
    font-size: var(--tessera-font-size-sm, 0.875rem);
  }
  [part='composer'].dropping {
    outline: 2px dashed var(--_accent);
    outline-offset: -4px;
  }
`;
