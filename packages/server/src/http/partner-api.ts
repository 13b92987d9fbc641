import type { OpenAPIHono } from '@hono/zod-openapi';
import { type PartnerSettings, type PartnerUpdate, partnerSettingsSchema, partnerUpdateSchema } from '@tessera/core';
import type { Database } from '../db/database.js';
import { listPublicKeys, listSecretKeys } from '../partners/keys.js';
import { normalizeOrigin } from '../partners/origin.js';
import type { Partner } from '../partners/partner.js';
import { updatePartner } from '../partners/repository.js';
import { tierFeatures } from '../partners/tiers.js';
import { effectiveConfig } from './config.js';
import type { AppEnv } from './context.js';
import { ApiError, startingError } from './errors.js';
import { documentedRouter, errorResponse, json, ref, route, SECRET_KEY_SECURITY } from './openapi.js';
import { readJson, validationError } from './validation.js';

const SECRET_KEY_ERRORS = {
  401: errorResponse('No secret key, or one not in force (`missing_secret_key`, `invalid_secret_key`).'),
  403: errorResponse('Called from a page (`secret_key_in_browser`).'),
  429: errorResponse('Too many requests for this secret key (`rate_limited`); see `Retry-After`.'),
} as const;

/**
 * The server-to-server API, under `/v1/partner` (mounted behind `secretKeyAuth`): a partner reads
 * its settings and changes its config. Tier and keys are not changed here: the tier is the plan,
 * and keys are issued by the operator's CLI.
 */
export function partnerApiRoutes(getDb: () => Database | undefined, providers: readonly string[]): OpenAPIHono<AppEnv> {
  const app = documentedRouter<AppEnv>();
  const settings = async (db: Database, partner: Partner): Promise<PartnerSettings> =>
    partnerSettingsSchema.parse({
      id: partner.id,
      name: partner.name,
      tier: partner.tier,
      publishableKey: partner.publishableKey,
      allowedOrigins: partner.allowedOrigins,
      theme: partner.theme,
      ...effectiveConfig(partner, providers),
      secretKeys: (await listSecretKeys(db, partner.id)).map((key) => ({
        ...key,
        createdAt: key.createdAt.toISOString(),
        expiresAt: key.expiresAt?.toISOString() ?? null,
      })),
      publicKeys: (await listPublicKeys(db, partner.id)).map((key) => ({
        ...key,
        createdAt: key.createdAt.toISOString(),
        expiresAt: key.expiresAt?.toISOString() ?? null,
      })),
      createdAt: partner.createdAt.toISOString(),
    });
  const database = () => {
    const db = getDb();
    if (!db) throw startingError();
    return db;
  };

  route(
    app,
    {
      method: 'get',
      path: '/',
      summary: "The partner's settings (server to server)",
      tags: ['partner'],
      security: SECRET_KEY_SECURITY,
      responses: {
        200: json('The settings; secret keys appear only as hints.', 'PartnerSettings'),
        ...SECRET_KEY_ERRORS,
      },
    },
    async (c) => c.json(await settings(database(), c.get('partner'))),
  );

  route(
    app,
    {
      method: 'patch',
      path: '/',
      summary: "Changes the partner's config (server to server)",
      description:
        'Each field given replaces the stored value whole; unknown fields are refused. Widgets outside the tier are refused with 403 `tier_required`.',
      tags: ['partner'],
      security: SECRET_KEY_SECURITY,
      request: {
        body: { required: true, content: { 'application/json': { schema: ref('PartnerUpdate') } } },
      },
      responses: {
        200: json('The settings after the change.', 'PartnerSettings'),
        400: errorResponse('Malformed JSON (`invalid_json`) or a body that fails the schema (`validation_failed`).'),
        ...SECRET_KEY_ERRORS,
        403: errorResponse(
          'Called from a page (`secret_key_in_browser`), or a widget outside the tier (`tier_required`).',
        ),
        413: errorResponse('A body over 64 KB (`payload_too_large`).'),
        415: errorResponse('A body not sent as application/json (`unsupported_media_type`).'),
      },
    },
    async (c) => {
      const db = database();
      const partner = c.get('partner');
      const update: PartnerUpdate = await readJson(c, partnerUpdateSchema);
      if (update.allowedOrigins) {
        const origins: string[] = [];
        for (const [index, origin] of update.allowedOrigins.entries()) {
          try {
            origins.push(normalizeOrigin(origin));
          } catch (error) {
            throw validationError('body', [
              { path: ['allowedOrigins', index], code: 'invalid_origin', message: (error as Error).message },
            ]);
          }
        }
        update.allowedOrigins = [...new Set(origins)];
      }
      if (update.widgets) {
        const allowed = tierFeatures(partner.tier).widgets;
        const outside = update.widgets.filter((widget) => !allowed.includes(widget));
        if (outside.length > 0) {
          throw new ApiError(
            403,
            'tier_required',
            `The ${partner.tier} tier does not include ${outside.join(', ')}: it offers ${allowed.join(', ')}. Nothing was changed.`,
            { tier: partner.tier, widgets: outside },
          );
        }
      }
      const updated = await updatePartner(db, partner.id, update);
      if (!updated) throw new ApiError(404, 'not_found', 'This partner no longer exists.');
      return c.json(await settings(db, updated));
    },
  );
  return app;
}
