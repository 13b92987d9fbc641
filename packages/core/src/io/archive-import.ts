import type { AcuApi } from '../acu/api.js';
import { type Acu, acuSchema } from '../acu/schema.js';
import { parsePublicKey } from '../acu/signing.js';
import { TesseraError } from '../errors/tessera-error.js';
import type { TesseraEvents } from '../events/tessera-events.js';
import type { ConversationRecord, MessageRecord } from '../store/schema.js';
import type { StoreAdapter } from '../store/store-adapter.js';
import { conversationWhere } from './context.js';
import { ACU_ARCHIVE_FORMAT, ACU_ARCHIVE_VERSION, acuArchiveSchema, parentFirst } from './export/archive.js';
import type { ImportProgress } from './import.js';
import type { SkippedItem } from './imported.js';
import type { ImportInput } from './read-input.js';
import { HIDDEN_TAG } from './store-import.js';
import { looksLikeZip, openZip } from './zip.js';

/**
 * Tessera's version-2 archive (`export({ format: 'json' })`, or `archive.json` in the export ZIP)
 * imported as it is: its ACUs keep their ids, hashes and signatures (nothing is re-sealed), each
 * verified with the archive's public key (then trusted) before it is stored. An ACU that fails
 * verification, or whose parent was not kept, is skipped with the reason.
 */

/** How an export written by `export()` starts (the format and version come first). */
const ARCHIVE_HEAD = /^\s*\{\s*"format"\s*:\s*"tessera-archive"\s*,\s*"version"\s*:\s*2\s*[,}]/;
const HEAD_BYTES = 256;

function isArchiveValue(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { format?: unknown }).format === ACU_ARCHIVE_FORMAT &&
    (value as { version?: unknown }).version === ACU_ARCHIVE_VERSION
  );
}

function parseJsonArchive(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return isArchiveValue(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

async function fromBytes(head: Uint8Array, all: () => Promise<Uint8Array>, zip: () => Promise<unknown>) {
  if (looksLikeZip(head)) return zip();
  const text = new TextDecoder().decode(head);
  if (!ARCHIVE_HEAD.test(text)) return undefined;
  return parseJsonArchive(new TextDecoder().decode(await all()));
}

async function fromZip(input: Blob | Uint8Array): Promise<unknown> {
  try {
    const entries = await openZip(input);
    const archive = entries.find((e) => e.path === 'archive.json');
    if (!archive || !entries.some((e) => e.path === 'manifest.json')) return undefined;
    return parseJsonArchive(new TextDecoder().decode(await archive.read()));
  } catch {
    return undefined;
  }
}

/**
 * The version-2 archive the input holds, or undefined when it is anything else (then `parseImport`
 * reads it). Only the head of a file is read to decide, so a large provider export is not loaded here.
 */
export async function readAcuArchive(input: ImportInput): Promise<unknown> {
  if (typeof input === 'string')
    return ARCHIVE_HEAD.test(input.slice(0, HEAD_BYTES)) ? parseJsonArchive(input) : undefined;
  if (typeof Blob !== 'undefined' && input instanceof Blob) {
    const head = new Uint8Array(await input.slice(0, HEAD_BYTES).arrayBuffer());
    return fromBytes(
      head,
      async () => new Uint8Array(await input.arrayBuffer()),
      () => fromZip(input),
    );
  }
  if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) {
    const bytes =
      input instanceof ArrayBuffer
        ? new Uint8Array(input)
        : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    return fromBytes(
      bytes.subarray(0, HEAD_BYTES),
      async () => bytes,
      () => fromZip(bytes),
    );
  }
  if (Array.isArray(input)) return input.length === 1 ? readAcuArchive(input[0] as ImportInput) : undefined;
  return isArchiveValue(input) ? input : undefined;
}

export interface ArchiveImportDependencies {
  acu: AcuApi;
  events?: TesseraEvents | undefined;
}

export interface ArchiveImportResult {
  conversationIds: string[];
  acus: number;
  branches: number;
  skipped: SkippedItem[];
  warnings: string[];
}

function recordOf(acu: Acu): MessageRecord {
  const reasoning = acu.content.parts
    .filter((p) => p.type === 'reasoning')
    .map((p) => p.text)
    .filter((t) => t.length > 0)
    .join('\n\n');
  return {
    id: acu.id,
    conversationId: acu.metadata.conversationId,
    parentId: acu.provenance.parentId,
    role: acu.content.role === 'tool' ? 'assistant' : acu.content.role,
    text: acu.content.text,
    ...(reasoning ? { reasoning } : {}),
    ...(acu.content.provider ? { provider: acu.content.provider } : {}),
    ...(acu.content.model ? { model: acu.content.model } : {}),
    status: acu.content.status,
    acuId: acu.id,
    createdAt: acu.createdAt,
    updatedAt: acu.createdAt,
  };
}

/** Stores a version-2 archive's ACUs unchanged. Throws `validation` (writing nothing) for a damaged frame or key. */
export async function importAcuArchive(
  store: StoreAdapter,
  deps: ArchiveImportDependencies,
  value: unknown,
  options: { signal?: AbortSignal | undefined; onProgress?: ((progress: ImportProgress) => void) | undefined } = {},
): Promise<ArchiveImportResult> {
  const parsed = acuArchiveSchema.safeParse(value);
  if (!parsed.success) {
    throw new TesseraError(
      'validation',
      'This Tessera archive is damaged: its structure is not valid. Export it again.',
      {
        details: parsed.error.issues.slice(0, 5).map((i) => ({ path: i.path.join('.'), message: i.message })),
      },
    );
  }
  const archive = parsed.data;
  let publicKey: ReturnType<typeof parsePublicKey>;
  try {
    publicKey = parsePublicKey(archive.owner.publicKey);
  } catch (cause) {
    throw new TesseraError('validation', 'This Tessera archive has no valid public key: its ACUs cannot be verified.', {
      cause,
    });
  }
  deps.acu.trust(publicKey);

  const result: ArchiveImportResult = { conversationIds: [], acus: 0, branches: 0, skipped: [], warnings: [] };
  let messages = 0;
  for (let index = 0; index < archive.conversations.length; index++) {
    if (options.signal?.aborted) {
      throw new TesseraError('aborted', 'The import was stopped before it finished.', { cause: options.signal.reason });
    }
    const conversation = archive.conversations[index] as (typeof archive.conversations)[number];
    const where = conversationWhere(conversation.title, conversation.id);
    if (await store.getConversation(conversation.id)) {
      result.skipped.push({ where, why: 'this conversation is already in the store' });
      continue;
    }
    const verified: Acu[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < conversation.acus.length; i++) {
      const raw = conversation.acus[i];
      const rawId = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
      const at = `${where} › ACU ${typeof rawId === 'string' ? rawId : `#${i + 1}`}`;
      const check = await deps.acu.verify(raw);
      if (!check.ok) {
        result.skipped.push({
          where: at,
          why: `failed verification (${check.reason} at ${check.field}): ${check.message}`,
        });
        continue;
      }
      const acu = acuSchema.parse(raw);
      if (acu.metadata.conversationId !== conversation.id) {
        result.skipped.push({ where: at, why: 'it belongs to another conversation' });
      } else if (seen.has(acu.id)) {
        result.skipped.push({ where: at, why: 'the same ACU appears again; the first copy was kept' });
      } else {
        seen.add(acu.id);
        verified.push(acu);
      }
    }
    // Chain: an ACU is kept only if its parent is kept and its parentHash is that parent's hash.
    const kept = new Map<string, Acu>();
    for (const acu of parentFirst(verified)) {
      const { parentId, parentHash } = acu.provenance;
      const parent = parentId === null ? undefined : kept.get(parentId);
      if (parentId !== null && !parent) {
        result.skipped.push({
          where: `${where} › ACU ${acu.id}`,
          why: `its parent ${parentId} is missing or was skipped`,
        });
      } else if (parent && parent.provenance.hash !== parentHash) {
        result.skipped.push({ where: `${where} › ACU ${acu.id}`, why: "its parentHash is not its parent's hash" });
      } else {
        kept.set(acu.id, acu);
      }
    }
    if (conversation.acus.length > 0 && kept.size === 0) {
      result.skipped.push({ where, why: 'none of its ACUs could be verified' });
      continue;
    }
    const acus = [...kept.values()];
    let updatedAt = conversation.createdAt;
    for (const acu of acus) if (acu.createdAt > updatedAt) updatedAt = acu.createdAt;
    const record: ConversationRecord = {
      id: conversation.id,
      title: conversation.title,
      createdAt: conversation.createdAt,
      updatedAt,
    };
    await store.putAcus(acus);
    for (const acu of acus) await store.putMessage(recordOf(acu));
    await store.putConversation(record);
    deps.events?.emit('conversation-saved', record);
    const hidden = acus.filter((a) => a.metadata.tags.includes(HIDDEN_TAG)).length;
    if (hidden > 0) result.warnings.push(`${where}: ${hidden} hidden message(s) kept, tagged "${HIDDEN_TAG}".`);
    result.conversationIds.push(conversation.id);
    result.acus += acus.length;
    messages += acus.length;
    const sizes = new Map<string | null, number>();
    for (const acu of acus) sizes.set(acu.provenance.parentId, (sizes.get(acu.provenance.parentId) ?? 0) + 1);
    for (const size of sizes.values()) if (size > 1) result.branches++;
    options.onProgress?.({
      conversations: result.conversationIds.length,
      messages,
      done: index + 1,
      total: archive.conversations.length,
      conversationId: conversation.id,
    });
  }
  return result;
}
