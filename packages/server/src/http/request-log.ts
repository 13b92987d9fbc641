import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.js';
import type { Logger } from './logger.js';

/**
 * Logs one line per request: method, path, status, duration and request id. Only those: the query
 * string, headers and bodies are where keys and user content travel.
 */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    logger.info('request', {
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      requestId: c.get('requestId'),
    });
  };
}
