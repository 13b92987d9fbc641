import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApp } from './app.js';

describe('GET /openapi.json', () => {
  const app = createApp({ db: () => undefined, rootRedirect: null });

  it('is an OpenAPI 3.1 document in valid JSON', async () => {
    const response = await app.request('/openapi.json');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('Content-Type') ?? '', /^application\/json/);
    const document = JSON.parse(await response.text());
    assert.equal(document.openapi, '3.1.0');
    assert.equal(typeof document.info.title, 'string');
    assert.deepEqual(Object.keys(document.components.securitySchemes).sort(), [
      'publishableKey',
      'secretKey',
      'userToken',
    ]);
    // Every $ref points at a component that exists.
    const refs = JSON.stringify(document).match(/"#\/components\/schemas\/[A-Za-z]+"/g) ?? [];
    assert.ok(refs.length > 10);
    for (const ref of refs) {
      const name = ref.slice('"#/components/schemas/'.length, -1);
      assert.ok(document.components.schemas[name], `${name} is defined`);
    }
  });

  it('lists every API route the app serves', async () => {
    const document = JSON.parse(await (await app.request('/openapi.json')).text());
    const documented = new Set<string>();
    for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(item)) documented.add(`${method.toUpperCase()} ${path}`);
    }
    // Every concrete route registered on the app (middleware and static files aside) is documented.
    const served = new Set(
      app.routes
        .filter((route) => route.method !== 'ALL' && !route.path.includes('*') && route.path !== '/openapi.json')
        .filter((route) => /^\/(v1|health|ready)/.test(route.path))
        .map((route) => `${route.method} ${route.path.replaceAll(/:([^/]+)/g, '{$1}')}`),
    );
    assert.ok(served.size >= 9, [...served].join(', '));
    for (const route of served) assert.ok(documented.has(route), `${route} is documented`);
    for (const route of [
      'GET /health',
      'GET /ready',
      'GET /v1/config',
      'GET /v1/partner',
      'PATCH /v1/partner',
      'GET /v1/vault/blobs',
      'PUT /v1/vault/blobs/{id}',
      'GET /v1/vault/blobs/{id}',
      'DELETE /v1/vault/blobs/{id}',
      'POST /v1/relay/{provider}/{path}',
    ]) {
      assert.ok(documented.has(route), `${route} is documented`);
    }
    const put = document.paths['/v1/vault/blobs/{id}'].put;
    for (const status of ['201', '401', '403', '412', '413', '429']) assert.ok(put.responses[status], status);
    assert.deepEqual(put.security, [{ publishableKey: [], userToken: [] }]);
  });

  it('describes bodies with the shared schemas, strict where the server is', async () => {
    const document = JSON.parse(await (await app.request('/openapi.json')).text());
    const update = document.components.schemas.PartnerUpdate;
    assert.equal(update.additionalProperties, false, 'unknown fields are refused, and documented so');
    assert.ok(update.properties.allowedOrigins);
    assert.deepEqual(document.components.schemas.VaultBlobList.required.sort(), ['blobs', 'cursor', 'hasMore']);
  });
});
