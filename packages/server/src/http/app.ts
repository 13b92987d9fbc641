import { Hono } from 'hono';
import type { Database } from '../db/database.js';
import { configRoutes, DEFAULT_PROVIDERS } from './config.js';
import type { AppEnv } from './context.js';
import { ApiError, errorResponse } from './errors.js';
import { healthRoutes } from './health.js';
import { type Logger, silentLogger } from './logger.js';
import { partnerAuth } from './partner-auth.js';
import { RELAY_MOUNT, type RelayOptions, relayRoutes } from './relay.js';
import { requestId } from './request-id.js';
import { requestLog } from './request-log.js';
import { securityHeaders } from './security-headers.js';
import { mountStaticDirs, type StaticDirs } from './static-files.js';
import { vaultFrameRoutes } from './vault-frame.js';

/** Options of {@link createApp}. */
export interface AppOptions {
  /**
   * The database, already migrated, or a function returning it once it is open (undefined before).
   * The function form lets the server listen, and answer `/health`, while the database is still
   * opening.
   */
  db: Database | (() => Database | undefined);
  /** Whether the server is ready for traffic; defaults to "the database is available". */
  isReady?: () => boolean;
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
}

/**
 * The hosted API as a Hono app: health and readiness, the partner API under `/v1`, and static
 * files. Serve it with `createNodeServer`, or call `app.request()` in tests.
 */
export function createApp(options: AppOptions): Hono<AppEnv> {
  const { db, staticDirs = {}, rootRedirect = '/examples/script-tag/', logger = silentLogger } = options;
  const getDb = typeof db === 'function' ? db : () => db;
  const isReady = options.isReady ?? (() => getDb() !== undefined);

  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.use(requestLog(logger));
  app.use(securityHeaders());

  app.route(
    '/',
    healthRoutes(() => isReady() && getDb() !== undefined),
  );
  // Gated on readiness, not just on the database: the demo seeds its partner after migrating, and a
  // request in between would wrongly be told its key is unknown.
  app.use(
    '/v1/*',
    partnerAuth(() => (isReady() ? getDb() : undefined)),
  );
  app.route('/v1', configRoutes(options.providers ?? DEFAULT_PROVIDERS));
  app.route(RELAY_MOUNT, relayRoutes({ ...options.relay, logger }));
  app.route(
    '/',
    vaultFrameRoutes(() => (isReady() ? getDb() : undefined)),
  );
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
