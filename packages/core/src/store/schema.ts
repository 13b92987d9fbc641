import * as z from 'zod/mini';
import { ERROR_CODES } from '../errors/tessera-error.js';
import { usageSchema } from '../mux/schema.js';

export const conversationRecordSchema = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ConversationRecord = z.infer<typeof conversationRecordSchema>;

/**
 * `streaming` while an answer arrives; `incomplete` when it stopped early (stopped by the user, or
 * the connection broke) and the partial text is kept; `error` when nothing arrived.
 */
export const messageStatusSchema = z.enum(['complete', 'streaming', 'incomplete', 'error']);
export type MessageStatus = z.infer<typeof messageStatusSchema>;

/**
 * A file sent with a user message, bytes included (standard base64, as records are JSON): the
 * store encrypts the record, so the bytes are encrypted at rest. `sha256` is what the message's
 * ACU commits to.
 */
export const messageAttachmentSchema = z.object({
  name: z.string(),
  mediaType: z.string(),
  /** Bytes, before base64. */
  size: z.number(),
  /** `sha256:` and the hex digest of the bytes. */
  sha256: z.string(),
  /** The bytes, standard base64. */
  data: z.string(),
});
export type MessageAttachment = z.infer<typeof messageAttachmentSchema>;

export const messageRecordSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  parentId: z.nullable(z.string()),
  role: z.enum(['system', 'user', 'assistant']),
  text: z.string(),
  reasoning: z.optional(z.string()),
  provider: z.optional(z.string()),
  model: z.optional(z.string()),
  status: messageStatusSchema,
  error: z.optional(z.object({ code: z.enum(ERROR_CODES), message: z.string() })),
  usage: z.optional(usageSchema),
  /** USD, from the model catalog's prices; absent for a model without prices. */
  cost: z.optional(z.number()),
  /** The sealed ACU of this message, once it has ended (`tessera.acu`). */
  acuId: z.optional(z.string()),
  /** Files sent with a user message (images, text files), in the order they were attached. */
  attachments: z.optional(z.array(messageAttachmentSchema)),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type MessageRecord = z.infer<typeof messageRecordSchema>;
