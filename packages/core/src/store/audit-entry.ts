import * as z from 'zod/mini';

/**
 * What the audit log records. Reads and changes of the user's data, never its content: no
 * titles, texts, keys or tokens ever go into an entry.
 */
export const auditActionSchema = z.enum([
  'conversation.create',
  'conversation.read',
  'conversation.rename',
  'conversation.delete',
  'messages.write',
  'import',
  'export',
  'verify',
  'signing-key.create',
  'store.open',
]);
export type AuditAction = z.infer<typeof auditActionSchema>;

export const auditEntrySchema = z.strictObject({
  /** UUIDv7: entries order by time. */
  id: z.string(),
  at: z.string(),
  /** Who: the owner id the instance runs as. */
  actor: z.string(),
  /** Through what: the part of Tessera that acted (`chat`, `io`, `store`, `acu`, or a widget's name). */
  via: z.string(),
  /** The page origin the call came from, where there is one. */
  origin: z.optional(z.string()),
  action: auditActionSchema,
  conversationId: z.optional(z.string()),
  /** How many records the action touched (messages written, ACUs exported or deleted). */
  count: z.optional(z.int()),
  /** Import or export format (`chatgpt`, `json`, `zip`, …). */
  format: z.optional(z.string()),
  /** `sha256:<hex>` of the deletion receipt issued for a delete. */
  receiptHash: z.optional(z.string()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** What a part of Tessera says when it records an entry; the audit log adds id, time, actor and origin. */
export type AuditInput = Omit<AuditEntry, 'id' | 'at' | 'actor' | 'origin'>;
