import * as z from 'zod/mini';
import { compact, conversationWhere, finishConversation, type ImportContext, plural, verb } from '../context.js';
import type { ExportDocument } from '../document.js';
import type {
  ImportedCitation,
  ImportedConversation,
  ImportedMessage,
  ImportedPart,
  ImportedRole,
} from '../imported.js';
import { arr, isObject, type JsonObject, joinText, num, stableId, str } from '../values.js';
import { type FormatReader, fallbackText, issuesText, noteMissingBytes, probeObjects, topObjects } from './format.js';
import { readMappingMessages } from './mapping-tree.js';

/**
 * ChatGPT's `conversations.json` (and each `conversations-NNN.json` shard of the newer layout): an
 * array of conversations, each a `mapping` tree of nodes. Every node with a message is imported,
 * on every branch, hidden ones included (marked `hidden`); the empty root is structure, not a
 * message. Tool calls, tool output, reasoning (`thoughts`, `reasoning_recap`), code, images,
 * audio and attachments become parts. Also read: a single conversation object (what the web API
 * returns) and `{ conversations: [...] }`.
 */

const messageWire = z.looseObject({
  author: z.looseObject({ role: z.string(), name: z.optional(z.nullable(z.string())) }),
  content: z.looseObject({ content_type: z.string() }),
  create_time: z.optional(z.nullable(z.number())),
  update_time: z.optional(z.nullable(z.number())),
  status: z.optional(z.nullable(z.string())),
  recipient: z.optional(z.nullable(z.string())),
  // Read field by field below; validating its (many, ever-changing) keys here would only cost time.
  metadata: z.optional(z.unknown()),
});
type MessageWire = z.infer<typeof messageWire>;

const ROLES: Record<string, ImportedRole> = { user: 'user', assistant: 'assistant', system: 'system', tool: 'tool' };

/** The dialect of a `mapping` tree: ChatGPT's messages have `author`/`content`, DeepSeek's have `fragments`. */
export function mappingDialect(conversation: JsonObject): 'chatgpt' | 'deepseek' | undefined {
  if (!isObject(conversation.mapping)) return undefined;
  let looked = 0;
  for (const node of Object.values(conversation.mapping)) {
    if (looked++ > 50) break;
    const message = isObject(node) ? node.message : undefined;
    if (!isObject(message)) continue;
    if (Array.isArray(message.fragments)) return 'deepseek';
    if ('author' in message || 'content' in message) return 'chatgpt';
  }
  return 'inserted_at' in conversation && !('current_node' in conversation) ? 'deepseek' : 'chatgpt';
}

export const chatgpt: FormatReader = {
  format: 'chatgpt',
  detect(doc) {
    return probeObjects(doc, 'conversations').some((c) => mappingDialect(c) === 'chatgpt');
  },
  read: readChatGpt,
};

function* readChatGpt(doc: ExportDocument, ctx: ImportContext): Generator<ImportedConversation> {
  for (const item of topObjects(doc, ctx, 'not a conversation object', { wrapperKey: 'conversations' })) {
    const conversation = readConversation(item.value, item.index, ctx);
    if (conversation) yield conversation;
  }
}

function readConversation(raw: JsonObject, index: number, ctx: ImportContext): ImportedConversation | undefined {
  const title = typeof raw.title === 'string' ? raw.title : '';
  const id = str(raw.conversation_id) ?? str(raw.id) ?? stableId('chatgpt', raw.create_time, title, index);
  const where = conversationWhere(title, id);
  const messages = readMappingMessages(raw.mapping, where, ctx, (key, message, at) => {
    const parsed = messageWire.safeParse(message);
    if (!parsed.success) {
      ctx.skip(at, `the message is not in ChatGPT's shape: ${issuesText(parsed.error)}`);
      return undefined;
    }
    return convertMessage(key, parsed.data, at, ctx);
  });
  if (!messages) return undefined;
  const projectId = [raw.gizmo_id, raw.conversation_template_id].find(
    (v): v is string => typeof v === 'string' && v.startsWith('g-p-'),
  );
  return finishConversation(
    ctx,
    compact({
      sourceId: id,
      title,
      createdAt: ctx.time(raw.create_time),
      updatedAt: ctx.time(raw.update_time),
      projectId,
      activeLeafSourceId: str(raw.current_node),
    }),
    messages,
    where,
  );
}

function convertMessage(key: string, m: MessageWire, where: string, ctx: ImportContext): ImportedMessage | undefined {
  const role = ROLES[m.author.role];
  if (!role) {
    ctx.skip(where, `its author role "${m.author.role}" is not one Tessera knows (user, assistant, system, tool)`);
    return undefined;
  }
  const metadata = isObject(m.metadata) ? m.metadata : {};
  const authorName = str(m.author.name);
  const recipient = str(m.recipient);
  const content = m.content;
  const result = convertContent(content, role, recipient, authorName, metadata, where, ctx);
  if (!result) return undefined;
  addAttachments(result.parts, metadata, ctx);
  for (const part of result.parts) noteMissingBytes(ctx, part, where);

  const finish = isObject(metadata.finish_details) ? str(metadata.finish_details.type) : undefined;
  const incomplete =
    m.status === 'in_progress' || m.status === 'finished_partial_completion' || finish === 'interrupted';
  const hidden =
    metadata.is_visually_hidden_from_conversation === true ||
    (role === 'system' && metadata.is_user_system_message !== true);
  return compact({
    sourceId: key,
    parentSourceId: null,
    role,
    text: result.text || fallbackText(result.parts),
    parts: result.parts,
    createdAt: ctx.time(m.create_time),
    updatedAt: ctx.time(m.update_time),
    model: str(metadata.model_slug),
    author: authorName,
    hidden: hidden || undefined,
    status: incomplete ? ('incomplete' as const) : undefined,
  });
}

function convertContent(
  content: JsonObject & { content_type: string },
  role: ImportedRole,
  recipient: string | undefined,
  authorName: string | undefined,
  metadata: JsonObject,
  where: string,
  ctx: ImportContext,
): { text: string; parts: ImportedPart[] } | undefined {
  const type = content.content_type;
  const toolCall = role === 'assistant' && recipient !== undefined && recipient !== 'all';
  const plain = (text: string): { text: string; parts: ImportedPart[] } => {
    const trimmed = text.trim();
    if (toolCall) return { text: trimmed, parts: [{ type: 'tool-call', toolName: recipient!, input: text }] };
    if (role === 'tool') return { text: trimmed, parts: [compact(toolResult(authorName, trimmed))] };
    const citations = readCitations(text, metadata);
    const part: ImportedPart = compact({
      type: 'text',
      text: trimmed,
      citations: citations.length ? citations : undefined,
    });
    return { text: trimmed, parts: trimmed || citations.length ? [part] : [] };
  };

  switch (type) {
    case 'text': {
      const parts = arr(content.parts);
      if (parts.every((p) => typeof p === 'string')) return plain(parts.join('\n'));
      return multimodal(parts, role, toolCall ? recipient : undefined, authorName, metadata, where, ctx);
    }
    case 'multimodal_text':
      return multimodal(arr(content.parts), role, toolCall ? recipient : undefined, authorName, metadata, where, ctx);
    case 'code': {
      const code = typeof content.text === 'string' ? content.text : '';
      if (toolCall) return { text: code.trim(), parts: [{ type: 'tool-call', toolName: recipient!, input: code }] };
      const language = str(content.language);
      return {
        text: code.trim(),
        parts: [compact({ type: 'code', code, language: language === 'unknown' ? undefined : language })],
      };
    }
    case 'execution_output': {
      const output = (typeof content.text === 'string' ? content.text : '').trim();
      return { text: output, parts: [compact(toolResult(authorName ?? 'python', output))] };
    }
    case 'tether_browsing_display': {
      const output = joinText([str(content.result), str(content.summary)]);
      return { text: output, parts: [compact(toolResult(authorName, output))] };
    }
    case 'tether_quote':
    case 'sonic_webpage': {
      const output = (str(content.text) ?? str(content.snippet) ?? '').trim();
      return {
        text: output,
        parts: [compact({ ...toolResult(authorName, output), title: str(content.title), url: str(content.url) })],
      };
    }
    case 'system_error': {
      const output = (str(content.text) ?? '').trim();
      return {
        text: output,
        parts: [compact({ ...toolResult(str(content.name) ?? authorName, output), isError: true })],
      };
    }
    case 'thoughts': {
      const parts: ImportedPart[] = [];
      for (const thought of arr(content.thoughts)) {
        if (!isObject(thought)) continue;
        const text = (str(thought.content) ?? '').trim();
        const title = str(thought.summary)?.trim();
        if (text || title) parts.push(compact({ type: 'reasoning', text, title }));
      }
      const text = joinText(parts.map((p) => (p.type === 'reasoning' ? joinText([p.title, p.text], '\n') : '')));
      return { text, parts };
    }
    case 'reasoning_recap': {
      const text = (str(content.content) ?? '').trim();
      return { text, parts: text ? [{ type: 'reasoning', text }] : [] };
    }
    case 'user_editable_context':
      return plainContext(joinText([str(content.user_profile), str(content.user_instructions)]));
    case 'model_editable_context':
      return plainContext(joinText([str(content.model_set_context), str(content.repository)]));
    default: {
      // A content type newer than this reader: keep whatever text it carries, say so once.
      const strings = arr(content.parts).filter((p): p is string => typeof p === 'string');
      const text = strings.length ? strings.join('\n') : (str(content.text) ?? str(content.result) ?? '');
      if (!text.trim()) {
        ctx.skip(where, `its content type "${type}" is not one Tessera reads and holds no text`);
        return undefined;
      }
      ctx.tally(
        `chatgpt-type:${type}`,
        (n) =>
          `${plural(n, 'message')} of content type "${type}", unknown to Tessera: ${verb(n, 'its', 'their')} text was kept`,
        where,
      );
      return plain(text);
    }
  }
}

function plainContext(text: string): { text: string; parts: ImportedPart[] } {
  return { text, parts: text ? [{ type: 'text', text }] : [] };
}

function toolResult(toolName: string | undefined, output: string) {
  return { type: 'tool-result' as const, toolName, output };
}

function multimodal(
  items: readonly unknown[],
  role: ImportedRole,
  toolCallTo: string | undefined,
  authorName: string | undefined,
  metadata: JsonObject,
  where: string,
  ctx: ImportContext,
): { text: string; parts: ImportedPart[] } {
  const parts: ImportedPart[] = [];
  const texts: string[] = [];
  const addText = (text: string) => {
    const trimmed = text.trim();
    if (!trimmed) return;
    texts.push(text);
    if (toolCallTo) parts.push({ type: 'tool-call', toolName: toolCallTo, input: text });
    else if (role === 'tool') parts.push(compact(toolResult(authorName, trimmed)));
    else {
      const citations = readCitations(text, metadata);
      parts.push(compact({ type: 'text', text: trimmed, citations: citations.length ? citations : undefined }));
    }
  };
  items.forEach((item, i) => {
    if (typeof item === 'string') {
      addText(item);
      return;
    }
    if (!isObject(item)) return;
    const type = str(item.content_type);
    switch (type) {
      case 'image_asset_pointer':
        parts.push(asset(ctx, 'image-reference', item));
        return;
      case 'audio_asset_pointer':
      case 'video_container_asset_pointer':
        parts.push(asset(ctx, 'attachment', item));
        return;
      case 'audio_transcription':
        addText(str(item.text) ?? '');
        return;
      case 'real_time_user_audio_video_asset_pointer': {
        for (const nested of [
          item.audio_asset_pointer,
          item.video_container_asset_pointer,
          ...arr(item.frames_asset_pointers),
        ]) {
          if (!isObject(nested)) continue;
          const kind = str(nested.content_type) === 'image_asset_pointer' ? 'image-reference' : 'attachment';
          parts.push(asset(ctx, kind, nested));
        }
        return;
      }
      default: {
        const text = str(item.text);
        if (text) {
          addText(text);
          return;
        }
        ctx.skip(`${where} › part ${i + 1}`, `its part type "${type ?? 'unnamed'}" is not one Tessera reads`);
      }
    }
  });
  return { text: texts.join('\n').trim(), parts };
}

/** An asset pointer (`file-service://file-…`, `sediment://file_…`) as a reference, named and located when the ZIP can. */
function asset(ctx: ImportContext, type: 'image-reference' | 'attachment', item: JsonObject): ImportedPart {
  const ref = str(item.asset_pointer);
  const resolved = ref ? ctx.assets?.resolve(ref) : undefined;
  const metadata = isObject(item.metadata) ? item.metadata : {};
  const dalle = isObject(metadata.dalle) ? metadata.dalle : {};
  const format = str(item.format);
  const base = {
    ref,
    name: resolved?.name,
    sizeBytes: num(item.size_bytes),
    archivePath: resolved?.archivePath,
  };
  if (type === 'image-reference') {
    return compact({
      type,
      ...base,
      width: num(item.width),
      height: num(item.height),
      prompt: str(dalle.prompt),
    });
  }
  return compact({ type, ...base, mimeType: format ? `audio/${format}` : undefined });
}

/** `metadata.attachments` (files the user uploaded): merged into the image that shows them, added otherwise. */
function addAttachments(parts: ImportedPart[], metadata: JsonObject, ctx: ImportContext): void {
  for (const attachment of arr(metadata.attachments)) {
    if (!isObject(attachment)) continue;
    const id = str(attachment.id);
    const name = str(attachment.name);
    const mimeType = str(attachment.mime_type) ?? str(attachment.mimeType);
    const sizeBytes = num(attachment.size);
    const shown = id
      ? parts.find(
          (p) =>
            (p.type === 'image-reference' || p.type === 'attachment') && p.ref !== undefined && assetId(p.ref) === id,
        )
      : undefined;
    if (shown && (shown.type === 'image-reference' || shown.type === 'attachment')) {
      shown.name ??= name;
      shown.mimeType ??= mimeType;
      shown.sizeBytes ??= sizeBytes;
      continue;
    }
    const resolved = id ? ctx.assets?.resolve(id) : undefined;
    parts.push(
      compact({
        type: 'attachment' as const,
        ref: id,
        name: name ?? resolved?.name,
        mimeType,
        sizeBytes,
        archivePath: resolved?.archivePath,
      }),
    );
  }
}

/** `file-service://file-abc` → `file-abc`; `sediment://file_00ab` → `file_00ab`. */
export function assetId(ref: string): string {
  const at = ref.indexOf('://');
  return at >= 0 ? ref.slice(at + 3) : ref;
}

/** Citations: the older `citations` (character ranges) and the newer `content_references` (matched text). */
function readCitations(text: string, metadata: JsonObject): ImportedCitation[] {
  const out: ImportedCitation[] = [];
  for (const citation of arr(metadata.citations)) {
    if (!isObject(citation)) continue;
    const meta = isObject(citation.metadata) ? citation.metadata : {};
    const start = num(citation.start_ix);
    const end = num(citation.end_ix);
    const marker = start !== undefined && end !== undefined && end > start ? text.slice(start, end) : undefined;
    out.push(compact({ marker: marker || undefined, title: str(meta.title), url: str(meta.url) }));
  }
  for (const reference of arr(metadata.content_references)) {
    if (!isObject(reference)) continue;
    const marker = str(reference.matched_text);
    const items = arr(reference.items).filter(isObject);
    if (!items.length && !str(reference.url)) continue;
    for (const item of items.length ? items : [reference]) {
      out.push(compact({ marker, title: str(item.title), url: str(item.url) }));
    }
  }
  return out;
}
