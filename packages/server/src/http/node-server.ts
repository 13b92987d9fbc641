import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { getRequestListener, RequestError } from '@hono/node-server';
import type { Hono } from 'hono';
import type { AppEnv } from './context.js';
import { type ApiErrorCode, errorBody } from './errors.js';
import type { Logger } from './logger.js';
import { REQUEST_ID_HEADER } from './request-id.js';

/**
 * A Node HTTP server for the app. Requests Node can parse but not turn into a URL (a backslash in
 * the path, a bad Host header) never reach the app; they are answered here, in the same error
 * shape and with a request id, instead of the adapter's bare 400.
 */
export function createNodeServer(app: Hono<AppEnv>, logger: Logger): Server {
  const listener = getRequestListener(app.fetch, {
    errorHandler: (error) => {
      const requestId = randomUUID();
      const malformed = error instanceof RequestError;
      logger.warn(malformed ? 'malformed_request' : 'unhandled_error', {
        requestId,
        errorMessage: error instanceof Error ? error.message : String(error),
      });
      const [status, code, message]: [number, ApiErrorCode, string] = malformed
        ? [400, 'invalid_request', 'The request could not be read (malformed path or Host header): check the URL.']
        : [
            500,
            'internal_error',
            `Something went wrong on the server. Retry; if it persists, report request id ${requestId}.`,
          ];
      return new Response(JSON.stringify(errorBody(code, message)), {
        status,
        headers: {
          'Content-Type': 'application/json',
          'X-Content-Type-Options': 'nosniff',
          [REQUEST_ID_HEADER]: requestId,
        },
      });
    },
  });
  return createServer(listener);
}
