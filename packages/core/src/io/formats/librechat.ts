import {
  compact,
  conversationWhere,
  finishConversation,
  type ImportContext,
  messageWhere,
  plural,
  verb,
} from '../context.js';
import type { ExportDocument } from '../document.js';
import type { ImportedConversation, ImportedMessage, ImportedPart } from '../imported.js';
import { arr, asText, isObject, type JsonObject, looksLikeImage, num, stableId, str } from '../values.js';
import { type FormatReader, noteMissingBytes, probeObjects, textOfParts, topObjects } from './format.js';

/**
 * LibreChat's conversation export: `{ conversationId, title, endpoint, options, messages }` where
 * `messages` is either flat (each names `parentMessageId`) or nested (`recursive: true`, each
 * carries its `children`), with or without the other branches (`branches`). The all-zero id is
 * LibreChat's "no parent". Agent messages carry `content[]` parts (text, think, tool_call, images).
 */

const NO_PARENT = '00000000-0000-0000-0000-000000000000';

function isLibreChat(value: JsonObject): boolean {
  return typeof value.conversationId === 'string' && Array.isArray(value.messages);
}

export const librechat: FormatReader = {
  format: 'librechat',
  detect(doc) {
    return probeObjects(doc).some(isLibreChat);
  },
  read: readLibreChat,
};

function* readLibreChat(doc: ExportDocument, ctx: ImportContext): Generator<ImportedConversation> {
  for (const item of topObjects(doc, ctx, 'not a LibreChat conversation', { accepts: isLibreChat })) {
    const conversation = readConversation(item.value, ctx);
    if (conversation) yield conversation;
  }
}

function readConversation(raw: JsonObject, ctx: ImportContext): ImportedConversation | undefined {
  const title = str(raw.title) ?? '';
  const id = raw.conversationId as string;
  const where = conversationWhere(title, id);
  const options = isObject(raw.options) ? raw.options : {};
  const conversationModel = str(options.model) ?? str(raw.model);
  const messages: ImportedMessage[] = [];
  // Nested exports: walk the children, each inheriting its enclosing message as parent when it names none.
  const stack: { value: unknown; parent: string | null; index: number }[] = arr(raw.messages)
    .map((value, index) => ({ value, parent: null, index }))
    .reverse();
  while (stack.length) {
    const { value, parent, index } = stack.pop()!;
    if (!isObject(value)) {
      ctx.skip(`${where} › message ${index + 1}`, 'not a message object');
      continue;
    }
    const messageId = str(value.messageId) ?? stableId('librechat-message', id, value.createdAt, value.text, index);
    const message = convert(value, messageId, parent, conversationModel, messageWhere(where, messageId), ctx);
    if (message) messages.push(message);
    const children = arr(value.children);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ value: children[i], parent: messageId, index: i });
  }
  return finishConversation(
    ctx,
    compact({ sourceId: id, title, createdAt: ctx.time(raw.createdAt), updatedAt: ctx.time(raw.updatedAt) }),
    messages,
    where,
  );
}

function convert(
  m: JsonObject,
  id: string,
  enclosing: string | null,
  conversationModel: string | undefined,
  where: string,
  ctx: ImportContext,
): ImportedMessage | undefined {
  const user = m.isCreatedByUser === true;
  const parts = Array.isArray(m.content) ? fromContent(m.content, where, ctx) : [];
  const text = typeof m.text === 'string' ? m.text.trim() : '';
  if (!parts.length && text) parts.push({ type: 'text', text });
  for (const file of arr(m.files)) {
    if (!isObject(file)) continue;
    const name = str(file.filename) ?? str(file.name);
    const mimeType = str(file.type);
    const image = looksLikeImage(name, mimeType);
    parts.push(
      compact({
        type: image ? ('image-reference' as const) : ('attachment' as const),
        ref: str(file.file_id) ?? str(file.filepath),
        name,
        mimeType: mimeType?.includes('/') ? mimeType : undefined,
        sizeBytes: num(file.bytes),
        ...(image ? { width: num(file.width), height: num(file.height) } : {}),
      }),
    );
  }
  for (const part of parts) noteMissingBytes(ctx, part, where);
  const named = m.parentMessageId;
  const parentSourceId = typeof named === 'string' ? (named === NO_PARENT ? null : named) : enclosing;
  if (m.error === true) {
    ctx.tally('librechat-error', (n) => `${plural(n, 'message')} recorded an error in LibreChat`, where);
  }
  return compact({
    sourceId: id,
    parentSourceId,
    role: user ? ('user' as const) : ('assistant' as const),
    text: text || textOfParts(parts),
    parts,
    createdAt: ctx.time(m.createdAt),
    updatedAt: ctx.time(m.updatedAt),
    // Older messages leave `model` null; the conversation's options say which model answered.
    model: user ? undefined : (str(m.model) ?? conversationModel),
    author: str(m.sender),
    status: m.error === true ? ('error' as const) : m.unfinished === true ? ('incomplete' as const) : undefined,
  });
}

function fromContent(content: unknown[], where: string, ctx: ImportContext): ImportedPart[] {
  const parts: ImportedPart[] = [];
  content.forEach((item, i) => {
    if (!isObject(item)) return;
    const type = str(item.type) ?? 'unnamed';
    const value = item[type];
    switch (type) {
      case 'text': {
        const text = (typeof value === 'string' ? value : isObject(value) ? (str(value.value) ?? '') : '').trim();
        if (text) parts.push({ type: 'text', text });
        return;
      }
      case 'think': {
        const text = (typeof value === 'string' ? value : isObject(value) ? (str(value.value) ?? '') : '').trim();
        if (text) parts.push({ type: 'reasoning', text });
        return;
      }
      case 'tool_call': {
        const call = isObject(value) ? value : {};
        const toolName = str(call.name) ?? 'tool';
        const callId = str(call.id);
        parts.push(compact({ type: 'tool-call' as const, toolName, callId, input: asText(call.args) }));
        if (call.output !== undefined && call.output !== null) {
          parts.push(compact({ type: 'tool-result' as const, toolName, callId, output: asText(call.output) }));
        }
        return;
      }
      case 'image_file':
      case 'image_url': {
        const image = isObject(value) ? value : {};
        parts.push(
          compact({
            type: 'image-reference' as const,
            ref: str(image.file_id) ?? str(image.url) ?? str(image.filepath),
            width: num(image.width),
            height: num(image.height),
          }),
        );
        return;
      }
      case 'error':
        ctx.tally(
          'librechat-error-part',
          (n) => `${plural(n, 'message')} ${verb(n, 'carries', 'carry')} an error part from LibreChat`,
          where,
        );
        return;
      default:
        ctx.skip(`${where} › content[${i}]`, `its part type "${type}" is not one Tessera reads`);
    }
  });
  return parts;
}
