/**
 * How a message's files reach the model and its ACU. Providers are stateless, so every turn sends
 * the files of every earlier message on the branch again, from the store.
 */
import type { AcuAttachmentPart } from '../acu/schema.js';
import type { ChatMessage, ContentPart, ImagePart } from '../mux/schema.js';
import type { MessageAttachment, MessageRecord } from '../store/schema.js';
import { isImageAttachment } from './attachments.js';

function fromBase64(data: string): Uint8Array {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * A text file as a text part every model can read: a header naming the file, then its text in a
 * fence longer than any run of backticks inside it, so the file cannot close the fence early.
 */
export function textFilePart(attachment: MessageAttachment): { type: 'text'; text: string } {
  const text = new TextDecoder().decode(fromBase64(attachment.data));
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return {
    type: 'text',
    text: `Attached file: ${attachment.name} (${attachment.mediaType})\n${fence}\n${text}${text.endsWith('\n') ? '' : '\n'}${fence}\n\n`,
  };
}

/**
 * What the model sees of a message: its text alone, or its files first (in the order attached)
 * and then its text. With `images: false` (a model the catalog says cannot read images) an image
 * is named in a line of text instead, so an earlier image does not stop the conversation.
 */
export function contentOf(message: MessageRecord, options: { images: boolean }): ChatMessage['content'] {
  const attachments = message.attachments ?? [];
  if (attachments.length === 0) return message.text;
  const parts: ContentPart[] = attachments.map((attachment): ContentPart => {
    if (!isImageAttachment(attachment)) return textFilePart(attachment);
    if (!options.images) return { type: 'text', text: `[Image ${attachment.name} is not shown to this model.]\n\n` };
    return { type: 'image', mediaType: attachment.mediaType as ImagePart['mediaType'], data: attachment.data };
  });
  parts.push({ type: 'text', text: message.text });
  return parts;
}

/** The ACU parts that commit to a message's files: hash, media type, name and size, never the bytes. */
export function attachmentParts(message: MessageRecord): AcuAttachmentPart[] {
  return (message.attachments ?? []).map((a) => ({
    type: 'attachment',
    name: a.name,
    mediaType: a.mediaType,
    size: a.size,
    sha256: a.sha256,
  }));
}
