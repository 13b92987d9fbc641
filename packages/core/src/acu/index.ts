/**
 * `acu`: the Atomic Chat Unit. Every message as an owned, immutable record: a versioned zod schema
 * with migrations, an RFC 8785 canonical SHA-256 hash chained through the parent's hash, and the
 * owner's Web Crypto signature (Ed25519, or ECDSA P-256 where Ed25519 is missing).
 *
 * Typical use: `generateSigner(ownerId)` once per user (persist `signer.keyPair` in IndexedDB),
 * `createAcu(draft, { signer, parent })` for every message, `verifyAcu(acu, keys)` and
 * `verifyChain(conversationAcus, keys)` to check them, `migrateAcu(record)` on everything read back.
 * `createAcuApi` bundles these over a store as the instance's `tessera.acu`.
 */
export {
  type AcuApi,
  type AcuApiDependencies,
  createAcuApi,
  loadOrCreateSigner,
  type SigningKeyStorage,
} from './api.js';
export { canonicalBytes, canonicalJson } from './canonical.js';
export { type AcuDraft, acuDraftSchema, type CreateAcuOptions, createAcu } from './create.js';
export { acuSignedBytes, computeAcuHash, hashCanonical, type Sha256Hash, sha256Hash } from './hash.js';
export { acuVersionOf, type MigrationContext, migrateAcu, migrateAcus } from './migrations.js';
export {
  ACU_SCHEMA_VERSION,
  ACU_SIGNATURE_CONTEXT,
  type Acu,
  type AcuContent,
  type AcuHashable,
  type AcuImportSource,
  type AcuMetadata,
  type AcuPart,
  type AcuPermissions,
  type AcuProvenance,
  type AcuRole,
  type AcuStatus,
  type AcuTokens,
  type AcuV1,
  type AcuVisibility,
  acuContentSchema,
  acuHashedFields,
  acuHashSchema,
  acuIdSchema,
  acuImportSourceSchema,
  acuMetadataSchema,
  acuPartSchema,
  acuPermissionsSchema,
  acuProvenanceSchema,
  acuRoleSchema,
  acuSchema,
  acuStatusSchema,
  acuTokensSchema,
  acuVisibilitySchema,
  reasoningPartSchema,
  type SigningAlgorithm,
  signerKeyIdSchema,
  signingAlgorithmSchema,
  textPartSchema,
} from './schema.js';
export {
  AcuKeySet,
  type AcuPublicKey,
  type AcuSigner,
  acuPublicKeySchema,
  exportPublicKey,
  type GenerateSignerOptions,
  generateSigner,
  type ImportedKey,
  jwkThumbprint,
  type PublicJwk,
  parsePublicKey,
  publicJwkSchema,
  publicKeyFromJwk,
  signerFromKeyPair,
  verifySignature,
} from './signing.js';
export {
  type AcuFailure,
  type AcuFailureReason,
  type AcuPublicKeys,
  type AcuVerification,
  type ChainFailure,
  type ChainFailureReason,
  type ChainVerification,
  type VerifyChainOptions,
  verifyAcu,
  verifyChain,
} from './verify.js';
