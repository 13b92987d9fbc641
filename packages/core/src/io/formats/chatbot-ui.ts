import { compact, conversationWhere, finishConversation, type ImportContext, messageWhere } from '../context.js';
import type { ExportDocument } from '../document.js';
import type { ImportedConversation, ImportedMessage, ImportedRole } from '../imported.js';
import { arr, isObject, type JsonObject, label, str } from '../values.js';
import { type FormatReader, itemWhere, topItems } from './format.js';

/**
 * chatbot-ui's export: `{ version, history: [{ id, name, messages: [{ role, content }], model,
 * prompt }], folders, prompts }` (version 1 is the bare `history` array). Messages have no ids or
 * times: ids are the conversation's id and the message's position. The conversation's `prompt`
 * is its system prompt and becomes a hidden system message first. Saved prompts and folders are
 * not conversations and are reported.
 */

function isConversation(value: unknown): value is JsonObject {
  if (!isObject(value) || typeof value.id !== 'string' || !Array.isArray(value.messages)) return false;
  const first = value.messages.find(isObject);
  return (first === undefined || ('role' in first && 'content' in first && !('uuid' in first))) && 'name' in value;
}

export const chatbotUi: FormatReader = {
  format: 'chatbot-ui',
  detect(doc) {
    if (doc.kind === 'value' && isObject(doc.value)) {
      const history = doc.value.history;
      return (
        typeof doc.value.version === 'number' &&
        Array.isArray(history) &&
        (history.length === 0 || history.some(isConversation))
      );
    }
    return doc.kind === 'array' && doc.probe.length > 0 && doc.probe.every(isConversation);
  },
  read: readChatbotUi,
};

const ROLES: Record<string, ImportedRole> = { user: 'user', assistant: 'assistant', system: 'system' };

function* readChatbotUi(doc: ExportDocument, ctx: ImportContext): Generator<ImportedConversation> {
  if (doc.kind === 'value' && isObject(doc.value)) {
    for (const prompt of arr(doc.value.prompts)) {
      if (!isObject(prompt)) continue;
      ctx.skip(
        `prompt "${label(str(prompt.name))}" (${str(prompt.id) ?? '?'})`,
        'a saved prompt, not a conversation: not imported',
      );
    }
    for (const folder of arr(doc.value.folders)) {
      if (!isObject(folder)) continue;
      ctx.skip(
        `folder "${label(str(folder.name))}" (${str(folder.id) ?? '?'})`,
        'a folder, not a conversation: folders are not imported',
      );
    }
    const history = arr(doc.value.history);
    for (let i = 0; i < history.length; i++) {
      const conversation = readConversation(history[i], i, ctx);
      if (conversation) yield conversation;
    }
    return;
  }
  for (const item of topItems(doc)) {
    const conversation = readConversation(item.value, item.index, ctx);
    if (conversation) yield conversation;
  }
}

function readConversation(raw: unknown, index: number, ctx: ImportContext): ImportedConversation | undefined {
  if (!isConversation(raw)) {
    ctx.skip(itemWhere(index), 'not a chatbot-ui conversation');
    return undefined;
  }
  const id = raw.id as string;
  const title = str(raw.name) ?? '';
  const where = conversationWhere(title, id);
  const model = isObject(raw.model) ? str(raw.model.id) : str(raw.model);
  const messages: ImportedMessage[] = [];
  let previous: string | null = null;
  const prompt = str(raw.prompt)?.trim();
  if (prompt) {
    previous = `${id}:system`;
    messages.push({
      sourceId: previous,
      parentSourceId: null,
      role: 'system',
      text: prompt,
      parts: [{ type: 'text', text: prompt }],
      hidden: true,
    });
  }
  arr(raw.messages).forEach((m, i) => {
    const sourceId = `${id}:${i}`;
    if (!isObject(m)) {
      ctx.skip(messageWhere(where, sourceId), 'not a message object');
      return;
    }
    const role = ROLES[str(m.role) ?? ''];
    if (!role) {
      ctx.skip(messageWhere(where, sourceId), `its role "${str(m.role) ?? 'none'}" is not one Tessera knows`);
      return;
    }
    const text = (typeof m.content === 'string' ? m.content : '').trim();
    messages.push(
      compact({
        sourceId,
        parentSourceId: previous,
        role,
        text,
        parts: text ? [{ type: 'text' as const, text }] : [],
        model: role === 'assistant' ? model : undefined,
      }),
    );
    previous = sourceId;
  });
  return finishConversation(ctx, compact({ sourceId: id, title, projectId: str(raw.folderId) }), messages, where);
}
