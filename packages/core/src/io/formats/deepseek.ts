import { compact, conversationWhere, finishConversation, type ImportContext } from '../context.js';
import type { ExportDocument } from '../document.js';
import type { ImportedConversation, ImportedMessage, ImportedPart, ImportedRole } from '../imported.js';
import { arr, asText, isObject, type JsonObject, looksLikeImage, num, stableId, str } from '../values.js';
import { mappingDialect } from './chatgpt.js';
import { type FormatReader, fallbackText, noteMissingBytes, probeObjects, topObjects } from './format.js';
import { readMappingMessages } from './mapping-tree.js';

/**
 * DeepSeek's export: ChatGPT's `mapping` tree, but each message is a list of `fragments`
 * (`REQUEST` from the user; `THINK` and `RESPONSE` from the model; `SEARCH` results) with the
 * model on the message and times in `inserted_at`. A root with several children is a branch.
 */

export const deepseek: FormatReader = {
  format: 'deepseek',
  detect(doc) {
    return probeObjects(doc, 'conversations').some((c) => mappingDialect(c) === 'deepseek');
  },
  read: readDeepSeek,
};

function* readDeepSeek(doc: ExportDocument, ctx: ImportContext): Generator<ImportedConversation> {
  for (const item of topObjects(doc, ctx, 'not a conversation object', { wrapperKey: 'conversations' })) {
    const conversation = readConversation(item.value, ctx);
    if (conversation) yield conversation;
  }
}

function readConversation(raw: JsonObject, ctx: ImportContext): ImportedConversation | undefined {
  const title = str(raw.title) ?? '';
  const created = raw.inserted_at ?? raw.create_time;
  const id = str(raw.id) ?? str(raw.conversation_id) ?? stableId('deepseek', created, title);
  const where = conversationWhere(title, id);
  const messages = readMappingMessages(
    raw.mapping,
    where,
    ctx,
    (key, message, at) => convert(key, message as JsonObject, at, ctx),
    (message) => !isObject(message),
  );
  if (!messages) return undefined;
  return finishConversation(
    ctx,
    compact({
      sourceId: id,
      title,
      createdAt: ctx.time(created),
      updatedAt: ctx.time(raw.updated_at ?? raw.update_time),
      activeLeafSourceId: str(raw.current_node),
    }),
    messages,
    where,
  );
}

function convert(key: string, m: JsonObject, where: string, ctx: ImportContext): ImportedMessage | undefined {
  const parts: ImportedPart[] = [];
  const texts: string[] = [];
  let asked = false;
  let answered = false;
  arr(m.fragments).forEach((fragment, i) => {
    if (!isObject(fragment)) return;
    const type = str(fragment.type)?.toUpperCase() ?? 'UNNAMED';
    const content = typeof fragment.content === 'string' ? fragment.content : '';
    switch (type) {
      case 'REQUEST':
      case 'RESPONSE':
        if (type === 'REQUEST') asked = true;
        else answered = true;
        texts.push(content);
        if (content.trim()) parts.push({ type: 'text', text: content.trim() });
        return;
      case 'THINK':
        answered = true;
        if (content.trim()) parts.push({ type: 'reasoning', text: content.trim() });
        return;
      case 'SEARCH':
        answered = true;
        parts.push({ type: 'tool-result', toolName: 'search', output: asText(fragment.results ?? content) });
        return;
      default:
        ctx.skip(`${where} › fragments[${i}]`, `its fragment type "${type}" is not one Tessera reads`);
    }
  });
  const roleName = str(m.role)?.toLowerCase();
  const role: ImportedRole | undefined =
    roleName === 'user' || roleName === 'assistant' || roleName === 'system'
      ? roleName
      : asked
        ? 'user'
        : answered
          ? 'assistant'
          : undefined;
  if (!role) {
    ctx.skip(where, 'it has no fragment that says who wrote it (no REQUEST, THINK or RESPONSE)');
    return undefined;
  }
  if (asked && answered) {
    ctx.warn(`${where}: holds both a request and an answer; it was imported as one ${role} message.`);
  }
  for (const file of arr(m.files)) {
    if (!isObject(file)) continue;
    const name = str(file.file_name) ?? str(file.name);
    parts.push(
      compact({
        type: looksLikeImage(name) ? ('image-reference' as const) : ('attachment' as const),
        ref: str(file.id),
        name,
        sizeBytes: num(file.file_size) ?? num(file.size),
      }),
    );
  }
  for (const part of parts) noteMissingBytes(ctx, part, where);
  const text = texts.join('\n\n').trim();
  return compact({
    sourceId: key,
    parentSourceId: null,
    role,
    text: text || fallbackText(parts),
    parts,
    createdAt: ctx.time(m.inserted_at ?? m.created_at),
    model: role === 'assistant' ? str(m.model) : undefined,
  });
}
