import * as z from 'zod/mini';
import { TesseraError } from '../errors/tessera-error.js';
import { parseOrThrow } from '../errors/validation.js';
import { uuidv7 } from '../ids/uuid-v7.js';
import { toBase64Url } from './bytes.js';
import { acuSignedBytes, computeAcuHash } from './hash.js';
import {
  ACU_SCHEMA_VERSION,
  type Acu,
  type AcuContent,
  type AcuMetadata,
  acuContentSchema,
  acuIdSchema,
  acuMetadataSchema,
  acuPartSchema,
  acuPermissionsSchema,
  acuStatusSchema,
} from './schema.js';
import type { AcuSigner } from './signing.js';

/**
 * What a new ACU is made from. Everything the SDK can fill in is optional: `id` (a new UUIDv7),
 * `createdAt` (now), `parts` (one text part with `text`), `status` (`complete`), `tags` (none),
 * `permissions` (`private`). Importers pass `id`-less drafts with the source's `createdAt` and
 * `metadata.importedFrom`.
 */
export const acuDraftSchema = z.strictObject({
  id: z.optional(acuIdSchema),
  createdAt: z.optional(z.iso.datetime()),
  content: z.extend(acuContentSchema, {
    parts: z.optional(z.array(acuPartSchema)),
    status: z.optional(acuStatusSchema),
  }),
  metadata: z.extend(acuMetadataSchema, { tags: z.optional(z.array(z.string().check(z.minLength(1)))) }),
  permissions: z.optional(acuPermissionsSchema),
  forkSourceId: z.optional(acuIdSchema),
  remixOf: z.optional(z.array(acuIdSchema)),
});
export type AcuDraft = z.input<typeof acuDraftSchema>;

export interface CreateAcuOptions {
  /** The owner's signer: its `ownerId` becomes the ACU's owner, its key signs the hash. */
  signer: AcuSigner;
  /**
   * The message this one answers or follows, from the same conversation; its hash is chained into
   * this one's. Omit (or `null`) for a conversation's first message. Siblings share a parent.
   */
  parent?: Acu | null;
}

/**
 * Seals a message as an ACU: validates the draft, computes the hash of its hashed fields (chaining
 * the parent's hash) and signs it. The result is immutable by contract: changing a hashed field
 * afterwards makes it fail verification; permissions, project and tags may change.
 *
 * Throws a `validation` TesseraError for an invalid draft or a parent from another conversation.
 */
export async function createAcu(draft: AcuDraft, options: CreateAcuOptions): Promise<Acu> {
  const input = parseOrThrow(acuDraftSchema, draft, 'message');
  const { signer } = options;
  const parent = options.parent ?? null;
  if (parent && parent.metadata.conversationId !== input.metadata.conversationId) {
    throw new TesseraError(
      'validation',
      'A message can only follow a message of the same conversation: fork the conversation instead.',
    );
  }
  if (parent && input.id === parent.id) {
    throw new TesseraError('validation', 'A message cannot be its own parent.');
  }

  const createdAt = input.createdAt ?? new Date().toISOString();
  const id = input.id ?? (input.createdAt === undefined ? uuidv7() : uuidv7(Date.parse(createdAt)));
  const c = input.content;
  // Optional fields are only set when present, so the record equals its own JSON round trip.
  const content: AcuContent = {
    role: c.role,
    text: c.text,
    parts: c.parts ?? (c.text.length > 0 ? [{ type: 'text', text: c.text }] : []),
    ...(c.model === undefined ? {} : { model: c.model }),
    ...(c.provider === undefined ? {} : { provider: c.provider }),
    ...(c.tokens === undefined ? {} : { tokens: c.tokens }),
    status: c.status ?? 'complete',
  };
  const m = input.metadata;
  const metadata: AcuMetadata = {
    conversationId: m.conversationId,
    ...(m.projectId === undefined ? {} : { projectId: m.projectId }),
    tags: m.tags ?? [],
    ...(m.contextSnapshotId === undefined ? {} : { contextSnapshotId: m.contextSnapshotId }),
    ...(m.importedFrom === undefined ? {} : { importedFrom: m.importedFrom }),
  };
  const lineage = {
    parentId: parent?.id ?? null,
    parentHash: parent?.provenance.hash ?? null,
    ...(input.forkSourceId === undefined ? {} : { forkSourceId: input.forkSourceId }),
    remixOf: input.remixOf ?? [],
  };

  const hash = await computeAcuHash({
    schemaVersion: ACU_SCHEMA_VERSION,
    id,
    ownerId: signer.ownerId,
    createdAt,
    content,
    provenance: lineage,
    metadata,
  });
  const signature = toBase64Url(await signer.sign(acuSignedBytes(hash)));
  return {
    schemaVersion: ACU_SCHEMA_VERSION,
    id,
    ownerId: signer.ownerId,
    createdAt,
    content,
    provenance: { hash, ...lineage, signature, signerKeyId: signer.keyId, algorithm: signer.algorithm },
    permissions: input.permissions ?? { visibility: 'private' },
    metadata,
  };
}
