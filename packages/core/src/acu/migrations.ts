/**
 * ACU schema migrations, from day one. Every stored or imported record goes through `migrateAcu`,
 * which recognizes its version and upgrades it step by step to the current one.
 *
 * Versions:
 * - v0: the message record the store kept before ACUs (`MessageRecord` in store/schema.ts,
 *   frozen below): unhashed, unsigned, no `schemaVersion`. Upgrading it seals it, so it needs the owner's
 *   signer and the already-upgraded parent.
 * - v1: `acuSchema` (schema.ts).
 *
 * Rules for a future v2: add a step `1: (record) => v2Record`; keep the v1 hashed view reproducible
 * from a v2 record (or keep v1 records as they are and verify them by their version), because the
 * owner's signature over a v1 hash cannot be redone without the owner's key.
 */
import * as z from 'zod/mini';
import { TesseraError } from '../errors/tessera-error.js';
import { parseOrThrow } from '../errors/validation.js';
import { uuidv7 } from '../ids/uuid-v7.js';
import { createAcu } from './create.js';
import { ACU_SCHEMA_VERSION, type Acu, type AcuPart, acuIdSchema, acuSchema } from './schema.js';
import type { AcuSigner } from './signing.js';

/**
 * v0 as it was, frozen here: a migration must keep reading old records even after the module that
 * defined them has moved on. Loose objects, since old records may carry fields nobody reads now.
 */
const messageRecordV0Schema = z.object({
  id: z.string().check(z.minLength(1)),
  conversationId: z.string().check(z.minLength(1)),
  parentId: z.nullable(z.string()),
  role: z.enum(['system', 'user', 'assistant']),
  text: z.string(),
  reasoning: z.optional(z.string()),
  provider: z.optional(z.string()),
  model: z.optional(z.string()),
  status: z.enum(['complete', 'streaming', 'incomplete', 'error']),
  error: z.optional(z.object({ code: z.string(), message: z.string() })),
  usage: z.optional(
    z.object({
      inputTokens: z.number(),
      cachedInputTokens: z.number(),
      outputTokens: z.number(),
      reasoningTokens: z.number(),
    }),
  ),
  cost: z.optional(z.number()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
type MessageRecordV0 = z.infer<typeof messageRecordV0Schema>;

/** What upgrading a record may need: the owner's signer, and the parent already upgraded. */
export interface MigrationContext {
  /** Seals records that were never signed (v0). Must be the owner's. */
  signer?: AcuSigner;
  /** The upgraded ACU for a parent id of the record being upgraded (v0 records name their parent by id). */
  parent?: (parentId: string) => Acu | undefined | Promise<Acu | undefined>;
}

type Step = (record: unknown, context: MigrationContext) => Promise<unknown>;

function count(value: number): number {
  return Math.max(0, Math.round(value));
}

/**
 * v0 → v1. `streaming` (the app ended mid-answer) and `error` (nothing usable arrived) become
 * `incomplete`: nothing is dropped. Not carried over: `updatedAt` (an ACU never changes), `cost`
 * (derived from tokens and the dated price table, so not frozen into a signed record) and `error`
 * (the failure notice, not the message).
 */
async function v0ToV1(record: unknown, context: MigrationContext): Promise<Acu> {
  const old: MessageRecordV0 = parseOrThrow(messageRecordV0Schema, record, 'saved message');
  const { signer } = context;
  if (!signer) {
    throw new TesseraError('validation', "Older messages can only be upgraded with their owner's signing key.");
  }
  let parent: Acu | undefined;
  if (old.parentId !== null) {
    parent = await context.parent?.(old.parentId);
    if (!parent) {
      throw new TesseraError('validation', `Upgrade message ${old.parentId} first: message ${old.id} follows it.`);
    }
  }
  const parts: AcuPart[] = [];
  if (old.reasoning) parts.push({ type: 'reasoning', text: old.reasoning });
  if (old.text) parts.push({ type: 'text', text: old.text });
  const createdMs = Date.parse(old.createdAt);
  if (Number.isNaN(createdMs)) {
    throw new TesseraError('validation', `Message ${old.id} has no valid creation date, so it cannot be sealed.`);
  }
  const createdAt = new Date(createdMs).toISOString();
  // v0 ids are already UUIDv7 (uuidv7()); keep them, so links from elsewhere still resolve.
  const keepId = acuIdSchema.safeParse(old.id).success;
  return createAcu(
    {
      id: keepId ? old.id : uuidv7(createdMs),
      createdAt,
      content: {
        role: old.role,
        text: old.text,
        parts,
        ...(old.model ? { model: old.model } : {}),
        ...(old.provider ? { provider: old.provider } : {}),
        ...(old.usage
          ? {
              tokens: {
                input: count(old.usage.inputTokens),
                output: count(old.usage.outputTokens),
                cachedInput: count(old.usage.cachedInputTokens),
                reasoning: count(old.usage.reasoningTokens),
              },
            }
          : {}),
        status: old.status === 'complete' ? 'complete' : 'incomplete',
      },
      metadata: {
        conversationId: old.conversationId,
        ...(keepId ? {} : { importedFrom: { format: 'tessera-message-v0', id: old.id } }),
      },
    },
    { signer, parent: parent ?? null },
  );
}

/** Upgrade steps by the version they start from; each returns a record of the next version. */
const STEPS: Readonly<Record<number, Step>> = { 0: v0ToV1 };

/**
 * The schema version of a stored record: its `schemaVersion`, or 0 for a pre-ACU message record,
 * or `undefined` for something that is neither.
 */
export function acuVersionOf(record: unknown): number | undefined {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return undefined;
  const version = (record as { schemaVersion?: unknown }).schemaVersion;
  if (version === undefined) return messageRecordV0Schema.safeParse(record).success ? 0 : undefined;
  return typeof version === 'number' && Number.isInteger(version) && version >= 0 ? version : undefined;
}

/**
 * Upgrades any known version of a record to the current ACU (v1), validated. A current record is
 * only validated (not re-signed: verify it with `verifyAcu`). Throws a `validation` TesseraError for
 * a record of a newer version (update Tessera), or one that is no known version at all.
 */
export async function migrateAcu(record: unknown, context: MigrationContext = {}): Promise<Acu> {
  let version = acuVersionOf(record);
  if (version === undefined) {
    throw new TesseraError('validation', 'This is not a Tessera message record of any known version.');
  }
  if (version > ACU_SCHEMA_VERSION) {
    throw new TesseraError(
      'validation',
      `This message was saved by a newer version of Tessera (record version ${version}; this one reads up to ${ACU_SCHEMA_VERSION}): update Tessera to open it.`,
    );
  }
  let current = record;
  while (version < ACU_SCHEMA_VERSION) {
    const step = STEPS[version];
    if (!step) throw new TesseraError('validation', `Records of version ${version} can no longer be upgraded.`);
    current = await step(current, context);
    version++;
  }
  return parseOrThrow(acuSchema, current, 'ACU');
}

/**
 * Upgrades a conversation's records (any order, any mix of versions), parents before children,
 * so every upgraded v0 record chains to its upgraded parent. Returns the ACUs in input order.
 * A v0 record whose parent is neither in the list nor given by `context.parent` is an error: its
 * chain cannot be built.
 */
export async function migrateAcus(records: readonly unknown[], context: MigrationContext = {}): Promise<Acu[]> {
  const field = (value: unknown, key: string): unknown =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  const parentIdOf = (record: unknown): unknown =>
    field(record, 'parentId') ?? field(field(record, 'provenance'), 'parentId');

  const indexById = new Map<string, number>();
  records.forEach((record, index) => {
    const id = field(record, 'id');
    if (typeof id === 'string' && !indexById.has(id)) indexById.set(id, index);
  });
  // Parents first, by walking down from the records whose parent is not in the list. Iterative, so a
  // long conversation cannot overflow the stack.
  const children = new Map<number, number[]>();
  const queue: number[] = [];
  records.forEach((record, index) => {
    const parentId = parentIdOf(record);
    const parentIndex = typeof parentId === 'string' ? indexById.get(parentId) : undefined;
    if (parentIndex === undefined || parentIndex === index) queue.push(index);
    else children.set(parentIndex, [...(children.get(parentIndex) ?? []), index]);
  });

  const upgraded = new Map<string, Acu>();
  const out: (Acu | undefined)[] = records.map(() => undefined);
  const parent = (parentId: string) => upgraded.get(parentId) ?? context.parent?.(parentId);
  for (let next = 0; next < queue.length; next++) {
    const index = queue[next]!;
    const acu = await migrateAcu(records[index], { ...context, parent });
    out[index] = acu;
    const oldId = field(records[index], 'id');
    if (typeof oldId === 'string') upgraded.set(oldId, acu);
    queue.push(...(children.get(index) ?? []));
  }
  const stuck = out.indexOf(undefined);
  if (stuck !== -1) {
    throw new TesseraError(
      'validation',
      `Message ${String(field(records[stuck], 'id'))} is its own ancestor: these records form a loop.`,
    );
  }
  return out as Acu[];
}
