import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { apiErrorBodySchema } from '@tessera/core';
import { tempDir } from '../test-support/temp-database.js';
import { createApp } from './app.js';
import { silentLogger } from './logger.js';
import { createNodeServer } from './node-server.js';
import { HTML_CONTENT_SECURITY_POLICY } from './security-headers.js';

const SECRET = 'SECRET-OUTSIDE-THE-SERVED-DIRECTORY';

describe('static files', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let app: ReturnType<typeof createApp>;

  before(async () => {
    dir = await tempDir();
    // Mirrors the repository: widgets/dist is served, widgets/package.json next to it is not.
    const widgets = join(dir.path, 'widgets');
    const dist = join(widgets, 'dist');
    const example = join(dir.path, 'examples', 'script-tag');
    await mkdir(join(dist, 'chunks'), { recursive: true });
    await mkdir(example, { recursive: true });
    await writeFile(join(widgets, 'package.json'), `{"name":"${SECRET}"}`);
    await writeFile(join(dir.path, 'secret.txt'), SECRET);
    await writeFile(join(dist, 'tessera.js'), 'console.log("tessera");');
    await writeFile(join(dist, 'tessera.js.map'), '{"version":3}');
    await writeFile(join(dist, 'tessera.css'), ':root{}');
    await writeFile(join(dist, 'manifest.json'), '{}');
    await writeFile(join(dist, 'chunks', 'chat-abc.js'), 'export {};');
    await writeFile(join(dist, 'chunks', 'tessera-ju38RxnG.js'), 'export const core = 1;');
    await writeFile(join(dist, 'chunks', 'embed.js'), 'export {};');
    await writeFile(join(dist, 'blob.bin'), 'x');
    await writeFile(join(dist, '.env'), SECRET);
    await symlink(join(dir.path, 'secret.txt'), join(dist, 'link.txt'));
    await writeFile(join(example, 'index.html'), '<!doctype html><title>demo</title>');
    await writeFile(join(example, 'page.html'), '<!doctype html><title>page</title>');
    app = createApp({ db: () => undefined, staticDirs: { '/widgets/': dist, '/examples/script-tag/': example } });
  });
  after(() => dir?.dispose());

  it('serves files with their content types', async () => {
    const cases: Array<[string, string, string]> = [
      ['/widgets/tessera.js', 'text/javascript; charset=utf-8', 'console.log("tessera");'],
      ['/widgets/tessera.js.map', 'application/json; charset=utf-8', '{"version":3}'],
      ['/widgets/tessera.css', 'text/css; charset=utf-8', ':root{}'],
      ['/widgets/manifest.json', 'application/json; charset=utf-8', '{}'],
      ['/widgets/chunks/chat-abc.js', 'text/javascript; charset=utf-8', 'export {};'],
      ['/widgets/blob.bin', 'application/octet-stream', 'x'],
      ['/examples/script-tag/page.html', 'text/html; charset=utf-8', '<!doctype html><title>page</title>'],
    ];
    for (const [path, type, body] of cases) {
      const response = await app.request(path);
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get('Content-Type'), type, path);
      assert.equal(response.headers.get('X-Content-Type-Options'), 'nosniff', path);
      assert.equal(await response.text(), body, path);
    }
  });

  it('lets browsers keep content-hashed chunks for good, and revalidates everything else by ETag', async () => {
    const hashed = await app.request('/widgets/chunks/tessera-ju38RxnG.js');
    assert.equal(hashed.headers.get('Cache-Control'), 'public, max-age=31536000, immutable');
    // Entry files keep their names across builds, so they must be revalidated.
    for (const path of ['/widgets/chunks/embed.js', '/widgets/chunks/chat-abc.js', '/widgets/tessera.js']) {
      assert.equal((await app.request(path)).headers.get('Cache-Control'), 'no-cache', path);
    }
    const first = await app.request('/widgets/tessera.js');
    const etag = first.headers.get('ETag');
    assert.match(etag ?? '', /^W\/"[0-9a-f]+-[0-9a-f]+"$/);
    const again = await app.request('/widgets/tessera.js', { headers: { 'If-None-Match': etag ?? '' } });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), '');
    const stale = await app.request('/widgets/tessera.js', { headers: { 'If-None-Match': 'W/"0-0"' } });
    assert.equal(stale.status, 200);
    assert.equal(await stale.text(), 'console.log("tessera");');
  });

  it('puts the strict Content-Security-Policy on HTML pages only', async () => {
    const page = await app.request('/examples/script-tag/page.html');
    assert.equal(
      page.headers.get('Content-Security-Policy'),
      "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' http: https:; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
    assert.equal(HTML_CONTENT_SECURITY_POLICY, page.headers.get('Content-Security-Policy'));
    assert.equal((await app.request('/widgets/tessera.js')).headers.get('Content-Security-Policy'), null);
  });

  it("serves a directory's index.html, and adds the slash a directory URL needs", async () => {
    const index = await app.request('/examples/script-tag/');
    assert.equal(index.status, 200);
    assert.equal(await index.text(), '<!doctype html><title>demo</title>');
    assert.ok(index.headers.get('Content-Security-Policy'));
    const bare = await app.request('/examples/script-tag');
    assert.equal(bare.status, 301);
    assert.equal(bare.headers.get('Location'), '/examples/script-tag/');
    const sub = await app.request('/widgets/chunks');
    assert.equal(sub.status, 301);
    assert.equal(sub.headers.get('Location'), '/widgets/chunks/');
  });

  it('answers HEAD like GET, without a body', async () => {
    const response = await app.request('/widgets/tessera.js', { method: 'HEAD' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('Content-Type'), 'text/javascript; charset=utf-8');
    assert.equal(await response.text(), '');
  });

  it('answers a missing file with 404 and the error body', async () => {
    const response = await app.request('/widgets/nope.js');
    assert.equal(response.status, 404);
    assert.equal(apiErrorBodySchema.parse(await response.json()).error.code, 'not_found');
  });

  it('never serves hidden files or symbolic links that lead outside', async () => {
    for (const path of ['/widgets/.env', '/widgets/%2eenv', '/widgets/link.txt', '/widgets/chunks/']) {
      const response = await app.request(path);
      assert.equal(response.status, 404, path);
      assert.equal((await response.text()).includes(SECRET), false, path);
    }
  });

  it('refuses directory traversal, plain and encoded', async () => {
    const cases: Array<[string, number]> = [
      // The URL parser resolves these to /package.json and /secret.txt, outside every prefix.
      ['/widgets/../package.json', 404],
      ['/widgets/%2e%2e/package.json', 404],
      ['/widgets/%2E%2E/%2e%2e/secret.txt', 404],
      // These keep the dots inside one segment; the handler must refuse them itself.
      ['/widgets/..%2fpackage.json', 400],
      ['/widgets/%2e%2e%2fpackage.json', 400],
      ['/widgets/chunks/..%2f..%2fpackage.json', 400],
      ['/widgets/..%5cpackage.json', 400],
      ['/widgets/%2e%2e%5c%2e%2e%5csecret.txt', 400],
      ['/widgets/tessera.js%00.css', 400],
      ['/widgets/%E0%A4%A', 400],
    ];
    for (const [path, status] of cases) {
      const response = await app.request(path);
      assert.equal(response.status, status, path);
      const body = await response.text();
      assert.equal(body.includes(SECRET), false, path);
      apiErrorBodySchema.parse(JSON.parse(body));
    }
  });

  describe('over a real socket, with raw request targets', () => {
    let server: Server;
    let port: number;
    before(async () => {
      server = createNodeServer(app, silentLogger);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    // Sends the path byte for byte: fetch() and app.request() would normalize it first.
    const raw = (path: string, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; body: string; requestId: string | undefined }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET', headers }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => {
            body += chunk;
          });
          const requestId = res.headers['x-request-id'];
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body,
              requestId: typeof requestId === 'string' ? requestId : undefined,
            }),
          );
        });
        req.on('error', reject);
        req.end();
      });

    it('serves a file', async () => {
      const { status, body } = await raw('/widgets/tessera.js');
      assert.deepEqual({ status, body }, { status: 200, body: 'console.log("tessera");' });
    });

    it('answers a request the adapter cannot parse in the error shape, with a request id', async () => {
      const response = await raw('/widgets/..\\package.json');
      assert.equal(response.status, 400);
      assert.equal(apiErrorBodySchema.parse(JSON.parse(response.body)).error.code, 'invalid_request');
      assert.ok(response.requestId);
    });

    it('never lets a traversal out', async () => {
      for (const path of [
        '/widgets/../package.json',
        '/widgets/../../secret.txt',
        '/widgets/%2e%2e/package.json',
        '/widgets/..%2fpackage.json',
        '/widgets/%2e%2e%2f%2e%2e%2fsecret.txt',
        '/widgets/..\\package.json',
        '/widgets/chunks/../../package.json',
      ]) {
        const { status, body } = await raw(path);
        assert.ok(status >= 400 && status < 500, `${path} answered ${status}`);
        assert.equal(body.includes(SECRET), false, path);
        apiErrorBodySchema.parse(JSON.parse(body));
      }
    });
  });
});
