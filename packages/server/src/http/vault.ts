import type { OpenAPIHono } from '@hono/zod-openapi';
import {
  DEFAULT_VAULT_LIST_LIMIT,
  DEFAULT_VAULT_MAX_BLOB_BYTES,
  type VaultBlobList,
  type VaultBlobPutResult,
  vaultBlobIdSchema,
  vaultBlobListQuerySchema,
  versionFromETag,
  versionToETag,
} from '@tessera/core';
import type { Context } from 'hono';
import type { Database } from '../db/database.js';
import {
  deleteBlob,
  getBlob,
  listChanges,
  type PreconditionFailure,
  putBlob,
  type VaultScope,
  type WriteCondition,
} from '../vault/repository.js';
import type { AppEnv } from './context.js';
import { ApiError, startingError } from './errors.js';
import { documentedRouter, errorResponse, json, route, USER_TOKEN_ERRORS, USER_TOKEN_SECURITY } from './openapi.js';
import { parseInput, parseQuery, readBodyBytes, validationError } from './validation.js';

/** Options of the vault routes. */
export interface VaultOptions {
  /** The largest blob, in bytes; 10 MiB by default. Over it, 413. */
  maxBlobBytes?: number;
}

const DEFAULT_CONTENT_TYPE = 'application/octet-stream';
// type/subtype with optional parameters, as RFC 9110 writes media types; kept short because it is
// stored and sent back.
const MEDIA_TYPE = /^[A-Za-z0-9!#$&^_.+-]{1,64}\/[A-Za-z0-9!#$&^_.+-]{1,64}(\s*;\s*[\x20-\x7e]{0,120})?$/;

const ID_PARAMETER = {
  name: 'id',
  in: 'path' as const,
  required: true,
  description: 'The blob id, chosen by the client: 1 to 200 of A-Z a-z 0-9 . _ ~ -',
  schema: { type: 'string' as const, pattern: '^[A-Za-z0-9._~-]{1,200}$' },
};
const ETAG_HEADER = {
  ETag: { description: 'The version, quoted: give it back in If-Match.', schema: { type: 'string' as const } },
};

/**
 * Vault sync, mounted at `/v1/vault` behind the publishable key and the user token: each user's
 * encrypted blobs (ciphertext only; the server never sees keys or plaintext), with optimistic
 * concurrency through `ETag` / `If-Match`, and a change list to sync from a cursor. Every query is
 * scoped by the partner and the user, so another user's blob is simply not there (404).
 */
export function vaultRoutes(getDb: () => Database | undefined, options: VaultOptions = {}): OpenAPIHono<AppEnv> {
  const maxBlobBytes = options.maxBlobBytes ?? DEFAULT_VAULT_MAX_BLOB_BYTES;
  const app = documentedRouter<AppEnv>();
  const database = () => {
    const db = getDb();
    if (!db) throw startingError();
    return db;
  };
  const scopeOf = (c: Context<AppEnv>): VaultScope => ({ partnerId: c.get('partner').id, userId: c.get('user').id });
  const blobId = (c: Context<AppEnv>) => parseInput(vaultBlobIdSchema, c.req.param('id'), 'path', 'blob id');
  const privateResponse = (c: Context<AppEnv>) => c.header('Cache-Control', 'no-store');

  route(
    app,
    {
      method: 'get',
      path: '/blobs',
      summary: "The user's changes since a cursor",
      description:
        'Blobs put or deleted after `since` (every one without it), oldest first, deletions included (`deleted: true`). Continue with `cursor` while `hasMore`.',
      tags: ['vault'],
      security: USER_TOKEN_SECURITY,
      parameters: [
        { name: 'since', in: 'query', required: false, schema: { type: 'string', pattern: '^[0-9]{1,19}$' } },
        {
          name: 'limit',
          in: 'query',
          required: false,
          schema: { type: 'integer', minimum: 1, maximum: 1000, default: DEFAULT_VAULT_LIST_LIMIT },
        },
      ],
      responses: {
        200: json('The changes.', 'VaultBlobList'),
        400: errorResponse('An unknown or malformed query parameter (`validation_failed`).'),
        ...USER_TOKEN_ERRORS,
      },
    },
    async (c) => {
      const query = parseQuery(c, vaultBlobListQuerySchema);
      const page = await listChanges(database(), scopeOf(c), {
        ...(query.since === undefined ? {} : { since: query.since }),
        limit: query.limit === undefined ? DEFAULT_VAULT_LIST_LIMIT : Number(query.limit),
      });
      const body: VaultBlobList = {
        blobs: page.changes.map((change) => ({ ...change, updatedAt: change.updatedAt.toISOString() })),
        cursor: page.cursor,
        hasMore: page.hasMore,
      };
      privateResponse(c);
      return c.json(body);
    },
  );

  route(
    app,
    {
      method: 'put',
      path: '/blobs/{id}',
      summary: 'Creates or replaces a blob',
      description: `The body is the ciphertext, of any content type (stored and sent back as given), up to ${maxBlobBytes} bytes. To replace a blob, send \`If-Match\` with its current version; without it the put only creates, and is refused with 412 when the blob exists, so two devices never overwrite each other silently.`,
      tags: ['vault'],
      security: USER_TOKEN_SECURITY,
      parameters: [
        ID_PARAMETER,
        {
          name: 'If-Match',
          in: 'header',
          required: false,
          description: 'The version being replaced ("12"), or * for any.',
          schema: { type: 'string' },
        },
        {
          name: 'If-None-Match',
          in: 'header',
          required: false,
          description: '* to create only (the default without If-Match).',
          schema: { type: 'string', enum: ['*'] },
        },
      ],
      request: {
        body: {
          required: true,
          content: { '*/*': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } },
        },
      },
      responses: {
        200: json('Replaced.', 'VaultBlobPutResult', ETAG_HEADER),
        201: json('Created.', 'VaultBlobPutResult', ETAG_HEADER),
        400: errorResponse('A bad id, header or content type, or an empty body (`validation_failed`).'),
        ...USER_TOKEN_ERRORS,
        412: errorResponse(
          'The blob exists and no If-Match was sent, the version changed, or If-Match names a blob that does not exist (`precondition_failed`; `details.currentVersion`).',
        ),
        413: errorResponse('The body is over the limit (`payload_too_large`).'),
      },
    },
    async (c) => {
      const db = database();
      const id = blobId(c);
      const condition = writeCondition(c, true);
      const contentType = (c.req.header('Content-Type') ?? DEFAULT_CONTENT_TYPE).trim();
      if (!MEDIA_TYPE.test(contentType)) {
        throw validationError('header', [
          { path: ['Content-Type'], code: 'invalid_media_type', message: 'Content-Type is not a media type' },
        ]);
      }
      const data = await readBodyBytes(c.req.raw, maxBlobBytes, 'blob');
      if (data.byteLength === 0) {
        throw validationError('body', [{ path: [], code: 'empty', message: 'the body (the ciphertext) is empty' }]);
      }
      const result = await putBlob(db, scopeOf(c), id, { data, contentType }, condition);
      if (!result.ok) throw preconditionFailed(result);
      const body: VaultBlobPutResult = { id, version: result.version, size: data.byteLength, created: result.created };
      c.header('ETag', versionToETag(result.version));
      privateResponse(c);
      return c.json(body, result.created ? 201 : 200);
    },
  );

  route(
    app,
    {
      method: 'get',
      path: '/blobs/{id}',
      summary: 'Reads a blob',
      description:
        'The ciphertext as stored, with its content type and `ETag`. With `If-None-Match` naming the current version, 304 without a body.',
      tags: ['vault'],
      security: USER_TOKEN_SECURITY,
      parameters: [ID_PARAMETER, { name: 'If-None-Match', in: 'header', required: false, schema: { type: 'string' } }],
      responses: {
        200: {
          description: 'The ciphertext.',
          headers: ETAG_HEADER,
          content: { '*/*': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } },
        },
        304: { description: 'Not modified since the version in If-None-Match.', headers: ETAG_HEADER },
        400: errorResponse('A bad id (`validation_failed`).'),
        ...USER_TOKEN_ERRORS,
        404: errorResponse('This user has no blob with this id (`not_found`).'),
      },
    },
    async (c) => {
      const id = blobId(c);
      const blob = await getBlob(database(), scopeOf(c), id);
      if (!blob) throw notFound(id);
      const etag = versionToETag(blob.version);
      privateResponse(c);
      c.header('ETag', etag);
      if (versionFromETag(c.req.header('If-None-Match')) === blob.version) return c.body(null, 304);
      // Stored bytes of any type, from the API's origin: never rendered or run as a page.
      c.header('Content-Type', blob.contentType);
      c.header('Content-Disposition', 'attachment');
      c.header('Content-Security-Policy', "default-src 'none'; sandbox");
      return c.body(blob.data as Uint8Array<ArrayBuffer>);
    },
  );

  route(
    app,
    {
      method: 'delete',
      path: '/blobs/{id}',
      summary: 'Deletes a blob',
      description:
        'Deletes whatever version is current, or, with `If-Match`, only that version (412 otherwise). The deletion appears in the change list.',
      tags: ['vault'],
      security: USER_TOKEN_SECURITY,
      parameters: [ID_PARAMETER, { name: 'If-Match', in: 'header', required: false, schema: { type: 'string' } }],
      responses: {
        204: { description: 'Deleted.' },
        400: errorResponse('A bad id or If-Match (`validation_failed`).'),
        ...USER_TOKEN_ERRORS,
        404: errorResponse('This user has no blob with this id (`not_found`).'),
        412: errorResponse('The blob is no longer at the version in If-Match (`precondition_failed`).'),
      },
    },
    async (c) => {
      const id = blobId(c);
      const { ifMatch } = writeCondition(c, false);
      const result = await deleteBlob(database(), scopeOf(c), id, ifMatch === undefined ? {} : { ifMatch });
      if (!result.ok) throw result.reason === 'missing' ? notFound(id) : preconditionFailed(result);
      privateResponse(c);
      return c.body(null, 204);
    },
  );
  return app;
}

function writeCondition(c: Context<AppEnv>, allowIfNoneMatch: boolean): WriteCondition {
  const condition: WriteCondition = {};
  const ifMatch = c.req.header('If-Match');
  if (ifMatch !== undefined) {
    const version = ifMatch.trim() === '*' ? '*' : versionFromETag(ifMatch);
    if (version === undefined) {
      throw validationError('header', [
        { path: ['If-Match'], code: 'invalid_version', message: 'If-Match must be a version from an ETag ("12") or *' },
      ]);
    }
    condition.ifMatch = version;
  }
  const ifNoneMatch = c.req.header('If-None-Match');
  if (ifNoneMatch !== undefined) {
    if (!allowIfNoneMatch || ifNoneMatch.trim() !== '*') {
      throw validationError('header', [
        { path: ['If-None-Match'], code: 'unsupported', message: 'If-None-Match on a write can only be *' },
      ]);
    }
    condition.ifNoneMatch = '*';
  }
  return condition;
}

function notFound(id: string): ApiError {
  return new ApiError(404, 'not_found', `There is no blob "${id}" for this user.`);
}

function preconditionFailed(failure: PreconditionFailure): ApiError {
  const current = failure.currentVersion;
  const messages: Record<PreconditionFailure['reason'], string> = {
    exists: `This blob already exists (version ${current}): read it, merge your change, and put again with If-Match: "${current}".`,
    version_mismatch: `This blob changed on another device: it is now at version ${current}. Read it, merge your change, and put again with If-Match: "${current}".`,
    missing: 'There is no such blob to update: put it without If-Match to create it.',
  };
  return new ApiError(
    412,
    'precondition_failed',
    messages[failure.reason],
    { reason: failure.reason, currentVersion: current ?? null },
    current === undefined ? {} : { ETag: versionToETag(current) },
  );
}
