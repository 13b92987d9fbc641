import { compact, conversationWhere, finishConversation, type ImportContext, messageWhere } from '../context.js';
import type { ExportDocument } from '../document.js';
import type { ImportedConversation, ImportedMessage, ImportedRole } from '../imported.js';
import { compareTimes, stableId } from '../values.js';
import type { FormatReader } from './format.js';

/**
 * Microsoft Copilot's export from the privacy dashboard: CSV `Conversation,Time,Author,Message`,
 * newest first, an answer (`AI`) sharing its prompt's (`Human`) timestamp. Rows are grouped by
 * the conversation's name, the only key the file has, and ordered by time, the prompt first.
 * Times carry no zone and are read as UTC (the report says so).
 */

const HEADER = ['conversation', 'time', 'author', 'message'];

export const copilot: FormatReader = {
  format: 'copilot',
  detect(doc) {
    return doc.kind === 'csv' && HEADER.every((name, i) => doc.rows[0]?.[i]?.trim().toLowerCase() === name);
  },
  read: readCopilot,
};

function* readCopilot(doc: ExportDocument, ctx: ImportContext): Generator<ImportedConversation> {
  if (doc.kind !== 'csv') return;
  const groups = new Map<string, { row: string[]; line: number }[]>();
  doc.rows.slice(1).forEach((row, i) => {
    const line = i + 2;
    if (row.length < 4) {
      ctx.skip(`row ${line}`, `it has ${row.length} of the 4 columns`);
      return;
    }
    const name = row[0]!;
    const group = groups.get(name) ?? [];
    group.push({ row, line });
    groups.set(name, group);
  });
  for (const [title, rows] of groups) {
    const id = stableId('copilot', title);
    const where = conversationWhere(title, id);
    const dated = rows.map(({ row, line }) => ({ row, line, time: ctx.time(row[1]) }));
    const order = (author: string) => (author.toLowerCase() === 'human' ? 0 : 1);
    dated.sort((a, b) => compareTimes(a.time, b.time) || order(a.row[2]!) - order(b.row[2]!) || b.line - a.line);
    const messages: ImportedMessage[] = [];
    let previous: string | null = null;
    const used = new Set<string>();
    for (const { row, line, time } of dated) {
      const author = row[2]!.trim();
      const role: ImportedRole | undefined = /^(human|user)$/i.test(author)
        ? 'user'
        : /^(ai|copilot|assistant)$/i.test(author)
          ? 'assistant'
          : undefined;
      let sourceId = stableId('copilot-message', title, row[1], author, row[3]);
      while (used.has(sourceId)) sourceId = `${sourceId}+`;
      used.add(sourceId);
      if (!role) {
        ctx.skip(`row ${line} (${messageWhere(where, sourceId)})`, `its author "${author}" is neither Human nor AI`);
        continue;
      }
      const text = row[3]!.trim();
      messages.push(
        compact({
          sourceId,
          parentSourceId: previous,
          role,
          text,
          parts: text ? [{ type: 'text' as const, text }] : [],
          createdAt: time,
        }),
      );
      previous = sourceId;
    }
    const conversation = finishConversation(
      ctx,
      compact({ sourceId: id, title, createdAt: messages[0]?.createdAt, updatedAt: messages.at(-1)?.createdAt }),
      messages,
      where,
    );
    if (conversation) yield conversation;
  }
}
