import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { upsertDemoPartner } from '../partners/demo.js';
import { openTempDatabase, type TempDatabase } from '../test-support/temp-database.js';
import { createApp } from './app.js';

let temp: TempDatabase;
before(async () => {
  temp = await openTempDatabase();
  await upsertDemoPartner(temp.db, { origins: ['https://shop.example', 'http://localhost:5173'] });
});
after(() => temp.dispose());

test('the vault frame may be embedded only by the partner’s origins, and runs only our script', async () => {
  const app = createApp({ db: temp.db });
  const response = await app.request('/vault/frame.html?pk=pk_test_demo');
  assert.equal(response.status, 200);
  const csp = response.headers.get('content-security-policy') ?? '';
  assert.match(csp, /frame-ancestors https:\/\/shop\.example http:\/\/localhost:5173(;|$)/);
  assert.match(csp, /script-src 'self'/);
  assert.match(csp, /default-src 'none'/);
  assert.equal(response.headers.get('cache-control'), 'no-store');
  assert.match(await response.text(), /<script type="module" src="\/widgets\/chunks\/vault-frame\.js"><\/script>/);
});

test('an unknown or missing publishable key gets no vault frame', async () => {
  const app = createApp({ db: temp.db });
  assert.equal((await app.request('/vault/frame.html?pk=pk_test_nobody')).status, 401);
  assert.equal((await app.request('/vault/frame.html')).status, 401);
});

test('behind a TLS-ending proxy, the configured public origin is the server’s own', async () => {
  const app = createApp({ db: temp.db, publicOrigin: 'https://api.tessera.example' });
  const response = await app.request('http://10.0.0.5:8787/v1/config', {
    headers: { 'Tessera-Publishable-Key': 'pk_test_demo', Origin: 'https://api.tessera.example' },
  });
  assert.equal(response.status, 200);
});

test('calls from the server’s own origin (the vault frame) pass the origin check', async () => {
  const app = createApp({ db: temp.db });
  const response = await app.request('http://api.tessera.test/v1/config', {
    headers: { 'Tessera-Publishable-Key': 'pk_test_demo', Origin: 'http://api.tessera.test' },
  });
  assert.equal(response.status, 200);
  const foreign = await app.request('http://api.tessera.test/v1/config', {
    headers: { 'Tessera-Publishable-Key': 'pk_test_demo', Origin: 'https://evil.example' },
  });
  assert.equal(foreign.status, 403);
});
