import * as z from 'zod/mini';

/**
 * The neutral model every importer produces: what a source said, in one shape, before it becomes
 * owned records. It knows nothing of ACUs, hashes or storage; turning it into those is a separate
 * step. Ids are the source's own (or, where a source has none, derived from the record itself so a
 * re-import of the same export yields the same ids).
 */

/** The formats Tessera reads. The name says who made the file, not how Tessera got it (a ZIP or not). */
export const IMPORT_FORMATS = [
  'chatgpt',
  'claude',
  'gemini',
  'openwebui',
  'librechat',
  'deepseek',
  'grok',
  'tessera-archive',
  'aistudio',
  'chatbot-ui',
  'sillytavern',
  'copilot',
] as const;
export const importFormatSchema = z.enum(IMPORT_FORMATS);
export type ImportFormat = z.infer<typeof importFormatSchema>;

const isoTime = z.iso.datetime({ offset: true });

/** A source (title, URL) a text cites; `marker` is the text of the marker as it stands in the text, e.g. `【3:0†source】`. */
export const citationSchema = z.object({
  marker: z.optional(z.string()),
  title: z.optional(z.string()),
  url: z.optional(z.string()),
});
export type ImportedCitation = z.infer<typeof citationSchema>;

/**
 * Structure recognized in a message. A part never carries file bytes: images and attachments are
 * references (`ref` is the source's own pointer, `archivePath` the file's path in the ZIP when the
 * export included its bytes), so a consumer can say what is missing or fetch it from the archive.
 */
export const importedPartSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('text'),
    text: z.string(),
    /** How to read `text`: absent means Markdown or plain text, as chat sources write it; `html` (Gemini) is kept as the source wrote it. */
    format: z.optional(z.literal('html')),
    citations: z.optional(z.array(citationSchema)),
  }),
  z.object({
    type: z.literal('code'),
    code: z.string(),
    language: z.optional(z.string()),
    title: z.optional(z.string()),
    /** The source's id for the code (a Claude artifact's identifier). */
    id: z.optional(z.string()),
  }),
  z.object({
    type: z.literal('image-reference'),
    ref: z.optional(z.string()),
    name: z.optional(z.string()),
    mimeType: z.optional(z.string()),
    width: z.optional(z.number()),
    height: z.optional(z.number()),
    sizeBytes: z.optional(z.number()),
    archivePath: z.optional(z.string()),
    /** The prompt an image was generated from, where the source kept it. */
    prompt: z.optional(z.string()),
  }),
  z.object({
    type: z.literal('attachment'),
    ref: z.optional(z.string()),
    name: z.optional(z.string()),
    mimeType: z.optional(z.string()),
    sizeBytes: z.optional(z.number()),
    archivePath: z.optional(z.string()),
    /** Text the source extracted from the file and kept (Claude does); never the file's bytes. */
    extractedText: z.optional(z.string()),
  }),
  z.object({
    type: z.literal('tool-call'),
    toolName: z.string(),
    callId: z.optional(z.string()),
    /** The call's input as text: a JSON document for structured input, the source's own text otherwise. */
    input: z.string(),
  }),
  z.object({
    type: z.literal('tool-result'),
    toolName: z.optional(z.string()),
    callId: z.optional(z.string()),
    output: z.string(),
    isError: z.optional(z.boolean()),
    title: z.optional(z.string()),
    url: z.optional(z.string()),
  }),
  z.object({
    type: z.literal('reasoning'),
    text: z.string(),
    title: z.optional(z.string()),
  }),
]);
export type ImportedPart = z.infer<typeof importedPartSchema>;

export const importedRoleSchema = z.enum(['user', 'assistant', 'system', 'tool']);
export type ImportedRole = z.infer<typeof importedRoleSchema>;

export const importedMessageSchema = z.object({
  sourceId: z.string().check(z.minLength(1)),
  /** The message this one answers or follows; `null` for a first message. Siblings (same parent) are branches. */
  parentSourceId: z.nullable(z.string()),
  role: importedRoleSchema,
  /**
   * The message's text as the source exported it, trimmed, inline markup (citation markers, tags)
   * included. For a message with no answer text of its own (a reasoning step, a tool call or a tool
   * result) it is that content's text, so no message that had content reads as empty.
   */
  text: z.string(),
  parts: z.array(importedPartSchema),
  createdAt: z.optional(isoTime),
  updatedAt: z.optional(isoTime),
  model: z.optional(z.string()),
  /** Who wrote it when the source names them: a tool (`browser`, `python`), a persona, a character. */
  author: z.optional(z.string()),
  /** The source did not show it in the conversation (a system prompt, custom instructions, tool noise). */
  hidden: z.optional(z.boolean()),
  /** Absent when complete; `incomplete` when it stopped early; `error` when the source recorded a failure. */
  status: z.optional(z.enum(['incomplete', 'error'])),
});
export type ImportedMessage = z.infer<typeof importedMessageSchema>;

export const importedConversationSchema = z.object({
  sourceId: z.string().check(z.minLength(1)),
  /** `''` when the source has none: a title is never invented. */
  title: z.string(),
  createdAt: z.optional(isoTime),
  updatedAt: z.optional(isoTime),
  projectId: z.optional(z.string()),
  projectName: z.optional(z.string()),
  /** The last message of the branch the source showed as current, when it says which. */
  activeLeafSourceId: z.optional(z.string()),
  /** Every message of every branch, parents before their children. */
  messages: z.array(importedMessageSchema),
});
export type ImportedConversation = z.infer<typeof importedConversationSchema>;

/** What a provider remembers about the user (Claude's memories.json): reported apart from conversations. */
export const importedMemorySchema = z.object({
  sourceId: z.string().check(z.minLength(1)),
  /** `summary`: the provider's prose memory; `file`: one file of its memory store; `entry`: one remembered item. */
  kind: z.enum(['summary', 'file', 'entry']),
  path: z.optional(z.string()),
  title: z.optional(z.string()),
  text: z.string(),
  createdAt: z.optional(isoTime),
  updatedAt: z.optional(isoTime),
});
export type ImportedMemory = z.infer<typeof importedMemorySchema>;

export const skippedItemSchema = z.object({
  /** Which item, in words a user can find in their export: `conversation "Title" (id) › message id`. */
  where: z.string(),
  /** Why it was not imported. */
  why: z.string(),
});
export type SkippedItem = z.infer<typeof skippedItemSchema>;

export const importReportSchema = z.object({
  format: importFormatSchema,
  /** Conversations imported. */
  conversations: z.number(),
  /** The source ids of the conversations imported (not of the skipped ones). */
  conversationIds: z.array(z.string()),
  /** Messages imported: each becomes one ACU. */
  acus: z.number(),
  /** Sibling sets with more than one message: the places where a conversation forks. */
  branches: z.number(),
  /** Memories imported (Claude's memories.json); they are not conversations. */
  memories: z.number(),
  /** Everything in the input that was not imported, each with where it is and why. */
  skipped: z.array(skippedItemSchema),
  /** What was imported with a caveat (a missing parent, an attachment without its bytes, a guessed time zone). */
  warnings: z.array(z.string()),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export interface ImportResult {
  conversations: ImportedConversation[];
  memories: ImportedMemory[];
  report: ImportReport;
}
