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
import { arr, compareTimes, isObject, type JsonObject, label, looksLikeImage, stableId, str } from '../values.js';
import { type FormatReader, itemWhere, noteMissingBytes, probeObjects, topObjects } from './format.js';

/**
 * Gemini Apps activity from Google Takeout (`My Activity/Gemini Apps/MyActivity.json`, a path
 * that is localized). It is an activity log, not a chat export: one row per exchange, newest
 * first, the prompt in `title` behind a localized prefix ("Prompted …", "送信したメッセージ: …"),
 * the answer as HTML in `safeHtmlItem[]`. Rows are grouped into conversations only where Google
 * gives a pointer (`titleUrl` on gemini.google.com); every other row is a conversation of its own,
 * never stitched to its neighbours by time. The answer stays HTML (a text part with `format:
 * 'html'`); titles are not invented (`''`). Rows that are not exchanges (a canvas created, a draft
 * preferred) are reported as skipped.
 */

/** Prefixes Google puts before the user's words, by locale. Unknown ones leave the title whole. */
const PROMPT_PREFIXES = [
  'Prompted ',
  'Asked ',
  'Said ',
  'Submitted query ',
  '送信したメッセージ: ',
  'Υποβλήθηκε το ερώτημα ',
  'Has dicho: ',
  'Hiciste la petición ',
];

function isActivityRow(row: JsonObject): boolean {
  return typeof row.title === 'string' && ('time' in row || 'header' in row);
}

function onGeminiHost(url: unknown): boolean {
  if (typeof url !== 'string') return false;
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host === 'gemini.google.com' || host === 'bard.google.com';
  } catch {
    return false;
  }
}

/** Google names the product in `header` and `products` (translated, but the name itself survives), or links to Gemini. */
function namesGemini(row: JsonObject): boolean {
  const named = [row.header, ...arr(row.products)]
    .filter((v) => typeof v === 'string')
    .join(' ')
    .toLowerCase();
  return named.includes('gemini') || named.includes('bard') || onGeminiHost(row.titleUrl);
}

/** A Takeout activity log of any product (the detector says so when it is not Gemini's). */
export function isGoogleActivity(doc: ExportDocument): boolean {
  const probe = doc.kind === 'array' ? doc.probe.filter(isObject) : [];
  return probe.length > 0 && probe.every(isActivityRow);
}

export const gemini: FormatReader = {
  format: 'gemini',
  detect(doc) {
    return isGoogleActivity(doc) && probeObjects(doc).some(namesGemini);
  },
  read: readGemini,
};

function answerHtml(row: JsonObject): string[] {
  return arr(row.safeHtmlItem)
    .map((item) => (isObject(item) ? (str(item.html)?.trim() ?? '') : ''))
    .filter(Boolean);
}

function stripPrefix(title: string): string | undefined {
  for (const prefix of PROMPT_PREFIXES) if (title.startsWith(prefix)) return title.slice(prefix.length).trim();
  return undefined;
}

/** Google's conversation pointer: the last path segment of a gemini.google.com link (`/app/c/<id>`, `/app/<id>`). */
function threadOf(row: JsonObject): string | undefined {
  if (!onGeminiHost(row.titleUrl)) return undefined;
  const path = new URL(row.titleUrl as string).pathname.replace(/\/+$/, '');
  const last = path.slice(path.lastIndexOf('/') + 1);
  return last && last.toLowerCase() !== 'app' ? last : undefined;
}

interface Row {
  id: string;
  time: string | undefined;
  prompt: string;
  answers: string[];
  raw: JsonObject;
}

function* readGemini(doc: ExportDocument, ctx: ImportContext): Generator<ImportedConversation> {
  // Rows of one conversation are scattered through the log (newest first), so all are read before
  // any is grouped. An activity log is small next to a ChatGPT export: one row per exchange.
  const threads = new Map<string, Row[]>();
  const alone: Row[] = [];
  for (const item of topObjects(doc, ctx, 'not a Takeout activity row', { accepts: isActivityRow })) {
    const row = item.value;
    const title = row.title as string;
    if (!namesGemini(row)) {
      ctx.skip(`${itemWhere(item.index)} "${label(title)}"`, 'activity of another Google product, not Gemini Apps');
      continue;
    }
    const answers = answerHtml(row);
    const prompt = stripPrefix(title);
    if (prompt === undefined && answers.length === 0) {
      ctx.skip(
        `${itemWhere(item.index)} "${label(title)}"`,
        'Gemini activity that is not an exchange (no prompt and no answer: a canvas, a draft choice, feedback)',
      );
      continue;
    }
    if (prompt === undefined) {
      ctx.tally(
        'gemini-prefix',
        (n) => `${plural(n, 'prompt')} kept Google’s prefix (its language is not one Tessera knows how to remove)`,
        `"${label(title, 40)}"`,
      );
    }
    const time = ctx.time(row.time);
    const parsed: Row = {
      id: stableId('gemini', row.time, title),
      time,
      prompt: prompt ?? title.trim(),
      answers,
      raw: row,
    };
    const thread = threadOf(row);
    if (thread) {
      const rows = threads.get(thread) ?? [];
      rows.push(parsed);
      threads.set(thread, rows);
    } else alone.push(parsed);
  }
  for (const [thread, rows] of threads) {
    const conversation = build(thread, rows, ctx);
    if (conversation) yield conversation;
  }
  for (const row of alone) {
    const conversation = build(row.id, [row], ctx);
    if (conversation) yield conversation;
  }
}

function build(id: string, rows: Row[], ctx: ImportContext): ImportedConversation | undefined {
  rows.sort((a, b) => compareTimes(a.time, b.time));
  const where = conversationWhere('', id);
  const messages: ImportedMessage[] = [];
  let previous: string | null = null;
  for (const row of rows) {
    if (arr(row.raw.subtitles).length) {
      ctx.tally(
        'gemini-subtitles',
        (n) =>
          `${plural(n, 'row')} ${verb(n, 'carries', 'carry')} \`subtitles\`, whose meaning is not settled; ${verb(n, 'it was', 'they were')} not read`,
      );
    }
    const promptParts: ImportedPart[] = row.prompt ? [{ type: 'text', text: row.prompt }] : [];
    for (const file of arr(row.raw.attachedFiles)) {
      const name = isObject(file) ? str(file.name) : str(file);
      if (name) promptParts.push({ type: looksLikeImage(name) ? 'image-reference' : 'attachment', name });
    }
    const image = str(row.raw.imageFile);
    if (image) promptParts.push({ type: 'image-reference', name: image });
    const promptId = `${row.id}:prompt`;
    for (const part of promptParts) noteMissingBytes(ctx, part, messageWhere(where, promptId));
    messages.push(
      compact({
        sourceId: promptId,
        parentSourceId: previous,
        role: 'user' as const,
        text: row.prompt,
        parts: promptParts,
        createdAt: row.time,
      }),
    );
    previous = promptId;
    if (row.answers.length === 0) {
      ctx.tally(
        'gemini-no-answer',
        (n) => `${plural(n, 'prompt')} came without an answer (Google did not keep it); the prompt alone was imported`,
        messageWhere(where, promptId),
      );
      continue;
    }
    // Several safeHtmlItem entries are pieces of one answer; each stays its own part.
    const answerId = `${row.id}:answer`;
    messages.push(
      compact({
        sourceId: answerId,
        parentSourceId: promptId,
        role: 'assistant' as const,
        text: row.answers.join('\n'),
        parts: row.answers.map((html) => ({ type: 'text' as const, text: html, format: 'html' as const })),
        createdAt: row.time,
      }),
    );
    previous = answerId;
  }
  return finishConversation(
    ctx,
    compact({ sourceId: id, title: '', createdAt: rows[0]?.time, updatedAt: rows[rows.length - 1]?.time }),
    messages,
    where,
  );
}
