import type { Database, Queryable } from '../db/database.js';

/** Whose blobs: every statement is scoped by partner and user, so no query can reach another's. */
export interface VaultScope {
  partnerId: string;
  userId: string;
}

/** A blob as stored: ciphertext the server cannot read, with its version. */
export interface StoredBlob {
  id: string;
  version: string;
  contentType: string;
  size: number;
  data: Uint8Array;
  updatedAt: Date;
}

/** One entry of a user's change list. */
export interface BlobChange {
  id: string;
  version: string;
  deleted: boolean;
  contentType: string;
  size: number;
  updatedAt: Date;
}

/**
 * The precondition of a write, from `If-Match` / `If-None-Match`:
 * - `{ ifMatch: version }` or `{ ifMatch: '*' }`: that version (or any version) must be current;
 * - `{ ifNoneMatch: '*' }` or nothing: the blob must not exist (a put without `If-Match` never
 *   replaces a blob another device wrote).
 */
export interface WriteCondition {
  ifMatch?: string | '*';
  ifNoneMatch?: '*';
}

/** Why a conditional write was refused; `currentVersion` is absent when the blob does not exist. */
export interface PreconditionFailure {
  ok: false;
  reason: 'exists' | 'version_mismatch' | 'missing';
  currentVersion?: string;
}

export type PutResult = { ok: true; version: string; created: boolean } | PreconditionFailure;
export type DeleteResult = { ok: true; version: string } | PreconditionFailure;

class Refused extends Error {
  constructor(readonly failure: PreconditionFailure) {
    super(failure.reason);
  }
}

/**
 * Takes the user's next change number. The upsert locks the user's counter row until the
 * transaction ends, so a user's writes are serialized and their numbers follow commit order: a
 * reader who saw number n will never later find a change numbered below n.
 */
async function nextSeq(tx: Queryable, scope: VaultScope): Promise<string> {
  const { rows } = await tx.query<{ seq: string }>(
    `insert into vault_users (partner_id, user_id, seq) values ($1, $2, 1)
     on conflict (partner_id, user_id) do update set seq = vault_users.seq + 1
     returning seq::text as seq`,
    [scope.partnerId, scope.userId],
  );
  const seq = rows[0]?.seq;
  if (seq === undefined) throw new Error('The vault counter was not returned.');
  return seq;
}

async function current(tx: Queryable, scope: VaultScope, id: string): Promise<string | undefined> {
  const { rows } = await tx.query<{ version: string }>(
    `select version::text as version from vault_blobs
     where partner_id = $1 and user_id = $2 and blob_id = $3 and not deleted`,
    [scope.partnerId, scope.userId, id],
  );
  return rows[0]?.version;
}

function check(existing: string | undefined, condition: WriteCondition): PreconditionFailure | undefined {
  if (existing === undefined) {
    return condition.ifMatch === undefined ? undefined : { ok: false, reason: 'missing' };
  }
  if (condition.ifMatch === undefined || condition.ifNoneMatch === '*') {
    return { ok: false, reason: 'exists', currentVersion: existing };
  }
  if (condition.ifMatch !== '*' && condition.ifMatch !== existing) {
    return { ok: false, reason: 'version_mismatch', currentVersion: existing };
  }
  return undefined;
}

async function refusable<T>(run: () => Promise<T>): Promise<T | PreconditionFailure> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Refused) return error.failure;
    throw error;
  }
}

/**
 * Writes a blob, in one transaction, if `condition` holds: the new version replaces the old whole or
 * not at all, whatever happens to the process.
 */
export function putBlob(
  db: Database,
  scope: VaultScope,
  id: string,
  blob: { data: Uint8Array; contentType: string },
  condition: WriteCondition,
): Promise<PutResult> {
  return refusable(() =>
    db.transaction(async (tx) => {
      const seq = await nextSeq(tx, scope);
      const existing = await current(tx, scope, id);
      const failure = check(existing, condition);
      // Thrown, not returned, so the counter increment rolls back with the rest.
      if (failure) throw new Refused(failure);
      await tx.query(
        `insert into vault_blobs (partner_id, user_id, blob_id, version, deleted, content_type, size, data, updated_at)
         values ($1, $2, $3, $4::bigint, false, $5, $6, $7, now())
         on conflict (partner_id, user_id, blob_id) do update set
           version = excluded.version, deleted = false, content_type = excluded.content_type,
           size = excluded.size, data = excluded.data, updated_at = excluded.updated_at`,
        [scope.partnerId, scope.userId, id, seq, blob.contentType, blob.data.byteLength, blob.data],
      );
      return { ok: true as const, version: seq, created: existing === undefined };
    }),
  );
}

/** The blob, or undefined when the user has none with this id (or it was deleted). */
export async function getBlob(db: Queryable, scope: VaultScope, id: string): Promise<StoredBlob | undefined> {
  const { rows } = await db.query<{
    version: string;
    content_type: string;
    size: number;
    data: Uint8Array;
    updated_at: Date;
  }>(
    `select version::text as version, content_type, size, data, updated_at from vault_blobs
     where partner_id = $1 and user_id = $2 and blob_id = $3 and not deleted`,
    [scope.partnerId, scope.userId, id],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    id,
    version: row.version,
    contentType: row.content_type,
    size: row.size,
    data: row.data,
    updatedAt: row.updated_at,
  };
}

/** The version of a blob that exists, without its bytes. */
export async function blobVersion(db: Queryable, scope: VaultScope, id: string): Promise<string | undefined> {
  return current(db, scope, id);
}

/**
 * Deletes a blob, keeping a tombstone in the change list. Without `ifMatch` it deletes whatever
 * version is current; with it, only that version.
 */
export function deleteBlob(
  db: Database,
  scope: VaultScope,
  id: string,
  condition: { ifMatch?: string | '*' },
): Promise<DeleteResult> {
  return refusable(() =>
    db.transaction(async (tx) => {
      const seq = await nextSeq(tx, scope);
      const existing = await current(tx, scope, id);
      if (existing === undefined) throw new Refused({ ok: false, reason: 'missing' });
      if (condition.ifMatch !== undefined && condition.ifMatch !== '*' && condition.ifMatch !== existing) {
        throw new Refused({ ok: false, reason: 'version_mismatch', currentVersion: existing });
      }
      await tx.query(
        `update vault_blobs set version = $4::bigint, deleted = true, data = null, size = 0, updated_at = now()
         where partner_id = $1 and user_id = $2 and blob_id = $3`,
        [scope.partnerId, scope.userId, id, seq],
      );
      return { ok: true as const, version: seq };
    }),
  );
}

/**
 * The user's changes after `since` (a cursor from a previous answer; none for all), oldest first,
 * at most `limit`, with the cursor to continue from.
 */
export async function listChanges(
  db: Queryable,
  scope: VaultScope,
  options: { since?: string; limit: number },
): Promise<{ changes: BlobChange[]; cursor: string; hasMore: boolean }> {
  const since = options.since ?? '0';
  const { rows } = await db.query<{
    blob_id: string;
    version: string;
    deleted: boolean;
    content_type: string;
    size: number;
    updated_at: Date;
  }>(
    // `vault_blobs.version` in the order: a bare `version` would be the text column of the output.
    `select blob_id, version::text as version, deleted, content_type, size, updated_at from vault_blobs
     where partner_id = $1 and user_id = $2 and version > $3::bigint
     order by vault_blobs.version
     limit $4`,
    [scope.partnerId, scope.userId, since, options.limit + 1],
  );
  const hasMore = rows.length > options.limit;
  const changes = rows.slice(0, options.limit).map((row) => ({
    id: row.blob_id,
    version: row.version,
    deleted: row.deleted,
    contentType: row.content_type,
    size: row.size,
    updatedAt: row.updated_at,
  }));
  return { changes, cursor: changes.at(-1)?.version ?? since, hasMore };
}
