import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './context.js';
import { documentedRouter, json, route } from './openapi.js';

/**
 * `GET /health` answers 200 whenever the process can answer at all (for restarts); `GET /ready`
 * answers 200 only once the database is open and migrated (for load balancers), 503 before.
 */
export function healthRoutes(isReady: () => boolean): OpenAPIHono<AppEnv> {
  const app = documentedRouter<AppEnv>();
  route(
    app,
    {
      method: 'get',
      path: '/health',
      summary: 'Liveness: 200 whenever the process answers',
      tags: ['operations'],
      responses: { 200: json('The process runs.', 'Health') },
    },
    (c) => {
      c.header('Cache-Control', 'no-store');
      return c.json({ status: 'ok' as const });
    },
  );
  route(
    app,
    {
      method: 'get',
      path: '/ready',
      summary: 'Readiness: 200 once the database is open and migrated',
      tags: ['operations'],
      responses: { 200: json('Ready for traffic.', 'Health'), 503: json('Still starting.', 'Health') },
    },
    (c) => {
      c.header('Cache-Control', 'no-store');
      return isReady() ? c.json({ status: 'ok' as const }) : c.json({ status: 'starting' as const }, 503);
    },
  );
  return app;
}
