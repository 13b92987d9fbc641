import type * as z from 'zod/mini';
import { type ImportContext, plural } from '../context.js';
import type { ArrayItem, ExportDocument } from '../document.js';
import type { ImportedConversation, ImportedPart, ImportFormat } from '../imported.js';
import { isObject, type JsonObject } from '../values.js';

/**
 * One export format: `detect` claims a document by its structure (never its file name), `read`
 * yields its conversations one at a time and reports through the context everything it leaves out.
 * `read` is a generator so a large file is never held as conversations all at once.
 */
export interface FormatReader {
  format: ImportFormat;
  detect(doc: ExportDocument): boolean;
  read(doc: ExportDocument, ctx: ImportContext): Iterable<ImportedConversation>;
}

/** The values a document holds at the top: its array's elements, one wrapped array, or the one object. */
export function* topItems(doc: ExportDocument, wrapperKey?: string): Generator<ArrayItem> {
  if (doc.kind === 'array') {
    yield* doc.items();
    return;
  }
  if (doc.kind === 'lines') {
    yield* doc.lines;
    return;
  }
  if (doc.kind !== 'value') return;
  const wrapped = wrapperKey && isObject(doc.value) ? doc.value[wrapperKey] : undefined;
  if (Array.isArray(wrapped)) {
    for (let i = 0; i < wrapped.length; i++) yield { index: i, value: wrapped[i], end: doc.size };
    return;
  }
  yield { index: 0, value: doc.value, end: doc.size };
}

/**
 * The top-level objects a reader takes (see `topItems`), with their index: an item that is not
 * valid JSON, not an object, or not one `accepts` takes is skipped through the context, `what`
 * saying what it is not ("not a LibreChat conversation").
 */
export function* topObjects(
  doc: ExportDocument,
  ctx: ImportContext,
  what: string,
  options: { wrapperKey?: string; accepts?: (value: JsonObject) => boolean } = {},
): Generator<{ index: number; value: JsonObject }> {
  for (const item of topItems(doc, options.wrapperKey)) {
    if (item.error !== undefined) {
      ctx.skip(itemWhere(item.index), `not valid JSON (${item.error})`);
      continue;
    }
    if (!isObject(item.value) || (options.accepts && !options.accepts(item.value))) {
      ctx.skip(itemWhere(item.index), what);
      continue;
    }
    yield { index: item.index, value: item.value };
  }
}

/** The first few objects a document starts with, for detection. */
export function probeObjects(doc: ExportDocument, wrapperKey?: string): JsonObject[] {
  if (doc.kind === 'array') return doc.probe.filter(isObject);
  if (doc.kind === 'value') {
    const wrapped = wrapperKey && isObject(doc.value) ? doc.value[wrapperKey] : undefined;
    if (Array.isArray(wrapped)) return wrapped.slice(0, 5).filter(isObject);
    return isObject(doc.value) ? [doc.value] : [];
  }
  return [];
}

/** Where an item sits in its file, for items with no id of their own. */
export function itemWhere(index: number): string {
  return `item ${index + 1}`;
}

/** A zod failure in words: which fields, and what they should have been. */
export function issuesText(error: z.core.$ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const path = issue.path.length ? `\`${issue.path.map(String).join('.')}\`` : 'it';
      if (issue.code === 'invalid_type') {
        return `${path} ${issue.input === undefined ? 'is missing' : `is not a ${issue.expected}`}`;
      }
      return `${path} is not valid`;
    })
    .join('; ');
}

/** The text of a message with no answer text of its own: its reasoning, tool call, tool result or code. */
export function fallbackText(parts: readonly ImportedPart[]): string {
  const pieces: string[] = [];
  for (const part of parts) {
    const piece =
      part.type === 'reasoning'
        ? part.text
        : part.type === 'tool-call'
          ? part.input
          : part.type === 'tool-result'
            ? part.output
            : part.type === 'code'
              ? part.code
              : undefined;
    const trimmed = piece?.trim();
    if (trimmed) pieces.push(trimmed);
  }
  return pieces.join('\n\n');
}

/** The text parts' texts joined; a message's text when the source has no single text field. */
export function textOfParts(parts: readonly ImportedPart[]): string {
  const pieces: string[] = [];
  for (const part of parts) if (part.type === 'text' && part.text) pieces.push(part.text);
  return pieces.join('\n\n').trim() || fallbackText(parts);
}

/** Tally an image or attachment the export refers to without its bytes. */
export function noteMissingBytes(ctx: ImportContext, part: ImportedPart, where: string): void {
  if ((part.type === 'image-reference' || part.type === 'attachment') && part.archivePath === undefined) {
    ctx.tally(
      'no-bytes',
      (n) =>
        `${plural(n, 'image or attachment', 'images and attachments')} ${n === 1 ? 'is' : 'are'} referenced without ${n === 1 ? 'its' : 'their'} bytes (the input does not include the file; its name and details were imported)`,
      where,
    );
  }
}
