import { compact, conversationWhere, finishConversation, type ImportContext, messageWhere } from '../context.js';
import type { ExportDocument } from '../document.js';
import type { ImportedConversation, ImportedMessage, ImportedPart, ImportedRole } from '../imported.js';
import { arr, isObject, type JsonObject, stableId, str } from '../values.js';
import { type FormatReader, itemWhere, noteMissingBytes, probeObjects, textOfParts, topItems } from './format.js';

/**
 * A Google AI Studio prompt as saved to Drive: `{ chunkedPrompt: { chunks: [{ role, text }] },
 * systemInstruction, runSettings }`. Chunks marked `isThought` are the model's reasoning and stay
 * messages of their own. The file carries no times; its Drive file name is its title, which the
 * JSON does not hold.
 */

function isAiStudio(value: JsonObject): boolean {
  return isObject(value.chunkedPrompt) && Array.isArray(value.chunkedPrompt.chunks);
}

export const aistudio: FormatReader = {
  format: 'aistudio',
  detect(doc) {
    return probeObjects(doc).some(isAiStudio);
  },
  read: readAiStudio,
};

function* readAiStudio(doc: ExportDocument, ctx: ImportContext): Generator<ImportedConversation> {
  for (const item of topItems(doc)) {
    if (!isObject(item.value) || !isAiStudio(item.value)) {
      ctx.skip(itemWhere(item.index), 'not an AI Studio prompt');
      continue;
    }
    const conversation = readPrompt(item.value, ctx);
    if (conversation) yield conversation;
  }
}

function readPrompt(raw: JsonObject, ctx: ImportContext): ImportedConversation | undefined {
  const chunks = arr((raw.chunkedPrompt as JsonObject).chunks);
  const title = str(raw.title) ?? str(raw.name) ?? '';
  const first = chunks.find(isObject);
  const id = str(raw.id) ?? stableId('aistudio', title, first?.text, chunks.length);
  const where = conversationWhere(title, id);
  const settings = isObject(raw.runSettings) ? raw.runSettings : {};
  const model = str(settings.model);
  const messages: ImportedMessage[] = [];
  let previous: string | null = null;
  const system = isObject(raw.systemInstruction) ? str(raw.systemInstruction.text)?.trim() : undefined;
  if (system) {
    const sourceId = `${id}:system`;
    messages.push({
      sourceId,
      parentSourceId: null,
      role: 'system',
      text: system,
      parts: [{ type: 'text', text: system }],
    });
    previous = sourceId;
  }
  chunks.forEach((chunk, index) => {
    if (!isObject(chunk)) {
      ctx.skip(`${where} › chunk ${index + 1}`, 'not a chunk object');
      return;
    }
    const sourceId = str(chunk.id) ?? `${id}:${index}`;
    const roleName = str(chunk.role);
    const role: ImportedRole | undefined =
      roleName === 'user' ? 'user' : roleName === 'model' ? 'assistant' : undefined;
    if (!role) {
      ctx.skip(messageWhere(where, sourceId), `its role "${roleName ?? 'none'}" is not user or model`);
      return;
    }
    const text = (str(chunk.text) ?? '').trim();
    const parts: ImportedPart[] = [];
    if (text) parts.push(chunk.isThought === true ? { type: 'reasoning', text } : { type: 'text', text });
    for (const key of ['driveImage', 'inlineImage', 'driveDocument', 'driveVideo', 'youtubeVideo'] as const) {
      const file = chunk[key];
      if (!isObject(file)) continue;
      const part: ImportedPart = compact({
        type: key === 'driveImage' || key === 'inlineImage' ? ('image-reference' as const) : ('attachment' as const),
        ref: str(file.id) ?? str(file.url),
        mimeType: str(file.mimeType),
      });
      parts.push(part);
      noteMissingBytes(ctx, part, messageWhere(where, sourceId));
    }
    messages.push(
      compact({
        sourceId,
        parentSourceId: previous,
        role,
        text: text || textOfParts(parts),
        parts,
        model: role === 'assistant' ? model : undefined,
        status: str(chunk.finishReason) === 'MAX_TOKENS' ? ('incomplete' as const) : undefined,
      }),
    );
    previous = sourceId;
  });
  return finishConversation(ctx, { sourceId: id, title }, messages, where);
}
