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
import type {
  ImportedCitation,
  ImportedConversation,
  ImportedMessage,
  ImportedPart,
  ImportedRole,
} from '../imported.js';
import { arr, asText, isObject, type JsonObject, looksLikeImage, num, stableId, str } from '../values.js';
import { type FormatReader, noteMissingBytes, probeObjects, textOfParts, topObjects } from './format.js';

/**
 * Open WebUI's chat export: an array of `{ id, title, chat: { history: { messages, currentId } } }`.
 * `history.messages` is the whole tree (`parentId`, `childrenIds`); older chats only have the
 * linear `chat.messages`. Reasoning and tool calls are inline `<details>` HTML in `content` (kept
 * in the text, as exported) and, in newer versions, structured in `output[]` too, which is
 * preferred for parts.
 */

function isOpenWebUiChat(value: JsonObject): boolean {
  const chat = value.chat;
  return isObject(chat) && (isObject(chat.history) || Array.isArray(chat.messages));
}

export const openwebui: FormatReader = {
  format: 'openwebui',
  detect(doc) {
    return probeObjects(doc).some(isOpenWebUiChat);
  },
  read: readOpenWebUi,
};

const ROLES: Record<string, ImportedRole> = { user: 'user', assistant: 'assistant', system: 'system', tool: 'tool' };

function* readOpenWebUi(doc: ExportDocument, ctx: ImportContext): Generator<ImportedConversation> {
  for (const item of topObjects(doc, ctx, 'not an Open WebUI chat', { accepts: isOpenWebUiChat })) {
    const conversation = readChat(item.value, ctx);
    if (conversation) yield conversation;
  }
}

function readChat(raw: JsonObject, ctx: ImportContext): ImportedConversation | undefined {
  const chat = raw.chat as JsonObject;
  const title = str(raw.title) ?? str(chat.title) ?? '';
  const id = str(raw.id) ?? str(chat.id) ?? stableId('openwebui', raw.created_at, title);
  const where = conversationWhere(title, id);
  const history = isObject(chat.history) ? chat.history : undefined;
  const listed: JsonObject[] = [];
  if (history && isObject(history.messages)) {
    for (const [key, m] of Object.entries(history.messages)) {
      if (isObject(m)) listed.push(str(m.id) ? m : { ...m, id: key });
      else ctx.skip(messageWhere(where, key), 'not a message object');
    }
  } else {
    // Linear only: each message follows the one before unless it names its parent.
    let previous: string | null = null;
    arr(chat.messages).forEach((m, i) => {
      if (!isObject(m)) {
        ctx.skip(`${where} › message ${i + 1}`, 'not a message object');
        return;
      }
      const withId = str(m.id) ? m : { ...m, id: stableId('openwebui-message', id, i) };
      listed.push('parentId' in withId ? withId : { ...withId, parentId: previous });
      previous = withId.id as string;
    });
  }
  const messages: ImportedMessage[] = [];
  for (const m of listed) {
    const message = convert(m, messageWhere(where, m.id as string), ctx);
    if (message) messages.push(message);
  }
  return finishConversation(
    ctx,
    compact({
      sourceId: id,
      title,
      createdAt: ctx.time(raw.created_at),
      updatedAt: ctx.time(raw.updated_at),
      projectId: str(raw.folder_id),
      activeLeafSourceId: history ? str(history.currentId) : undefined,
    }),
    messages,
    where,
  );
}

function convert(m: JsonObject, where: string, ctx: ImportContext): ImportedMessage | undefined {
  const role = ROLES[str(m.role) ?? ''];
  if (!role) {
    ctx.skip(where, `its role "${str(m.role) ?? 'none'}" is not one Tessera knows`);
    return undefined;
  }
  const content = typeof m.content === 'string' ? m.content : textOf(m.content);
  const parts = Array.isArray(m.output) && m.output.length ? fromOutput(m.output) : fromContent(content);
  const citations = readSources(m.sources ?? m.citations);
  const firstText = parts.find((p) => p.type === 'text');
  if (citations.length) {
    if (firstText && firstText.type === 'text') firstText.citations = citations;
    else parts.push({ type: 'text', text: '', citations });
  }
  for (const file of arr(m.files)) {
    const part = readFile(file, ctx, where);
    if (part) parts.push(part);
  }
  for (const part of parts) noteMissingBytes(ctx, part, where);
  const error = m.error !== undefined && m.error !== null && m.error !== false;
  return compact({
    sourceId: m.id as string,
    parentSourceId: typeof m.parentId === 'string' ? m.parentId : null,
    role,
    text: content.trim() || textOfParts(parts),
    parts,
    createdAt: ctx.time(m.timestamp),
    model: str(m.model) ?? (role === 'assistant' ? str(arr(m.models)[0]) : undefined),
    status: error ? ('error' as const) : m.done === false ? ('incomplete' as const) : undefined,
  });
}

function textOf(value: unknown): string {
  return arr(value)
    .map((c) => (typeof c === 'string' ? c : isObject(c) ? (str(c.text) ?? '') : ''))
    .join('');
}

/** Newer Open WebUI: `output[]` in the Responses API's shape. */
function fromOutput(output: unknown[]): ImportedPart[] {
  const parts: ImportedPart[] = [];
  const toolNames = new Map<string, string>();
  for (const item of output) {
    if (!isObject(item)) continue;
    switch (item.type) {
      case 'reasoning': {
        const text = textOf(item.content).trim() || textOf(item.summary).trim();
        if (text) parts.push({ type: 'reasoning', text });
        break;
      }
      case 'function_call': {
        const toolName = str(item.name) ?? 'tool';
        const callId = str(item.call_id) ?? str(item.id);
        if (callId) toolNames.set(callId, toolName);
        parts.push(compact({ type: 'tool-call' as const, toolName, callId, input: asText(item.arguments) }));
        break;
      }
      case 'function_call_output': {
        const callId = str(item.call_id);
        const output = typeof item.output === 'string' ? item.output : textOf(item.output);
        parts.push(
          compact({
            type: 'tool-result' as const,
            toolName: callId ? toolNames.get(callId) : undefined,
            callId,
            output: output.trim(),
          }),
        );
        break;
      }
      case 'message': {
        const text = textOf(item.content).trim();
        if (text) parts.push({ type: 'text', text });
        break;
      }
    }
  }
  return parts;
}

const DETAILS = /<details\b([^>]*)>([\s\S]*?)<\/details>/g;
const ATTRIBUTE = /([\w-]+)="([^"]*)"/g;

/** Older Open WebUI: reasoning and tool calls as `<details type="…">` blocks inside `content`. */
function fromContent(content: string): ImportedPart[] {
  const parts: ImportedPart[] = [];
  const pushText = (piece: string) => {
    const text = piece.trim();
    if (text) parts.push({ type: 'text', text });
  };
  let last = 0;
  for (const match of content.matchAll(DETAILS)) {
    const attributes: Record<string, string> = {};
    for (const [, name, value] of (match[1] ?? '').matchAll(ATTRIBUTE)) attributes[name!] = decodeEntities(value!);
    const body = decodeEntities((match[2] ?? '').replace(/<summary>[\s\S]*?<\/summary>/, ''))
      .replace(/^\s*> ?/gm, '')
      .trim();
    if (attributes.type === 'reasoning') {
      pushText(content.slice(last, match.index));
      if (body) parts.push({ type: 'reasoning', text: body });
    } else if (attributes.type === 'tool_calls') {
      pushText(content.slice(last, match.index));
      const toolName = attributes.name ?? 'tool';
      const callId = attributes.id;
      parts.push(compact({ type: 'tool-call' as const, toolName, callId, input: attributes.arguments ?? '' }));
      parts.push(
        compact({
          type: 'tool-result' as const,
          toolName,
          callId,
          output: (attributes.result ?? body).replace(/^"|"$/g, ''),
        }),
      );
    } else continue;
    last = match.index + match[0].length;
  }
  pushText(content.slice(last));
  return parts;
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function readSources(value: unknown): ImportedCitation[] {
  const out: ImportedCitation[] = [];
  for (const source of arr(value)) {
    if (!isObject(source)) continue;
    const inner = isObject(source.source) ? source.source : source;
    const url = str(inner.url) ?? str(arr(source.metadata).filter(isObject)[0]?.source);
    const title = str(inner.name) ?? str(inner.title);
    if (url || title) out.push(compact({ url, title }));
  }
  return out;
}

function readFile(file: unknown, ctx: ImportContext, where: string): ImportedPart | undefined {
  if (!isObject(file)) return undefined;
  const inner = isObject(file.file) ? file.file : {};
  const meta = isObject(inner.meta) ? inner.meta : {};
  const url = str(file.url);
  const name = str(file.name) ?? str(inner.filename) ?? str(meta.name);
  const mimeType = str(meta.content_type) ?? str(file.content_type);
  let ref = url;
  if (url?.startsWith('data:')) {
    // The export embeds the image itself; its bytes are not imported, only that it was there.
    ref = undefined;
    ctx.tally(
      'openwebui-data-url',
      (n) =>
        `${plural(n, 'image')} embedded in the export as data URLs ${verb(n, 'was', 'were')} not imported (only a reference)`,
      where,
    );
  }
  const image = str(file.type) === 'image' || looksLikeImage(name, mimeType);
  return compact({
    type: image ? ('image-reference' as const) : ('attachment' as const),
    ref: ref ?? str(file.id) ?? str(inner.id),
    name,
    mimeType: mimeType ?? (url?.startsWith('data:') ? url.slice(5, url.indexOf(';')) || undefined : undefined),
    sizeBytes: num(file.size) ?? num(meta.size),
  });
}
