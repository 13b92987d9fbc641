import { OpenAPIHono } from '@hono/zod-openapi';
import { UPSTREAM_AUTHORIZATION_HEADER } from '@tessera/core';
import type { Database } from '../db/database.js';
import { enforceRelayPolicy } from '../relay/relay-policy.js';
import type { MasterKey } from '../secrets/master-key.js';
import { configRoutes, DEFAULT_PROVIDERS } from './config.js';
import type { AppEnv } from './context.js';
import { exposeErrorToOrigin } from './cors.js';
import { type DemoUserTokenOptions, demoUserTokenRoutes } from './demo-user-token.js';
import { ApiError, errorResponse } from './errors.js';
import { healthRoutes } from './health.js';
import { type Logger, silentLogger } from './logger.js';
import { documentRelay, OPENAPI_INFO, registerComponents } from './openapi.js';
import { partnerApiRoutes } from './partner-api.js';
import { partnerAuth, SECRET_KEY_MOUNT } from './partner-auth.js';
import { createRateLimiter, type RateLimitOptions } from './rate-limit.js';
import { databaseReadiness, type ReadinessOptions } from './readiness.js';
import { RELAY_MOUNT, type RelayOptions, relayRoutes } from './relay.js';
import { requestId } from './request-id.js';
import { requestLog } from './request-log.js';
import { secretKeyAuth } from './secret-key-auth.js';
import { securityHeaders } from './security-headers.js';
import { mountStaticDirs, type StaticDirs } from './static-files.js';
import { userAuth } from './user-auth.js';
import { type VaultOptions, vaultRoutes } from './vault.js';
import { vaultFrameRoutes } from './vault-frame.js';

/** Options of {@link createApp}. */
export interface AppOptions {
  /**
   * The database, already migrated, or a function returning it once it is open (undefined before).
   * The function form lets the server listen, and answer `/health`, while the database is still
   * opening.
   */
  db: Database | (() => Database | undefined);
  /**
   * Whether the server has started (migrated, seeded); defaults to "the database is available".
   * `/ready` also needs the database to answer now.
   */
  isReady?: () => boolean;
  /** How `/ready` checks the database: its timeout and how long a good answer is reused. */
  readiness?: ReadinessOptions;
  /** URL prefixes mapped to directories, e.g. `{ '/widgets/': 'widgets/dist' }`. */
  staticDirs?: StaticDirs;
  /** Where `GET /` redirects; `null` for no redirect. */
  rootRedirect?: string | null;
  /** Providers announced in `/v1/config`. */
  providers?: readonly string[];
  /** Receives one line per request and every unexpected error. Silent by default. */
  logger?: Logger;
  /** The provider relay: its providers, upstream URLs (tests), timeout and body limit. */
  relay?: RelayOptions;
  /**
   * The origin browsers use for this server, when a proxy in front of it ends TLS (e.g.
   * `https://api.example.com`); the vault frame's own calls come from it. By default, the origin
   * of the request URL.
   */
  publicOrigin?: string;
  /**
   * The key that decrypts partners' secret keys (to verify HS256 user tokens and authenticate the
   * partner API). Without it, those answer 503 `not_configured`.
   */
  masterKey?: MasterKey | (() => MasterKey | undefined);
  /** Vault sync: the largest blob (10 MiB by default). */
  vault?: VaultOptions;
  /** Rate limits: by each partner's tier (default), fixed budgets, or `false` for none. */
  rateLimits?: RateLimitOptions;
  /**
   * Mounts `POST /demo/user-token`, which mints user tokens of the demo partner for anonymous
   * visitors. Only `tessera demo` sets it; never on a server with real partners.
   */
  demoUserToken?: DemoUserTokenOptions;
}

/**
 * The hosted API as a Hono app: health and readiness, the partner API under `/v1` (the vault and
 * the relay need a user token), the OpenAPI document at `/openapi.json`, and static files. Serve it
 * with `createNodeServer`, or call `app.request()` in tests.
 */
export function createApp(options: AppOptions): OpenAPIHono<AppEnv> {
  const { db, staticDirs = {}, rootRedirect = '/examples/script-tag/', logger = silentLogger } = options;
  const givenKey = options.masterKey;
  const masterKey = typeof givenKey === 'function' ? givenKey : () => givenKey;
  const getDb = typeof db === 'function' ? db : () => db;
  const isReady = options.isReady ?? (() => getDb() !== undefined);
  // Gated on readiness, not just on the database: the demo seeds its partner after migrating, and a
  // request in between would wrongly be told its key is unknown.
  const readyDb = () => (isReady() ? getDb() : undefined);
  const limiter = createRateLimiter(options.rateLimits);
  const providers = options.providers ?? DEFAULT_PROVIDERS;

  const app = new OpenAPIHono<AppEnv>();
  registerComponents(app);
  app.use(requestId());
  app.use(requestLog(logger));
  app.use(securityHeaders());

  app.route('/', healthRoutes(databaseReadiness(isReady, getDb, { ...options.readiness, logger })));
  app.use('/v1/*', async (c, next) => {
    await next();
    if (c.res.status >= 400) exposeErrorToOrigin(c);
  });
  app.use('/v1/*', partnerAuth(readyDb, limiter, options.publicOrigin));
  app.use(SECRET_KEY_MOUNT, secretKeyAuth({ getDb: readyDb, masterKey, limiter }));
  app.use(`${SECRET_KEY_MOUNT}/*`, secretKeyAuth({ getDb: readyDb, masterKey, limiter }));
  app.use('/v1/vault/*', userAuth({ getDb: readyDb, masterKey, limiter, logger }));
  app.use(
    `${RELAY_MOUNT}/*`,
    userAuth({
      getDb: readyDb,
      masterKey,
      limiter,
      logger,
      hint: `On relay calls, Authorization carries the user token; send the provider's own Authorization value as ${UPSTREAM_AUTHORIZATION_HEADER}.`,
    }),
  );
  app.route('/v1', configRoutes(providers));
  app.route('/v1/vault', vaultRoutes(readyDb, options.vault));
  app.route(SECRET_KEY_MOUNT, partnerApiRoutes(readyDb, providers));
  app.route(RELAY_MOUNT, relayRoutes({ authorize: enforceRelayPolicy, ...options.relay, logger }));
  documentRelay(app, RELAY_MOUNT);
  app.route('/', vaultFrameRoutes(readyDb));
  if (options.demoUserToken) {
    const { publicOrigin } = options;
    app.route('/', demoUserTokenRoutes({ ...options.demoUserToken, ...(publicOrigin ? { publicOrigin } : {}) }));
  }

  let document: unknown;
  app.get('/openapi.json', (c) => {
    document ??= app.getOpenAPI31Document({ openapi: '3.1.0', info: OPENAPI_INFO });
    c.header('Access-Control-Allow-Origin', '*');
    return c.json(document);
  });
  if (rootRedirect) app.get('/', (c) => c.redirect(rootRedirect, 302));
  mountStaticDirs(app, staticDirs);

  app.notFound((c) =>
    errorResponse(
      c,
      new ApiError(
        404,
        'not_found',
        `Nothing is served at ${c.req.method} ${new URL(c.req.url).pathname}: check the URL against the API reference.`,
      ),
    ),
  );
  app.onError((error, c) => {
    if (error instanceof ApiError) return errorResponse(c, error);
    const requestId = c.get('requestId');
    logger.error('unhandled_error', {
      requestId,
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      errorName: error.name,
      errorMessage: error.message,
    });
    return errorResponse(
      c,
      new ApiError(
        500,
        'internal_error',
        `Something went wrong on the server. Retry; if it persists, report request id ${requestId}.`,
      ),
    );
  });
  return app;
}
