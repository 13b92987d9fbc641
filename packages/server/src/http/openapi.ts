import type { RouteConfig } from '@hono/zod-openapi';
import { OpenAPIHono } from '@hono/zod-openapi';
import {
  apiErrorBodySchema,
  healthSchema,
  PUBLISHABLE_KEY_HEADER,
  partnerConfigResponseSchema,
  partnerSettingsSchema,
  partnerUpdateSchema,
  vaultBlobListSchema,
  vaultBlobPutResultSchema,
} from '@tessera/core';
import type { Env, Handler, MiddlewareHandler } from 'hono';
import * as z from 'zod/mini';

/**
 * The shared wire schemas are zod/mini (core ships them to browsers, where size matters), which
 * zod-to-openapi cannot read; zod's own `toJSONSchema` can. So each schema is converted once, with
 * zod's converter, to JSON Schema 2020-12 (the dialect of OpenAPI 3.1), and registered as a
 * component; the routes refer to the components and validate with the very same schemas.
 */
function component(schema: z.ZodMiniType, io: 'input' | 'output' = 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return json;
}

/** One documented response. */
export type ResponseConfig = Exclude<RouteConfig['responses'][string], { $ref: string }>;

/** The components every route refers to, by name. */
export const SCHEMAS = {
  ErrorBody: component(apiErrorBodySchema),
  Health: component(healthSchema),
  PartnerConfig: component(partnerConfigResponseSchema),
  PartnerSettings: component(partnerSettingsSchema),
  PartnerUpdate: component(partnerUpdateSchema, 'input'),
  VaultBlobList: component(vaultBlobListSchema),
  VaultBlobPutResult: component(vaultBlobPutResultSchema),
} as const;

/** `{ $ref }` to one of {@link SCHEMAS}. */
export function ref(name: keyof typeof SCHEMAS): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}

/** A JSON response of `schema`. */
export function json(
  description: string,
  name: keyof typeof SCHEMAS,
  headers?: NonNullable<ResponseConfig['headers']>,
): ResponseConfig {
  return {
    description,
    content: { 'application/json': { schema: ref(name) } },
    ...(headers ? { headers } : {}),
  };
}

/** An error response, in the shared error body. */
export function errorResponse(description: string): ResponseConfig {
  return json(description, 'ErrorBody');
}

/** The error responses of routes behind the publishable key. */
export const PUBLISHABLE_KEY_ERRORS = {
  401: errorResponse('No publishable key, or an unknown one (`missing_publishable_key`, `invalid_publishable_key`).'),
  403: errorResponse("The request's Origin is not in the partner's allowed origins (`origin_not_allowed`)."),
  429: errorResponse('Too many requests for this publishable key (`rate_limited`); see `Retry-After`.'),
  503: errorResponse('The server is starting (`starting`); see `Retry-After`.'),
} as const;

/** The error responses of routes that also need a user token. */
export const USER_TOKEN_ERRORS = {
  ...PUBLISHABLE_KEY_ERRORS,
  401: errorResponse(
    'A missing or unknown publishable key, or a missing, invalid, forged or expired user token (`missing_user_token`, `invalid_user_token`, `expired_user_token`).',
  ),
  429: errorResponse('Too many requests for this publishable key or this user (`rate_limited`); see `Retry-After`.'),
} as const;

export const PUBLISHABLE_KEY_SECURITY = [{ publishableKey: [] }];
export const USER_TOKEN_SECURITY = [{ publishableKey: [], userToken: [] }];
export const SECRET_KEY_SECURITY = [{ secretKey: [] }];

/** A new router whose routes are documented. */
export function documentedRouter<E extends Env>(): OpenAPIHono<E> {
  return new OpenAPIHono<E>();
}

/**
 * Registers a route and its documentation in one call, so neither exists without the other. The
 * handlers validate their own inputs with the shared schemas (see `validation.ts`), so that every
 * refusal has the same error body.
 */
export function route<E extends Env>(
  app: OpenAPIHono<E>,
  config: RouteConfig,
  ...handlers: [...MiddlewareHandler<E>[], Handler<E>]
): void {
  app.openAPIRegistry.registerPath(config);
  const honoPath = config.path.replaceAll(/\{([^}]+)\}/g, ':$1');
  app.on(config.method.toUpperCase(), honoPath, ...(handlers as [Handler<E>]));
}

/** Registers the shared components and security schemes on the app that serves the document. */
export function registerComponents<E extends Env>(app: OpenAPIHono<E>): void {
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    app.openAPIRegistry.registerComponent('schemas', name, schema);
  }
  app.openAPIRegistry.registerComponent('securitySchemes', 'publishableKey', {
    type: 'apiKey',
    in: 'header',
    name: PUBLISHABLE_KEY_HEADER,
    description: "The partner's publishable key (`pk_live_…`, `pk_test_…`), valid only from its allowed origins.",
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'userToken', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      "A user token minted by the partner's backend: iss = partner id, sub = user id, aud = tessera, exp; HS256 with a secret key or EdDSA with a registered public key.",
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'secretKey', {
    type: 'http',
    scheme: 'bearer',
    description: "The partner's secret key (`sk_live_<partner id>_…`), from its servers only.",
  });
}

/** The document's `info`. */
export const OPENAPI_INFO = {
  title: 'Tessera hosted API',
  version: '1.0.0',
  description:
    "The API Tessera's widgets and partners' servers call. Every error answers `{ error: { code, message, details? } }`; every response carries `X-Request-Id`.",
};

/**
 * Documents the relay, whose router (a pass-through with a path of its own) is not a documented
 * one: a provider API path under the provider's id.
 */
export function documentRelay<E extends Env>(app: OpenAPIHono<E>, mount: string): void {
  for (const method of ['get', 'post'] as const) {
    app.openAPIRegistry.registerPath({
      method,
      path: `${mount}/{provider}/{path}`,
      summary: `Relays a ${method.toUpperCase()} to a provider that refuses browser CORS`,
      description:
        "`{path}` is the provider's own API path and may hold several segments (`chat/completions`). `Authorization` carries the user token, as on every user-scoped route. The user's provider key travels in the provider's own auth header (`x-api-key`, `x-goog-api-key`), or, for providers whose key goes in `Authorization`, in `Tessera-Upstream-Authorization`, which the relay sends upstream as `Authorization`; it is never stored or logged, and the user token never goes upstream. The answer streams back as it arrives.",
      tags: ['relay'],
      security: USER_TOKEN_SECURITY,
      parameters: [
        { name: 'provider', in: 'path', required: true, schema: { type: 'string' } },
        { name: 'path', in: 'path', required: true, schema: { type: 'string' } },
      ],
      responses: {
        200: { description: "The provider's answer, streamed, with its status and a safe subset of its headers." },
        ...USER_TOKEN_ERRORS,
        404: errorResponse('An unknown provider (`unknown_provider`).'),
        413: errorResponse("A body over the relay's limit (`payload_too_large`)."),
      },
    });
  }
}
