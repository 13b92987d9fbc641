import { compact, conversationWhere, finishConversation, type ImportContext, messageWhere } from '../context.js';
import type { ExportDocument } from '../document.js';
import type { ImportedConversation, ImportedMessage, ImportedPart, ImportedRole } from '../imported.js';
import { arr, isObject, type JsonObject, stableId, str } from '../values.js';
import type { FormatReader } from './format.js';

/**
 * A SillyTavern chat (`.jsonl`): a header line `{ user_name, character_name, chat_metadata }`,
 * then one message a line `{ name, is_user, is_system, mes, send_date, swipes, swipe_id }`.
 * Swipes (alternative answers) are siblings: a branch, with the chosen one continuing the chat.
 * The chat has no id or title of its own; its id is derived from the character and first date.
 */

function isHeader(value: unknown): value is JsonObject {
  return isObject(value) && ('character_name' in value || 'user_name' in value) && !('mes' in value);
}

export const sillytavern: FormatReader = {
  format: 'sillytavern',
  detect(doc) {
    if (doc.kind !== 'lines' || !isHeader(doc.lines[0]?.value)) return false;
    const second = doc.lines[1]?.value;
    return second === undefined || (isObject(second) && 'mes' in second);
  },
  read: readSillyTavern,
};

function* readSillyTavern(doc: ExportDocument, ctx: ImportContext): Generator<ImportedConversation> {
  if (doc.kind !== 'lines') return;
  const [headerLine, ...lines] = doc.lines;
  const header = (headerLine?.value ?? {}) as JsonObject;
  const firstDate = lines.find((l) => isObject(l.value))?.value as JsonObject | undefined;
  const id = stableId('sillytavern', header.character_name, header.create_date ?? firstDate?.send_date);
  const where = conversationWhere('', id);
  const messages: ImportedMessage[] = [];
  let previous: string | null = null;
  for (const line of lines) {
    const sourceId = `${id}:${line.index}`;
    const mWhere = messageWhere(where, sourceId);
    if (line.error !== undefined || !isObject(line.value)) {
      ctx.skip(`line ${line.index + 1}`, line.error ? `not valid JSON (${line.error})` : 'not a message object');
      continue;
    }
    const m = line.value;
    if (typeof m.mes !== 'string') {
      ctx.skip(mWhere, 'it has no message text (`mes`)');
      continue;
    }
    const role: ImportedRole = m.is_user === true ? 'user' : m.is_system === true ? 'system' : 'assistant';
    const extra = isObject(m.extra) ? m.extra : {};
    const createdAt = ctx.time(m.send_date);
    const base = compact({
      role,
      createdAt,
      author: str(m.name),
      model: role === 'assistant' ? str(extra.model) : undefined,
    });
    const message = (text: string, ownId: string): ImportedMessage => {
      const parts: ImportedPart[] = [];
      const reasoning = str(extra.reasoning)?.trim();
      if (reasoning && text === m.mes) parts.push({ type: 'reasoning', text: reasoning });
      if (text.trim()) parts.push({ type: 'text', text: text.trim() });
      return { ...base, sourceId: ownId, parentSourceId: previous, text: text.trim(), parts };
    };
    const swipes = arr(m.swipes).filter((s): s is string => typeof s === 'string');
    if (role === 'assistant' && swipes.length > 1) {
      // Each swipe is an alternative answer to the same turn; the chosen one carries the chat on.
      const chosen =
        typeof m.swipe_id === 'number' && swipes[m.swipe_id] !== undefined ? m.swipe_id : swipes.indexOf(m.mes);
      let next: string | null = null;
      swipes.forEach((swipe, k) => {
        const swipeId = k === chosen ? sourceId : `${sourceId}:swipe:${k}`;
        messages.push(message(k === chosen ? (m.mes as string) : swipe, swipeId));
        if (k === chosen) next = swipeId;
      });
      if (next === null) {
        messages.push(message(m.mes, sourceId));
        next = sourceId;
      }
      previous = next;
      continue;
    }
    messages.push(message(m.mes, sourceId));
    previous = sourceId;
  }
  const conversation = finishConversation(
    ctx,
    compact({ sourceId: id, title: '', createdAt: messages[0]?.createdAt, updatedAt: messages.at(-1)?.createdAt }),
    messages,
    where,
  );
  if (conversation) yield conversation;
}
