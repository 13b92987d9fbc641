import * as z from 'zod/mini';

/** The largest vault blob the hosted API accepts by default, in bytes (10 MiB). */
export const DEFAULT_VAULT_MAX_BLOB_BYTES = 10 * 1024 * 1024;
/** How many changes one `GET /v1/vault/blobs` answers by default, and at most. */
export const DEFAULT_VAULT_LIST_LIMIT = 100;
export const MAX_VAULT_LIST_LIMIT = 1000;

/**
 * A vault blob's id, chosen by the client: 1 to 200 letters, digits, `.`, `_`, `~` or `-`, not `.`
 * or `..` (so it is one plain URL path segment).
 */
export const vaultBlobIdSchema = z
  .string()
  .check(
    z.regex(
      /^(?!\.{1,2}$)[A-Za-z0-9._~-]{1,200}$/,
      'A blob id is 1 to 200 letters, digits, ".", "_", "~" or "-", and not "." or "..".',
    ),
  );

/**
 * A blob's version: an opaque string, sent as the `ETag` (quoted) of every put and read, and given
 * back in `If-Match` to update or delete exactly that version.
 */
export const vaultBlobVersionSchema = z.string().check(z.regex(/^[0-9]{1,19}$/, 'A version is a string of digits.'));

/** An opaque position in a user's change list; give it back as `since` to get what changed after it. */
export const vaultCursorSchema = z.string().check(z.regex(/^[0-9]{1,19}$/, 'A cursor is a string of digits.'));

/** One entry of the change list: a blob as it is now, or a deletion (`deleted: true`, no content). */
export const vaultBlobEntrySchema = z.object({
  id: vaultBlobIdSchema,
  version: vaultBlobVersionSchema,
  deleted: z.boolean(),
  /** Bytes of ciphertext; 0 for a deletion. */
  size: z.number(),
  contentType: z.string(),
  /** ISO 8601. */
  updatedAt: z.string(),
});
export type VaultBlobEntry = z.infer<typeof vaultBlobEntrySchema>;

/** `GET /v1/vault/blobs?since=CURSOR`: the user's changes after `since`, oldest first. */
export const vaultBlobListSchema = z.object({
  blobs: z.array(vaultBlobEntrySchema),
  /** Pass as `since` next time; equal to `since` when nothing changed. */
  cursor: vaultCursorSchema,
  /** More changes are waiting: ask again with `cursor` at once. */
  hasMore: z.boolean(),
});
export type VaultBlobList = z.infer<typeof vaultBlobListSchema>;

/** The query of `GET /v1/vault/blobs`; unknown parameters are refused. */
export const vaultBlobListQuerySchema = z.strictObject({
  since: z.optional(vaultCursorSchema),
  limit: z.optional(
    z.string().check(
      z.regex(/^[0-9]{1,4}$/, `limit is a whole number from 1 to ${MAX_VAULT_LIST_LIMIT}.`),
      z.refine(
        (value) => Number(value) >= 1 && Number(value) <= MAX_VAULT_LIST_LIMIT,
        `limit is a whole number from 1 to ${MAX_VAULT_LIST_LIMIT}.`,
      ),
    ),
  ),
});

/** The JSON answer of `PUT /v1/vault/blobs/{id}` (the version is also in `ETag`). */
export const vaultBlobPutResultSchema = z.object({
  id: vaultBlobIdSchema,
  version: vaultBlobVersionSchema,
  size: z.number(),
  /** True when this put created the blob (201), false when it replaced a version (200). */
  created: z.boolean(),
});
export type VaultBlobPutResult = z.infer<typeof vaultBlobPutResultSchema>;

/** `"<version>"`, the `ETag` / `If-Match` form of a version. */
export function versionToETag(version: string): string {
  return `"${version}"`;
}

/** The version in an `ETag` or `If-Match` value (`"12"`, or a bare `12`), or undefined. */
export function versionFromETag(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const match = /^\s*(?:"([0-9]{1,19})"|([0-9]{1,19}))\s*$/.exec(value);
  return match ? (match[1] ?? match[2]) : undefined;
}
