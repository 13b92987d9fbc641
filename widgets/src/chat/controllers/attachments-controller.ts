import { ATTACHMENT_LIMITS, attachmentInputSchema, type SendInput } from '@tessera/core';
import type { ReactiveControllerHost } from 'lit';
import type { Localizer } from '../../shared/i18n/localizer.js';
import { formatFileSize } from '../parts/format.js';

type Host = ReactiveControllerHost & { readonly i18n: Localizer };

/** Files as `tessera.chat.send` takes them. */
export type Attachments = NonNullable<SendInput['attachments']>;

/** A file waiting in the composer for the next message. */
export interface PendingFile {
  file: File;
  image: boolean;
}

// What core sends as an image; its bytes decide in the end, this only sorts what the composer shows.
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);
const isImage = (file: File) => IMAGE_TYPES.has(file.type);

/**
 * The files attached to the message being written: checked against core's limits as they are
 * added (count, size by kind, images only for a model that reads them), so the sentence saying
 * what to change shows before anything is sent. Core checks the bytes again on send.
 */
export class AttachmentsController {
  files: PendingFile[] = [];
  /** Why the last files could not be attached, as a sentence. */
  error: string | undefined;

  readonly #host: Host;

  constructor(host: Host) {
    this.#host = host;
  }

  /**
   * Adds files, keeping those that fit and saying why the others do not. `imagesRefusedBy` names
   * the chosen model when its catalog entry says it cannot read images.
   */
  add(files: Iterable<File>, imagesRefusedBy?: string): void {
    const problems: string[] = [];
    const i18n = this.#host.i18n;
    // Rounded up: a file just over a limit must not read as exactly the limit.
    const size = (bytes: number) => formatFileSize(i18n, bytes, 'up');
    for (const file of files) {
      const image = isImage(file);
      const shape = attachmentInputSchema.safeParse({ name: file.name, mediaType: file.type, data: new Uint8Array() });
      if (!shape.success)
        problems.push(shape.error.issues[0]?.message ?? i18n.t('chat.attach.cannotAttach', { name: file.name }));
      else if (image && imagesRefusedBy) {
        problems.push(i18n.t('chat.attach.noImages', { model: imagesRefusedBy }));
      } else if (file.type.startsWith('image/') && !image) {
        problems.push(i18n.t('chat.attach.imageType', { name: file.name, type: file.type }));
      } else if (file.size === 0) {
        problems.push(i18n.t('chat.attach.empty', { name: file.name }));
      } else if (image && file.size > ATTACHMENT_LIMITS.maxImageBytes) {
        problems.push(
          i18n.t('chat.attach.imageTooLarge', {
            name: file.name,
            size: size(file.size),
            max: size(ATTACHMENT_LIMITS.maxImageBytes),
          }),
        );
      } else if (!image && file.size > ATTACHMENT_LIMITS.maxTextBytes) {
        problems.push(
          i18n.t('chat.attach.textTooLarge', {
            name: file.name,
            size: size(file.size),
            max: size(ATTACHMENT_LIMITS.maxTextBytes),
          }),
        );
      } else if (this.files.length >= ATTACHMENT_LIMITS.maxCount) {
        problems.push(i18n.t('chat.attach.tooMany', { max: ATTACHMENT_LIMITS.maxCount, name: file.name }));
      } else {
        this.files = [...this.files, { file, image }];
      }
    }
    this.error = problems.length > 0 ? problems.join(' ') : undefined;
    this.#host.requestUpdate();
  }

  remove(index: number): void {
    this.files = this.files.filter((_, i) => i !== index);
    this.error = undefined;
    this.#host.requestUpdate();
  }

  /** Whether an image is waiting (a model that cannot read images must not be sent it). */
  get hasImage(): boolean {
    return this.files.some((f) => f.image);
  }

  /** The files' bytes, ready for `tessera.chat.send`, and the composer emptied; `restore` puts them back. */
  async take(): Promise<{ inputs: Attachments; restore: () => void }> {
    const taken = this.files;
    const inputs = await Promise.all(
      taken.map(async ({ file }) => ({
        name: file.name,
        mediaType: file.type,
        data: new Uint8Array(await file.arrayBuffer()),
      })),
    );
    this.files = [];
    this.error = undefined;
    this.#host.requestUpdate();
    return {
      inputs,
      restore: () => {
        this.files = [...taken, ...this.files].slice(0, ATTACHMENT_LIMITS.maxCount);
        this.#host.requestUpdate();
      },
    };
  }
}
