import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './context.js';
import { documentedRouter, json, route } from './openapi.js';
import type { Readiness } from './readiness.js';

/**
 * `GET /health` answers 200 whenever the process can answer at all (for restarts); `GET /ready`
 * answers 200 only while the server has started and its database answers now (for load
 * balancers): 503 `starting` before, 503 `unavailable` while the database is unreachable.
 */
export function healthRoutes(readiness: () => Promise<Readiness>): OpenAPIHono<AppEnv> {
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
      summary: 'Readiness: 200 while the database is open, migrated and answering',
      description:
        'Runs `SELECT 1` (at most 1 s; a good answer is reused for 1 s). `starting` before the database is open and migrated, and while stopping; `unavailable` when it does not answer.',
      tags: ['operations'],
      responses: {
        200: json('Ready for traffic.', 'Health'),
        503: json('Still starting (`starting`), or the database is unreachable (`unavailable`).', 'Health', {
          'Retry-After': { description: 'Seconds to wait before polling again.', schema: { type: 'string' } },
        }),
      },
    },
    async (c) => {
      c.header('Cache-Control', 'no-store');
      const state = await readiness();
      if (state === 'ok') return c.json({ status: 'ok' as const });
      c.header('Retry-After', '1');
      return c.json({ status: state }, 503);
    },
  );
  return app;
}
