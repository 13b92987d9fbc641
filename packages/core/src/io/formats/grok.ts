import {
  compact,
  conversationWhere,
  finishConversation,
  type ImportContext,
  messageWhere,
  plural,
} from '../context.js';
import type { ExportDocument } from '../document.js';
import type { ImportedConversation, ImportedMessage, ImportedPart, ImportedRole } from '../imported.js';
import { arr, compareTimes, isObject, type JsonObject, stableId, str } from '../values.js';
import { type FormatReader, itemWhere, noteMissingBytes, textOfParts } from './format.js';

/**
 * Grok's export: `{ conversations: [{ conversation: { id, title, create_time }, responses: [...] }] }`.
 * A response is either flat (`{ sender, message, create_time }`) or wrapped (`{ response: { _id,
 * sender, message, create_time: { $date: … }, parent_response_id, model, thinking_trace } }`,
 * MongoDB extended JSON). With `parent_response_id` the responses form a tree; without, a line.
 */

function isGrok(value: unknown): value is JsonObject {
  if (!isObject(value) || !Array.isArray(value.conversations)) return false;
  const first = value.conversations.find(isObject);
  return first !== undefined && isObject(first.conversation) && Array.isArray(first.responses);
}

export const grok: FormatReader = {
  format: 'grok',
  detect(doc) {
    return doc.kind === 'value' && isGrok(doc.value);
  },
  read: readGrok,
};

function* readGrok(doc: ExportDocument, ctx: ImportContext): Generator<ImportedConversation> {
  if (doc.kind !== 'value' || !isObject(doc.value)) return;
  const root = doc.value;
  for (const [key, value] of Object.entries(root)) {
    if (key !== 'conversations' && Array.isArray(value) && value.length) {
      ctx.skip(`\`${key}\``, `${plural(value.length, 'item')} of Grok ${key}, not conversations: not imported`);
    }
  }
  const conversations = arr(root.conversations);
  for (let index = 0; index < conversations.length; index++) {
    const entry = conversations[index];
    if (!isObject(entry) || !isObject(entry.conversation) || !Array.isArray(entry.responses)) {
      ctx.skip(itemWhere(index), 'not a Grok conversation');
      continue;
    }
    const conversation = readConversation(entry.conversation, entry.responses, ctx);
    if (conversation) yield conversation;
  }
}

function role(sender: string | undefined): ImportedRole | undefined {
  const s = sender?.toLowerCase();
  if (s === 'human' || s === 'user') return 'user';
  if (s === 'assistant' || s === 'grok' || s === 'model') return 'assistant';
  if (s === 'system') return 'system';
  return undefined;
}

function readConversation(
  meta: JsonObject,
  responses: unknown[],
  ctx: ImportContext,
): ImportedConversation | undefined {
  const title = str(meta.title) ?? '';
  const id = str(meta.id) ?? str(meta.conversation_id) ?? stableId('grok', meta.create_time, title);
  const where = conversationWhere(title, id);
  const rows: { message: ImportedMessage; named: string | undefined; index: number }[] = [];
  responses.forEach((entry, index) => {
    const r = isObject(entry) && isObject(entry.response) ? entry.response : entry;
    if (!isObject(r)) {
      ctx.skip(`${where} › response ${index + 1}`, 'not a response object');
      return;
    }
    const createdAt = ctx.time(r.create_time);
    const messageId =
      str(r._id) ?? str(r.response_id) ?? str(r.id) ?? stableId('grok-response', id, r.create_time, index);
    const mWhere = messageWhere(where, messageId);
    const author = role(str(r.sender));
    if (!author) {
      ctx.skip(mWhere, `its sender "${str(r.sender) ?? 'none'}" is not one Tessera knows`);
      return;
    }
    const parts: ImportedPart[] = [];
    const thinking = str(r.thinking_trace)?.trim();
    if (thinking) parts.push({ type: 'reasoning', text: thinking });
    const text = (typeof r.message === 'string' ? r.message : '').trim();
    if (text) parts.push({ type: 'text', text });
    for (const attachment of arr(r.file_attachments)) {
      const ref = typeof attachment === 'string' ? attachment : isObject(attachment) ? str(attachment.id) : undefined;
      if (ref) parts.push({ type: 'attachment', ref });
    }
    for (const part of parts) noteMissingBytes(ctx, part, mWhere);
    rows.push({
      message: compact({
        sourceId: messageId,
        parentSourceId: null,
        role: author,
        text: text || textOfParts(parts),
        parts,
        createdAt,
        model: author === 'assistant' ? str(r.model) : undefined,
        status: r.partial === true ? ('incomplete' as const) : undefined,
      }),
      named: str(r.parent_response_id),
      index,
    });
  });
  const linked = rows.some((row) => row.named !== undefined);
  if (!linked) rows.sort((a, b) => compareTimes(a.message.createdAt, b.message.createdAt) || a.index - b.index);
  rows.forEach((row, i) => {
    row.message.parentSourceId = linked ? (row.named ?? null) : i > 0 ? rows[i - 1]!.message.sourceId : null;
  });
  return finishConversation(
    ctx,
    compact({
      sourceId: id,
      title,
      createdAt: ctx.time(meta.create_time),
      updatedAt: ctx.time(meta.modify_time ?? meta.update_time),
    }),
    rows.map((row) => row.message),
    where,
  );
}
