import * as z from 'zod/mini';
import { attachmentInputSchema } from './attachments.js';

const text = z.string().check(z.trim(), z.minLength(1, 'Write a message first.'));
const provider = z.string().check(z.minLength(1, 'Choose a provider.'));
const model = z.string().check(z.minLength(1, 'Choose a model.'));
const messageId = z.string().check(z.minLength(1, 'Choose a message.'));

export const sendInputSchema = z.strictObject({
  conversationId: z.optional(z.string()),
  /**
   * The message this one follows (the leaf of the branch on screen). By default the conversation's
   * most recently written message. Needs `conversationId`.
   */
  parentId: z.optional(z.string()),
  text,
  /** Images and text files sent with the message (`ATTACHMENT_LIMITS` says how many and how large). */
  attachments: z.optional(z.array(attachmentInputSchema)),
  provider,
  model,
  baseURL: z.optional(z.string()),
});
export type SendInput = z.input<typeof sendInputSchema>;

export const regenerateInputSchema = z.strictObject({
  /** The answer to write again: the new one becomes its sibling. */
  messageId,
  /** The answer's conversation; without it every conversation is searched, newest first. */
  conversationId: z.optional(z.string()),
  provider,
  model,
  baseURL: z.optional(z.string()),
});
export type RegenerateInput = z.input<typeof regenerateInputSchema>;

export const editInputSchema = z.strictObject({
  /** The user message edited: the new text becomes its sibling, and is answered. */
  messageId,
  /** The message's conversation; without it every conversation is searched, newest first. */
  conversationId: z.optional(z.string()),
  text,
  /**
   * The edited message's files. Left out, the original's files are kept; `[]` sends none. Given,
   * they replace the original's.
   */
  attachments: z.optional(z.array(attachmentInputSchema)),
  provider,
  model,
  baseURL: z.optional(z.string()),
});
export type EditInput = z.input<typeof editInputSchema>;

export const conversationTitleSchema = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, 'Give the conversation a title.'),
    z.maxLength(200, 'Keep the title under 200 characters.'),
  );
