/**
 * `@tessera/server`: the reference implementation of Tessera's hosted API. Build the Hono app with
 * `createApp`, over a database from `openDatabase` brought up to date with `migrate`.
 */

export { type MintUserTokenOptions, mintUserToken, UserTokenError, verifyUserToken } from './auth/user-token.js';
export { DataDirLockedError } from './db/data-dir-lock.js';
export type { Database, Queryable, QueryResult } from './db/database.js';
export { type MigrateResult, migrate } from './db/migrate.js';
export type { Migration } from './db/migrations/index.js';
export { migrations } from './db/migrations/index.js';
export { DEFAULT_DATA_DIR, describeDatabase, type OpenDatabaseOptions, openDatabase } from './db/open.js';
export { type AppOptions, createApp } from './http/app.js';
export { DEFAULT_PROVIDERS } from './http/config.js';
export type { AppEnv } from './http/context.js';
export { ApiError, type ApiErrorCode } from './http/errors.js';
export { createJsonLogger, type Logger, type LogValue, redact, silentLogger } from './http/logger.js';
export { createNodeServer } from './http/node-server.js';
export type { RateLimitOptions } from './http/rate-limit.js';
export { REQUEST_ID_HEADER } from './http/request-id.js';
export { HTML_CONTENT_SECURITY_POLICY } from './http/security-headers.js';
export type { StaticDirs } from './http/static-files.js';
export { DEMO_PARTNER_ID, DEMO_PUBLISHABLE_KEY, type DemoPartnerOptions, upsertDemoPartner } from './partners/demo.js';
export {
  addPublicKey,
  type CreatedPartner,
  createPartner,
  findPartnerBySecretKey,
  type NewPartner,
  revokeKey,
  rotateSecretKey,
} from './partners/keys.js';
export { normalizeOrigin } from './partners/origin.js';
export type { Partner } from './partners/partner.js';
export {
  findPartnerById,
  findPartnerByPublishableKey,
  isOriginOfAnyPartner,
  listPartners,
  updatePartner,
} from './partners/repository.js';
export { TIERS, type TierFeatures } from './partners/tiers.js';
export { checkMasterKey, loadMasterKey, MASTER_KEY_ENV, MasterKey, MasterKeyError } from './secrets/master-key.js';
