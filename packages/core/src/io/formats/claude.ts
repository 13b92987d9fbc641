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
import {
  arr,
  asText,
  compareTimes,
  isObject,
  type JsonObject,
  label,
  looksLikeImage,
  num,
  stableId,
  str,
} from '../values.js';
import { type FormatReader, noteMissingBytes, probeObjects, textOfParts, topObjects } from './format.js';

/**
 * Claude's export: `conversations.json` (an array of conversations with `chat_messages`), and the
 * files beside it that this reader also recognizes: `memories.json` (both shapes; imported as
 * memories, not conversations), design chats (`design_chats/<uuid>.json`, a second dialect), and
 * projects (reported, not imported). `content[]` blocks are preferred over `text`; branches come
 * from `parent_message_uuid`; the array is ordered by time (it is not chronological in exports),
 * a human turn before the answer that shares its timestamp.
 */

type Shape = 'conversation' | 'design-chat' | 'memories' | 'memory-entry' | 'project';

function shapeOf(value: JsonObject): Shape | undefined {
  if (Array.isArray(value.chat_messages)) return 'conversation';
  if ('conversations_memory' in value || Array.isArray(value.memory_files)) return 'memories';
  if (Array.isArray(value.messages) && ('uuid' in value || 'project' in value)) {
    const first = value.messages.find(isObject);
    if (!first || ('uuid' in first && 'role' in first)) return 'design-chat';
  }
  if (typeof value.uuid === 'string' && (Array.isArray(value.docs) || 'prompt_template' in value)) return 'project';
  if (typeof value.uuid === 'string' && typeof value.content === 'string' && !('sender' in value)) {
    return 'memory-entry';
  }
  return undefined;
}

export const claude: FormatReader = {
  format: 'claude',
  detect(doc) {
    const shapes = probeObjects(doc).map(shapeOf);
    if (shapes.some((shape) => shape !== undefined && shape !== 'memory-entry')) return true;
    // The older memories.json is rows of { uuid, content }: claimed only when every row is one.
    return shapes.length > 0 && shapes.every((shape) => shape === 'memory-entry');
  },
  read: readClaude,
};

const ROOT_PARENT = /^0{8}-0{4}-[0-9a-f]0{3}-[0-9a-f]?0{3,4}-0{12}$/i;

function* readClaude(doc: ExportDocument, ctx: ImportContext): Generator<ImportedConversation> {
  const accepts = (value: JsonObject) => shapeOf(value) !== undefined;
  for (const item of topObjects(doc, ctx, 'not a Claude conversation, memory or project', { accepts })) {
    const value = item.value;
    const shape = shapeOf(value)!;
    if (shape === 'memories' || shape === 'memory-entry') {
      readMemories(value, item.index, ctx);
      continue;
    }
    if (shape === 'project') {
      const docs = arr(value.docs).length;
      ctx.skip(
        `project "${label(str(value.name))}" (${value.uuid})`,
        `a Claude project (its instructions and ${plural(docs, 'document')}), not a conversation: projects are not imported`,
      );
      continue;
    }
    const conversation = shape === 'conversation' ? readConversation(value, ctx) : readDesignChat(value, ctx);
    if (conversation) yield conversation;
  }
}

function conversationMeta(raw: JsonObject, titleKey: 'name' | 'title', ctx: ImportContext) {
  const title = typeof raw[titleKey] === 'string' ? (raw[titleKey] as string) : '';
  const project = isObject(raw.project) ? raw.project : {};
  const id = str(raw.uuid) ?? stableId('claude', raw.created_at, title);
  return {
    where: conversationWhere(title, id),
    meta: compact({
      sourceId: id,
      title,
      createdAt: ctx.time(raw.created_at),
      updatedAt: ctx.time(raw.updated_at),
      projectId: str(project.uuid) ?? str(raw.project_uuid),
      projectName: str(project.name),
    }),
  };
}

function readConversation(raw: JsonObject, ctx: ImportContext): ImportedConversation | undefined {
  const { where, meta } = conversationMeta(raw, 'name', ctx);
  const rows: { message: ImportedMessage; parent: unknown; index: number }[] = [];
  arr(raw.chat_messages).forEach((m, index) => {
    if (!isObject(m)) {
      ctx.skip(`${where} › message ${index + 1}`, 'not a message object');
      return;
    }
    const id = str(m.uuid) ?? stableId('claude-message', meta.sourceId, m.created_at, m.sender, index);
    const message = convertMessage(m, id, messageWhere(where, id), ctx);
    if (message) rows.push({ message, parent: m.parent_message_uuid, index });
  });
  // Exports do not list messages in order; a human turn and its answer often share a timestamp.
  // Undated messages keep their place relative to each other.
  rows.sort(
    (a, b) =>
      compareTimes(a.message.createdAt, b.message.createdAt) ||
      (a.message.createdAt ? rank(a.message.role) - rank(b.message.role) : 0) ||
      a.index - b.index,
  );
  const messages: ImportedMessage[] = rows.map((row, i) => {
    const previous = i > 0 ? rows[i - 1]!.message.sourceId : null;
    // Without `parent_message_uuid` (older exports, or one message lacking it) a message follows the one before it.
    const parent = typeof row.parent === 'string' ? (ROOT_PARENT.test(row.parent) ? null : row.parent) : previous;
    row.message.parentSourceId = parent;
    return row.message;
  });
  return finishConversation(ctx, meta, messages, where);
}

const rank = (role: ImportedRole) => (role === 'user' ? 0 : 1);

function convertMessage(m: JsonObject, id: string, where: string, ctx: ImportContext): ImportedMessage | undefined {
  const sender = str(m.sender);
  const role: ImportedRole | undefined = sender === 'human' ? 'user' : sender === 'assistant' ? 'assistant' : undefined;
  if (!role) {
    ctx.skip(where, `its sender "${sender ?? 'none'}" is neither human nor assistant`);
    return undefined;
  }
  const fallback = typeof m.text === 'string' ? m.text : undefined;
  const parts: ImportedPart[] = [];
  const texts: string[] = [];
  const unknown: { index: number; type: string }[] = [];
  arr(m.content).forEach((block, index) => {
    if (!isObject(block)) return;
    const type = str(block.type) ?? 'unnamed';
    if (!readBlock(block, type, parts, texts)) unknown.push({ index, type });
  });
  let text = texts.join('\n\n').trim();
  const fromBlocks = parts.length > 0;
  if (!fromBlocks && fallback !== undefined) {
    text = fallback.trim();
    parts.push(...textWithMarkup(fallback));
  }
  for (const { index, type } of unknown) {
    ctx.skip(
      `${where} › content[${index}]`,
      `its block type "${type}" is not one Tessera reads${!fromBlocks && fallback ? '; the message’s `text` was imported instead' : ''}`,
    );
  }
  for (const file of readFiles(m)) parts.push(file);
  for (const part of parts) noteMissingBytes(ctx, part, where);
  return compact({
    sourceId: id,
    parentSourceId: null,
    role,
    text: text || textOfParts(parts),
    parts,
    createdAt: ctx.time(m.created_at),
    updatedAt: ctx.time(m.updated_at),
  });
}

/** One `content[]` block into parts; `false` for a block type this reader does not know. */
function readBlock(block: JsonObject, type: string, parts: ImportedPart[], texts: string[]): boolean {
  switch (type) {
    case 'text': {
      const text = typeof block.text === 'string' ? block.text : '';
      texts.push(text);
      const own = textWithMarkup(text);
      const citations = readCitations(block.citations);
      const first = own.find((p) => p.type === 'text');
      if (first && first.type === 'text' && citations.length) first.citations = citations;
      parts.push(...own);
      return true;
    }
    case 'thinking': {
      const text = (str(block.thinking) ?? '').trim();
      const summary = arr(block.summaries).find(isObject);
      if (text) parts.push(compact({ type: 'reasoning' as const, text, title: str(summary?.summary) }));
      return true;
    }
    case 'tool_use':
      parts.push(
        compact({
          type: 'tool-call' as const,
          toolName: str(block.name) ?? 'tool',
          callId: str(block.id),
          input: asText(block.input),
        }),
      );
      return true;
    case 'tool_result': {
      const content = block.content;
      const output =
        typeof content === 'string'
          ? content
          : arr(content)
              .map((c) => (isObject(c) ? (str(c.text) ?? '') : ''))
              .filter(Boolean)
              .join('\n');
      parts.push(
        compact({
          type: 'tool-result' as const,
          toolName: str(block.name),
          callId: str(block.tool_use_id),
          output: output.trim(),
          isError: block.is_error === true ? true : undefined,
        }),
      );
      return true;
    }
    case 'image':
      parts.push(compact({ type: 'image-reference' as const, ref: str(block.file_uuid) ?? str(block.uuid) }));
      return true;
    case 'voice_note': {
      const text = str(block.text) ?? str(block.transcript);
      if (text) {
        texts.push(text);
        parts.push({ type: 'text', text: text.trim() });
      }
      return true;
    }
    case 'token_budget':
      // Bookkeeping of the model's context budget: no content to import.
      return true;
    default:
      return false;
  }
}

function readCitations(value: unknown): ImportedCitation[] {
  const out: ImportedCitation[] = [];
  for (const citation of arr(value)) {
    if (!isObject(citation)) continue;
    const details = isObject(citation.details) ? citation.details : {};
    const url = str(citation.url) ?? str(details.url);
    const title = str(citation.title) ?? str(details.title);
    if (url || title) out.push(compact({ url, title }));
  }
  return out;
}

const MARKUP = /<antThinking>([\s\S]*?)<\/antThinking>|<antArtifact\b([^>]*)>([\s\S]*?)<\/antArtifact>/g;
const ATTRIBUTE = /([\w-]+)="([^"]*)"/g;

/**
 * Text as parts, with the inline markup Claude's older answers carry recognized: `<antThinking>`
 * as reasoning, `<antArtifact>` as code. The message's `text` keeps the markup; only parts split it.
 */
export function textWithMarkup(text: string): ImportedPart[] {
  const parts: ImportedPart[] = [];
  const pushText = (piece: string) => {
    const trimmed = piece.trim();
    if (trimmed) parts.push({ type: 'text', text: trimmed });
  };
  let last = 0;
  for (const match of text.matchAll(MARKUP)) {
    pushText(text.slice(last, match.index));
    last = match.index + match[0].length;
    if (match[1] !== undefined) {
      const thinking = match[1].trim();
      if (thinking) parts.push({ type: 'reasoning', text: thinking });
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const [, name, value] of (match[2] ?? '').matchAll(ATTRIBUTE)) attributes[name!] = value!;
    parts.push(
      compact({
        type: 'code' as const,
        code: (match[3] ?? '').replace(/^\r?\n/, '').replace(/\r?\n$/, ''),
        language: attributes.language ?? languageOf(attributes.type),
        title: attributes.title,
        id: attributes.identifier,
      }),
    );
  }
  pushText(text.slice(last));
  return parts;
}

const ARTIFACT_TYPES: Record<string, string> = {
  'text/html': 'html',
  'text/markdown': 'markdown',
  'image/svg+xml': 'svg',
  'application/vnd.ant.mermaid': 'mermaid',
  'application/vnd.ant.react': 'jsx',
};

function languageOf(type: string | undefined): string | undefined {
  if (!type) return undefined;
  return ARTIFACT_TYPES[type] ?? (type === 'application/vnd.ant.code' ? undefined : type);
}

/** `attachments` (text Claude extracted, kept) and `files`/`files_v2` (uploads, names only). */
function readFiles(m: JsonObject): ImportedPart[] {
  const parts: ImportedPart[] = [];
  for (const attachment of arr(m.attachments)) {
    if (!isObject(attachment)) continue;
    const fileType = str(attachment.file_type);
    parts.push(
      compact({
        type: 'attachment' as const,
        ref: str(attachment.id),
        name: str(attachment.file_name),
        mimeType: fileType?.includes('/') ? fileType : undefined,
        sizeBytes: num(attachment.file_size),
        extractedText: str(attachment.extracted_content),
      }),
    );
  }
  const files = Array.isArray(m.files_v2) && m.files_v2.length ? m.files_v2 : arr(m.files);
  for (const file of files) {
    if (!isObject(file)) continue;
    const name = str(file.file_name);
    const image = str(file.file_kind) === 'image' || looksLikeImage(name);
    parts.push(
      compact({ type: image ? ('image-reference' as const) : ('attachment' as const), ref: str(file.file_uuid), name }),
    );
  }
  return parts;
}

function readDesignChat(raw: JsonObject, ctx: ImportContext): ImportedConversation | undefined {
  const { where, meta } = conversationMeta(raw, 'title', ctx);
  const messages: ImportedMessage[] = [];
  let previous: string | null = null;
  arr(raw.messages).forEach((m, index) => {
    if (!isObject(m)) {
      ctx.skip(`${where} › message ${index + 1}`, 'not a message object');
      return;
    }
    const inner = isObject(m.content) ? m.content : {};
    const id = str(m.uuid) ?? str(inner.id) ?? stableId('claude-design', meta.sourceId, index);
    const mWhere = messageWhere(where, id);
    const roleName = str(m.role) ?? str(inner.role);
    const role: ImportedRole | undefined =
      roleName === 'user'
        ? 'user'
        : roleName === 'assistant'
          ? 'assistant'
          : roleName === 'system'
            ? 'system'
            : undefined;
    if (!role) {
      ctx.skip(mWhere, `its role "${roleName ?? 'none'}" is not one Tessera knows`);
      return;
    }
    const parts: ImportedPart[] = [];
    const own = typeof inner.content === 'string' ? inner.content : typeof m.content === 'string' ? m.content : '';
    if (own.trim()) parts.push({ type: 'text', text: own.trim() });
    arr(inner.contentBlocks).forEach((block, b) => {
      if (!isObject(block)) return;
      const type = str(block.type) ?? 'unnamed';
      if (type === 'thinking' || type === 'text') {
        const text = (str(block.text) ?? str(block.thinking) ?? '').trim();
        if (text) parts.push(type === 'text' ? { type: 'text', text } : { type: 'reasoning', text });
      } else if (type === 'tool_call' && isObject(block.toolCall)) {
        const call = block.toolCall;
        const toolName = str(call.name) ?? 'tool';
        parts.push(compact({ type: 'tool-call' as const, toolName, callId: str(call.id), input: asText(call.input) }));
        if (call.output !== undefined && call.output !== null) {
          parts.push(
            compact({ type: 'tool-result' as const, toolName, callId: str(call.id), output: asText(call.output) }),
          );
        }
      } else if (type === 'error') {
        ctx.tally(
          'claude-design-error',
          (n) =>
            `${plural(n, 'message')} ${verb(n, 'carries', 'carry')} an error the provider recorded (the answer failed)`,
          `${mWhere}: ${str(block.message) ?? 'error'}`,
        );
      } else {
        ctx.skip(`${mWhere} › contentBlocks[${b}]`, `its block type "${type}" is not one Tessera reads`);
      }
    });
    for (const attachment of arr(inner.attachments)) {
      if (!isObject(attachment)) continue;
      const name = str(attachment.name);
      const image = str(attachment.type) === 'image' || looksLikeImage(name);
      parts.push(
        image
          ? compact({ type: 'image-reference' as const, ref: str(attachment.id), name })
          : compact({
              type: 'attachment' as const,
              ref: str(attachment.id),
              name,
              extractedText: str(attachment.content),
            }),
      );
    }
    for (const part of parts) noteMissingBytes(ctx, part, mWhere);
    messages.push(
      compact({
        sourceId: id,
        parentSourceId: previous,
        role,
        text: own.trim() || textOfParts(parts),
        parts,
        createdAt: ctx.time(m.created_at) ?? ctx.time(inner.timestamp),
      }),
    );
    previous = id;
  });
  return finishConversation(ctx, meta, messages, where);
}

function readMemories(value: JsonObject, index: number, ctx: ImportContext): void {
  const account = str(value.account_uuid) ?? 'account';
  if ('conversations_memory' in value || 'memory_files' in value) {
    const summary = str(value.conversations_memory);
    if (summary) {
      ctx.memories.push({ sourceId: `${account}:conversations_memory`, kind: 'summary', text: summary.trim() });
    }
    arr(value.memory_files).forEach((file, i) => {
      if (!isObject(file) || typeof file.content !== 'string') {
        ctx.skip(`memories › memory_files[${i}]`, 'not a memory file with content');
        return;
      }
      const path = str(file.path);
      ctx.memories.push(
        compact({ sourceId: `${account}:${path ?? i}`, kind: 'file' as const, path, text: file.content.trim() }),
      );
    });
    if (isObject(value.project_memories)) {
      for (const [project, text] of Object.entries(value.project_memories)) {
        if (typeof text === 'string' && text.trim()) {
          ctx.memories.push({
            sourceId: `${account}:project:${project}`,
            kind: 'summary',
            title: project,
            text: text.trim(),
          });
        }
      }
    }
    return;
  }
  ctx.memories.push(
    compact({
      sourceId: str(value.uuid) ?? stableId('claude-memory', index),
      kind: 'entry' as const,
      title: str(value.title),
      text: String(value.content).trim(),
      createdAt: ctx.time(value.created_at),
      updatedAt: ctx.time(value.updated_at),
    }),
  );
}
