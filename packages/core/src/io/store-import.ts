import type { AcuApi } from '../acu/api.js';
import type { AcuDraft } from '../acu/create.js';
import type { Acu, AcuPart } from '../acu/schema.js';
import type { TesseraEvents } from '../events/tessera-events.js';
import { uuidv7 } from '../ids/uuid-v7.js';
import type { ConversationRecord, MessageRecord } from '../store/schema.js';
import type { StoreAdapter } from '../store/store-adapter.js';
import { conversationWhere } from './context.js';
import type { ImportedConversation, ImportedMessage, ImportFormat, SkippedItem } from './imported.js';

/**
 * Turning the neutral model into owned records: one ConversationRecord per imported conversation,
 * one MessageRecord and one sealed ACU per message (every branch), the ACUs stored in one batch
 * per conversation.
 *
 * Decisions:
 * - ids: each message gets a new UUIDv7 (from the source's time), shared by its MessageRecord and
 *   its ACU, as chat does, so both name one message.
 * - `tool` messages keep the role `tool` in their ACU (the ACU schema has it); their MessageRecord,
 *   whose schema has no `tool`, is stored as `assistant` (a warning says how many).
 * - hidden messages (system prompts, custom instructions, tool noise) are kept, their ACU tagged
 *   `hidden` (tags are not hashed, so a user can unhide one later without breaking the chain).
 * - parts: ACU v1 parts are `text` and `reasoning` only; other parts (code, images, attachments,
 *   tool calls and results) live on in `content.text` as the source exported it; a warning says
 *   how many parts were not kept as structure. A source `error` status seals as `incomplete`.
 */

/** The tag an imported message the source did not show carries. */
export const HIDDEN_TAG = 'hidden';

export interface StoreImportDependencies {
  acu: AcuApi;
  events?: TesseraEvents | undefined;
}

export interface StoredConversation {
  conversationId: string;
  acus: number;
  branches: number;
}

/** A source time as the ACU schema spells it (UTC `Z`), or undefined for what is no time. */
function utc(time: string | undefined): string | undefined {
  if (time === undefined) return undefined;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function acuPartsOf(message: ImportedMessage): { parts: AcuPart[]; dropped: number } {
  const parts: AcuPart[] = [];
  let dropped = 0;
  for (const part of message.parts) {
    if (part.type === 'text') parts.push({ type: 'text', text: part.text });
    else if (part.type === 'reasoning') parts.push({ type: 'reasoning', text: part.text });
    else dropped++;
  }
  if (!parts.some((p) => p.type === 'text') && message.text.length > 0 && (dropped > 0 || parts.length === 0)) {
    parts.push({ type: 'text', text: message.text });
  }
  return { parts, dropped };
}

export function countSiblingSets(parents: Iterable<string | null>): number {
  const sizes = new Map<string | null, number>();
  for (const parent of parents) sizes.set(parent, (sizes.get(parent) ?? 0) + 1);
  let branches = 0;
  for (const size of sizes.values()) if (size > 1) branches++;
  return branches;
}

/**
 * Writes one imported conversation: its record, its messages and its ACUs (sealed parent first,
 * chained to their parent's ACU, stored with one `putAcus`). Returns the new conversation's id.
 */
export async function storeImportedConversation(
  store: StoreAdapter,
  deps: StoreImportDependencies,
  format: ImportFormat,
  conversation: ImportedConversation,
  warnings: string[],
): Promise<StoredConversation> {
  const where = conversationWhere(conversation.title, conversation.sourceId);
  const now = new Date().toISOString();
  const conversationId = uuidv7();
  const sealed = new Map<string, { acu: Acu; record: MessageRecord }>();
  const acus: Acu[] = [];
  const records: MessageRecord[] = [];
  let tools = 0;
  let droppedParts = 0;
  let orphans = 0;
  let undated = 0;

  for (const message of conversation.messages) {
    let parent = message.parentSourceId === null ? undefined : sealed.get(message.parentSourceId);
    if (message.parentSourceId !== null && !parent) {
      orphans++;
      parent = undefined;
    }
    const source = utc(message.createdAt);
    if (source === undefined) undated++;
    const createdAt = source ?? now;
    const id = uuidv7(Date.parse(createdAt));
    const { parts, dropped } = acuPartsOf(message);
    droppedParts += dropped;
    if (message.role === 'tool') tools++;
    const draft: AcuDraft = {
      id,
      createdAt,
      content: {
        role: message.role,
        text: message.text,
        parts,
        ...(message.model ? { model: message.model } : {}),
        status: message.status ? 'incomplete' : 'complete',
      },
      metadata: {
        conversationId,
        ...(message.hidden ? { tags: [HIDDEN_TAG] } : {}),
        importedFrom: { format, id: message.sourceId },
      },
    };
    const acu = await deps.acu.create(draft, { parent: parent?.acu ?? null });
    const reasoning = parts
      .filter((p) => p.type === 'reasoning')
      .map((p) => p.text)
      .filter((t) => t.length > 0)
      .join('\n\n');
    const record: MessageRecord = {
      id,
      conversationId,
      parentId: parent?.record.id ?? null,
      role: message.role === 'tool' ? 'assistant' : message.role,
      text: message.text,
      ...(reasoning ? { reasoning } : {}),
      ...(message.model ? { model: message.model } : {}),
      status: message.status ?? 'complete',
      acuId: acu.id,
      createdAt,
      updatedAt: utc(message.updatedAt) ?? createdAt,
    };
    sealed.set(message.sourceId, { acu, record });
    acus.push(acu);
    records.push(record);
  }

  const first = records[0]?.createdAt;
  const last = records.reduce<string | undefined>(
    (max, r) => (!max || r.createdAt > max ? r.createdAt : max),
    undefined,
  );
  const createdAt = utc(conversation.createdAt) ?? first ?? now;
  const record: ConversationRecord = {
    id: conversationId,
    title: conversation.title,
    createdAt,
    updatedAt: utc(conversation.updatedAt) ?? last ?? createdAt,
  };
  // ACUs first, in one batch; then the records that point to them; the conversation last, so a
  // conversation that is listed has everything it needs.
  await store.putAcus(acus);
  for (const message of records) await store.putMessage(message);
  await store.putConversation(record);
  deps.events?.emit('conversation-saved', record);

  if (tools > 0)
    warnings.push(`${where}: ${tools} tool message(s) kept as ACUs with role "tool", listed as assistant messages.`);
  if (droppedParts > 0) {
    warnings.push(
      `${where}: ${droppedParts} part(s) (code, images, attachments, tool calls or results) kept as text only, not as structure.`,
    );
  }
  if (orphans > 0) warnings.push(`${where}: ${orphans} message(s) whose parent was not imported start a new branch.`);
  if (undated > 0) warnings.push(`${where}: ${undated} message(s) without a time are dated at the import.`);
  return { conversationId, acus: acus.length, branches: countSiblingSets(records.map((r) => r.parentId)) };
}

export type { SkippedItem };
