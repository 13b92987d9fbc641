import { Hono } from 'hono';
import type { AppEnv } from './context.js';

/**
 * `GET /health` answers 200 whenever the process can answer at all (for restarts); `GET /ready`
 * answers 200 only once the database is open and migrated (for load balancers), 503 before.
 */
export function healthRoutes(isReady: () => boolean): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/health', (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json({ status: 'ok' as const });
    })
    .get('/ready', (c) => {
      c.header('Cache-Control', 'no-store');
      return isReady() ? c.json({ status: 'ok' as const }) : c.json({ status: 'starting' as const }, 503);
    });
}
