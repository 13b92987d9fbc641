/**
 * The Atomic Chat Unit, schema version 1: one message as an owned, immutable, hashed and signed
 * record. Types are `z.infer` of these schemas, never written twice.
 *
 * ## What the hash covers (v1)
 *
 * `provenance.hash` is `sha256:<hex>` of the RFC 8785 canonical JSON of {@link acuHashedFields}:
 *
 * | hashed | why |
 * | --- | --- |
 * | `schemaVersion`, `id`, `ownerId`, `createdAt` | who made which record when, under which rules |
 * | `content` (all of it) | the message itself |
 * | `provenance.parentId`, `parentHash` | the chain: a record commits to its parent's hash, like a commit |
 * | `provenance.forkSourceId`, `remixOf` | lineage: a derived record cannot be re-pointed at other sources |
 * | `metadata.conversationId` | a record cannot be moved into another conversation |
 * | `metadata.contextSnapshotId` | which injected context the answer was produced with (a fact of creation) |
 * | `metadata.importedFrom` | where an imported record came from (a fact of creation) |
 *
 * Not hashed, on purpose:
 * - `permissions`: they change over time as events (visibility, consent), and a permission change
 *   must never change a hash (DESIGN.md).
 * - `metadata.projectId` and `metadata.tags`: organisation the user changes after the fact (move a
 *   conversation to a project, retag). If they were hashed, retagging message 3 would re-hash it and
 *   break the `parentHash` of every later message in the conversation.
 * - `provenance.hash`, `signature`, `signerKeyId`, `algorithm`: the hash cannot cover itself, and
 *   keeping the signature outside it lets the owner re-sign with a rotated key without changing the
 *   hash that every child has committed to. `algorithm` is checked against the signer's key instead.
 *
 * ## What is signed
 * The UTF-8 bytes of {@link ACU_SIGNATURE_CONTEXT} followed by `provenance.hash`
 * (`tessera-acu-v1:sha256:<hex>`), with Ed25519, or ECDSA P-256 + SHA-256 (IEEE P1363 `r || s`);
 * `signature` is base64url without padding. The prefix keeps a user's ACU signatures from ever being
 * valid for anything else the same key signs (deletion receipts, consent entries).
 *
 * A v1 record's hashed fields never change meaning: a later schema version migrates the record but
 * must keep the v1 hashed view reproducible, or every signature made before it stops verifying.
 */
import * as z from 'zod/mini';

/** The schema version this code writes. */
export const ACU_SCHEMA_VERSION = 1;

/** Prefix of the signed bytes; see the file comment. */
export const ACU_SIGNATURE_CONTEXT = 'tessera-acu-v1:';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * ACU ids are lowercase UUIDv7 (time-ordered, so a store sorted by id is in creation order). One
 * spelling only: the id is hashed, and `A` and `a` would otherwise name one record two ways.
 */
export const acuIdSchema = z.string().check(z.regex(UUID_V7, 'must be a lowercase UUIDv7.'));

/** `sha256:` and 64 lowercase hex digits. */
export const acuHashSchema = z.string().check(z.regex(/^sha256:[0-9a-f]{64}$/, 'must be "sha256:" and 64 hex digits.'));

/** An RFC 7638 JWK thumbprint (SHA-256, base64url): 43 characters. */
export const signerKeyIdSchema = z.string().check(z.regex(/^[A-Za-z0-9_-]{43}$/, 'must be a JWK thumbprint.'));

export const signingAlgorithmSchema = z.enum(['Ed25519', 'ECDSA-P256']);
/** `Ed25519` where the platform has it, `ECDSA-P256` (with SHA-256) elsewhere. */
export type SigningAlgorithm = z.infer<typeof signingAlgorithmSchema>;

const nonEmpty = z.string().check(z.minLength(1, 'must not be empty.'));
const tokenCount = z.int().check(z.nonnegative());
/** ISO 8601 in UTC (`2025-01-31T12:00:00.000Z`): one spelling of an instant, since it is hashed. */
const isoDateSchema = z.iso.datetime();

export const acuRoleSchema = z.enum(['user', 'assistant', 'system', 'tool']);
export type AcuRole = z.infer<typeof acuRoleSchema>;

/**
 * `incomplete`: the answer stopped early (stopped by the user, the connection broke) and what
 * arrived is kept. Nothing is lost: an interrupted answer is still an ACU.
 */
export const acuStatusSchema = z.enum(['complete', 'incomplete']);
export type AcuStatus = z.infer<typeof acuStatusSchema>;

export const textPartSchema = z.strictObject({ type: z.literal('text'), text: z.string() });
/** A model's reasoning, kept beside the answer (providers stream it apart; imports carry it). */
export const reasoningPartSchema = z.strictObject({ type: z.literal('reasoning'), text: z.string() });

/**
 * A file sent with the message (an image or a text file), committed to by its SHA-256 of the exact
 * bytes sent, with its media type, name and size, but never the bytes: ACUs stay small, and the
 * hash (so the signature) still proves which file was sent. The bytes stay with the message in the
 * encrypted store; anyone holding a copy can check it against `sha256`.
 *
 * Added to v1 without a version bump: it is a new member only, so no existing ACU changes
 * meaning or hash, and a v1 reader that predates it rejects such an ACU rather than misreading it.
 */
export const attachmentPartSchema = z.strictObject({
  type: z.literal('attachment'),
  name: z.string().check(z.minLength(1, 'must not be empty.'), z.maxLength(255, 'must be at most 255 characters.')),
  mediaType: nonEmpty,
  /** Bytes. */
  size: z.int().check(z.nonnegative()),
  sha256: acuHashSchema,
});
export type AcuAttachmentPart = z.infer<typeof attachmentPartSchema>;

/**
 * The structure of a message. A discriminated union on `type` so images, files and tool calls and
 * results join as new members (each with a schema version bump and a migration), never as loose
 * fields on existing members.
 */
export const acuPartSchema = z.discriminatedUnion('type', [textPartSchema, reasoningPartSchema, attachmentPartSchema]);
export type AcuPart = z.infer<typeof acuPartSchema>;

/** Token counts as the provider reported them. */
export const acuTokensSchema = z.strictObject({
  input: tokenCount,
  output: tokenCount,
  cachedInput: z.optional(tokenCount),
  reasoning: z.optional(tokenCount),
});
export type AcuTokens = z.infer<typeof acuTokensSchema>;

export const acuContentSchema = z.strictObject({
  role: acuRoleSchema,
  /** The message's text as written or received (imports: as the source exported it, trimmed). */
  text: z.string(),
  parts: z.array(acuPartSchema),
  /** The model that actually answered (after any fallback). */
  model: z.optional(nonEmpty),
  provider: z.optional(nonEmpty),
  tokens: z.optional(acuTokensSchema),
  status: acuStatusSchema,
});
export type AcuContent = z.infer<typeof acuContentSchema>;

export const acuProvenanceSchema = z
  .strictObject({
    hash: acuHashSchema,
    /** The previous message in this branch; `null` for a conversation's first message(s). */
    parentId: z.nullable(acuIdSchema),
    /** The parent's `provenance.hash`: what makes a conversation a hash chain. */
    parentHash: z.nullable(acuHashSchema),
    /** The ACU this one was forked from (in another conversation), if any. */
    forkSourceId: z.optional(acuIdSchema),
    /** The ACUs this one recomposes (remux), in order. */
    remixOf: z.array(acuIdSchema),
    /** Base64url signature of `ACU_SIGNATURE_CONTEXT + hash`. */
    signature: z.string().check(z.regex(/^[A-Za-z0-9_-]+$/, 'must be base64url.')),
    signerKeyId: signerKeyIdSchema,
    algorithm: signingAlgorithmSchema,
  })
  .check(
    z.refine((p) => (p.parentId === null) === (p.parentHash === null), {
      message: 'must be null exactly when parentId is null.',
      path: ['parentHash'],
    }),
  );
export type AcuProvenance = z.infer<typeof acuProvenanceSchema>;

export const acuVisibilitySchema = z.enum(['private', 'shared', 'public']);
export type AcuVisibility = z.infer<typeof acuVisibilitySchema>;

/**
 * Current visibility only. Consent state (training-eligible, opted-in, revoked) is not stored in
 * the ACU at all: it lives in consent events keyed by the ACU's hash.
 */
export const acuPermissionsSchema = z.strictObject({ visibility: acuVisibilitySchema });
export type AcuPermissions = z.infer<typeof acuPermissionsSchema>;

/** Where an imported ACU came from: the importer's format name and the source's own message id. */
export const acuImportSourceSchema = z.strictObject({ format: nonEmpty, id: z.optional(nonEmpty) });
export type AcuImportSource = z.infer<typeof acuImportSourceSchema>;

export const acuMetadataSchema = z.strictObject({
  conversationId: nonEmpty,
  projectId: z.optional(nonEmpty),
  tags: z.array(nonEmpty),
  /** The context snapshot (memory graph injection) the message was produced with. */
  contextSnapshotId: z.optional(nonEmpty),
  importedFrom: z.optional(acuImportSourceSchema),
});
export type AcuMetadata = z.infer<typeof acuMetadataSchema>;

/**
 * An ACU, v1. Strict at every level: a signed record carries nothing that is neither hashed nor
 * deliberately left out of the hash (see the file comment), so new fields need a new version.
 */
export const acuSchema = z.strictObject({
  schemaVersion: z.literal(ACU_SCHEMA_VERSION),
  id: acuIdSchema,
  ownerId: nonEmpty,
  createdAt: isoDateSchema,
  content: acuContentSchema,
  provenance: acuProvenanceSchema,
  permissions: acuPermissionsSchema,
  metadata: acuMetadataSchema,
});
/** An Atomic Chat Unit (schema v1). */
export type Acu = z.infer<typeof acuSchema>;
/** The current ACU version by name, for code that must say which version it handles. */
export type AcuV1 = Acu;

/** What the hash is computed from: an ACU before its hash and signature exist. */
export interface AcuHashable {
  schemaVersion: number;
  id: string;
  ownerId: string;
  createdAt: string;
  content: AcuContent;
  provenance: Pick<AcuProvenance, 'parentId' | 'parentHash' | 'forkSourceId' | 'remixOf'>;
  metadata: Pick<AcuMetadata, 'conversationId' | 'contextSnapshotId' | 'importedFrom'>;
}

/**
 * The hashed view of an ACU (v1): exactly the fields listed in the file comment, picked by name so
 * an extra property on an object can never slip into (or out of) the hash. Absent optional fields
 * are left out, as RFC 8785 does with `undefined`, so a JSON round trip keeps the hash.
 */
export function acuHashedFields(acu: AcuHashable) {
  const { content, provenance, metadata } = acu;
  return {
    schemaVersion: acu.schemaVersion,
    id: acu.id,
    ownerId: acu.ownerId,
    createdAt: acu.createdAt,
    content: {
      role: content.role,
      text: content.text,
      parts: content.parts,
      model: content.model,
      provider: content.provider,
      tokens: content.tokens,
      status: content.status,
    },
    provenance: {
      parentId: provenance.parentId,
      parentHash: provenance.parentHash,
      forkSourceId: provenance.forkSourceId,
      remixOf: provenance.remixOf,
    },
    metadata: {
      conversationId: metadata.conversationId,
      contextSnapshotId: metadata.contextSnapshotId,
      importedFrom: metadata.importedFrom,
    },
  };
}
