import type { MiddlewareHandler } from 'hono';

/**
 * The policy of every HTML page served. Scripts and styles come only from this server (the widgets
 * work without inline code or eval); `connect-src` is open because the visitor picks the provider's
 * base URL, e.g. http://localhost:11434/v1 for a local model.
 */
export const HTML_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self' http: https:",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Headers for every response: `nosniff` so a file is only ever what its Content-Type says, and the
 * policy above on HTML.
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
    // A page with its own policy (the vault frame) keeps it.
    if (c.res.headers.get('Content-Type')?.startsWith('text/html') && !c.res.headers.has('Content-Security-Policy')) {
      c.res.headers.set('Content-Security-Policy', HTML_CONTENT_SECURITY_POLICY);
    }
  };
}
