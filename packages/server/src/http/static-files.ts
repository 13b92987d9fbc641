import { readFile, realpath, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { Hono } from 'hono';
import { contentTypeOf } from './content-types.js';
import type { AppEnv } from './context.js';
import { ApiError } from './errors.js';

/** Rollup's `chunkFileNames: '[name]-[hash].js'` under a `chunks/` directory. */
const HASHED_CHUNK = /\/chunks\/[^/]+-[A-Za-z0-9_-]{8}\.js$/;

/** URL prefixes (`/widgets/`) mapped to the directories served under them. */
export type StaticDirs = Readonly<Record<string, string>>;

/**
 * Serves each directory of `dirs` under its prefix: `index.html` for a directory, a redirect to add
 * the slash a directory URL needs (so the page's relative links resolve inside it), 404 for hidden
 * files and anything outside the directory.
 */
export function mountStaticDirs(app: Hono<AppEnv>, dirs: StaticDirs): void {
  for (const [rawPrefix, dir] of Object.entries(dirs)) {
    const prefix = `/${rawPrefix.replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
    const root = resolve(dir);
    if (prefix !== '/') {
      app.get(prefix.slice(0, -1), (c) => c.redirect(prefix, 301));
    }
    app.get(`${prefix}*`, async (c) => {
      const pathname = new URL(c.req.url).pathname;
      const segments = safeSegments(pathname.slice(prefix.length));
      const found = await findFile(root, segments, pathname.endsWith('/'));
      if (found === 'directory') return c.redirect(`${pathname}/`, 301);
      if (!found) throw notFound(pathname);
      const info = await stat(found);
      const headers = {
        'Content-Type': contentTypeOf(found),
        // A chunk named by its content hash never changes: the page and the vault frame share one
        // download. Anything else is revalidated every time (a developer rebuilds while the server
        // runs), cheaply, against its ETag.
        'Cache-Control': HASHED_CHUNK.test(pathname) ? 'public, max-age=31536000, immutable' : 'no-cache',
        ETag: `W/"${info.size.toString(16)}-${Math.trunc(info.mtimeMs).toString(16)}"`,
      };
      if (c.req.header('If-None-Match') === headers.ETag) return c.body(null, 304, headers);
      return c.body(new Uint8Array(await readFile(found)), 200, headers);
    });
  }
}

// The WHATWG URL parser already resolves `..` and `%2e%2e` segments before we see the path, but not
// an encoded slash or backslash (`..%2f`), which decodes to a separator inside one segment. Each
// segment is decoded on its own and anything that could step out of the directory is refused.
function safeSegments(rest: string): string[] {
  const segments: string[] = [];
  for (const raw of rest.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      throw invalidPath();
    }
    if (segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) throw invalidPath();
    segments.push(segment);
  }
  return segments;
}

/**
 * The real path of the file to send; `'directory'` when the URL names a directory without the
 * trailing slash; undefined when there is nothing to send.
 */
async function findFile(root: string, segments: string[], trailingSlash: boolean): Promise<string | undefined> {
  // Hidden files (.env, .git) are never part of what a directory publishes.
  if (segments.some((segment) => segment.startsWith('.'))) return undefined;
  let file = join(root, ...segments);
  let stats = await stat(file).catch(() => undefined);
  if (stats?.isDirectory()) {
    if (!trailingSlash) return 'directory';
    file = join(file, 'index.html');
    stats = await stat(file).catch(() => undefined);
  }
  if (!stats?.isFile()) return undefined;
  // A symbolic link inside the directory could point anywhere; only what really lives inside counts.
  const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
  return realFile.startsWith(realRoot + sep) ? realFile : undefined;
}

function invalidPath(): ApiError {
  return new ApiError(
    400,
    'invalid_path',
    'The path may not contain "." or ".." segments, encoded slashes or backslashes.',
  );
}

function notFound(pathname: string): ApiError {
  return new ApiError(
    404,
    'not_found',
    `Nothing is served at ${pathname}: check the file name and that the files are built (npm run build).`,
  );
}
