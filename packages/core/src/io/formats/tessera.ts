import * as z from 'zod/mini';
import { TesseraError } from '../../errors/tessera-error.js';
import { conversationWhere, finishConversation, type ImportContext } from '../context.js';
import type { ExportDocument } from '../document.js';
import {
  type ImportedConversation,
  type ImportedMemory,
  importedConversationSchema,
  importedMemorySchema,
} from '../imported.js';
import { isObject, str } from '../values.js';
import { type FormatReader, issuesText, itemWhere } from './format.js';

/**
 * Tessera's own archive: JSON `{ format: 'tessera-archive', version, exportedAt, conversations,
 * memories? }` whose conversations are the neutral model. Each conversation is validated on its
 * own, so one damaged conversation is reported and the rest import. `version` lets a later
 * Tessera migrate an older archive; an archive from a newer Tessera is refused with a clear error.
 */

export const TESSERA_ARCHIVE_FORMAT = 'tessera-archive';
export const TESSERA_ARCHIVE_VERSION = 1;

export const tesseraArchiveSchema = z.object({
  format: z.literal(TESSERA_ARCHIVE_FORMAT),
  version: z.literal(TESSERA_ARCHIVE_VERSION),
  exportedAt: z.optional(z.iso.datetime({ offset: true })),
  conversations: z.array(importedConversationSchema),
  memories: z.optional(z.array(importedMemorySchema)),
});
export type TesseraArchive = z.infer<typeof tesseraArchiveSchema>;

/** Builds an archive of the neutral model (what `tessera.io.export` will write, until ACUs replace it). */
export function createTesseraArchive(
  conversations: readonly ImportedConversation[],
  memories: readonly ImportedMemory[] = [],
  exportedAt: Date = new Date(),
): TesseraArchive {
  return {
    format: TESSERA_ARCHIVE_FORMAT,
    version: TESSERA_ARCHIVE_VERSION,
    exportedAt: exportedAt.toISOString(),
    conversations: [...conversations],
    ...(memories.length ? { memories: [...memories] } : {}),
  };
}

export const tessera: FormatReader = {
  format: 'tessera-archive',
  detect(doc) {
    return doc.kind === 'value' && isObject(doc.value) && doc.value.format === TESSERA_ARCHIVE_FORMAT;
  },
  read: readArchive,
};

function* readArchive(doc: ExportDocument, ctx: ImportContext): Generator<ImportedConversation> {
  if (doc.kind !== 'value' || !isObject(doc.value)) return;
  const archive = doc.value;
  const version = archive.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new TesseraError(
      'validation',
      'This Tessera archive has no valid version number: it may be damaged. Export it again.',
    );
  }
  if (version > TESSERA_ARCHIVE_VERSION) {
    throw new TesseraError(
      'validation',
      `This Tessera archive was made by a newer Tessera (archive version ${version}; this one reads up to ${TESSERA_ARCHIVE_VERSION}). Update Tessera, then import it again.`,
    );
  }
  if (!Array.isArray(archive.conversations)) {
    throw new TesseraError(
      'validation',
      'This Tessera archive has no conversation list: it may be damaged. Export it again.',
    );
  }
  const memories = Array.isArray(archive.memories) ? archive.memories : [];
  memories.forEach((memory, index) => {
    const parsed = importedMemorySchema.safeParse(memory);
    if (parsed.success) ctx.memories.push(parsed.data);
    else ctx.skip(`memory ${index + 1}`, `not a valid memory: ${issuesText(parsed.error)}`);
  });
  for (let index = 0; index < archive.conversations.length; index++) {
    const raw = archive.conversations[index];
    const parsed = importedConversationSchema.safeParse(raw);
    if (!parsed.success) {
      const id = isObject(raw) ? str(raw.sourceId) : undefined;
      const where = id ? conversationWhere(isObject(raw) ? str(raw.title) : undefined, id) : itemWhere(index);
      ctx.skip(where, `not a valid conversation: ${issuesText(parsed.error)}`);
      continue;
    }
    const { messages, ...meta } = parsed.data;
    const conversation = finishConversation(ctx, meta, messages, conversationWhere(meta.title, meta.sourceId));
    if (conversation) yield conversation;
  }
}
