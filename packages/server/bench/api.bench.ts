// The hosted API under load: an authenticated config read (publishable key + allowed origin) and
// an authenticated vault put (publishable key + user token + a transaction on PGlite), each as a
// ratio to a bare Hono route served the same way in the same run. Load comes from autocannon in a
// worker thread; everything runs on 127.0.0.1. Figures are read, not asserted.
//
//   node --conditions=tessera-source --import tsx packages/server/bench/api.bench.ts
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PUBLISHABLE_KEY_HEADER } from '@tessera/core';
import autocannon from 'autocannon';
import { Hono } from 'hono';
import { mintUserToken } from '../src/auth/user-token.js';
import { createApp } from '../src/http/app.js';
import { silentLogger } from '../src/http/logger.js';
import { createNodeServer } from '../src/http/node-server.js';
import { createPartner } from '../src/partners/keys.js';
import { MasterKey } from '../src/secrets/master-key.js';
import { openTempDatabase } from '../src/test-support/temp-database.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CONNECTIONS = 10;
const BLOB_BYTES = 4096;

interface Result {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function load(options: autocannon.Options): Promise<Result> {
  // A short warm-up (JIT, connection pools, PGlite caches), then the measured run.
  await autocannon({ ...options, duration: 1, connections: CONNECTIONS, workers: 1 });
  return (await autocannon({ ...options, duration: SECONDS, connections: CONNECTIONS, workers: 1 })) as Result;
}

const temp = await openTempDatabase();
const masterKey = MasterKey.generate();
const origin = 'https://bench.example';
const partner = await createPartner(temp.db, masterKey, { id: 'bench', name: 'Bench', origins: [origin] });
const token = await mintUserToken({ secretKey: partner.secretKey, userId: 'bench-user', ttlSeconds: 3600 });

const bare = new Hono().get('/bare', (c) => c.json({ status: 'ok' }));
// Rate limits off: the point is the cost of the work, not how soon a budget runs out.
const app = createApp({ db: temp.db, masterKey, logger: silentLogger, rateLimits: false, rootRedirect: null });
const bareServer = createNodeServer(bare as never, silentLogger);
const apiServer = createNodeServer(app, silentLogger);
const bareUrl = await listen(bareServer);
const apiUrl = await listen(apiServer);

const scenarios: Array<[string, autocannon.Options]> = [
  ['bare Hono route (baseline)', { url: `${bareUrl}/bare` }],
  [
    'GET /v1/config (publishable key, origin)',
    { url: `${apiUrl}/v1/config`, headers: { [PUBLISHABLE_KEY_HEADER]: partner.publishableKey, origin } },
  ],
  [
    `PUT /v1/vault/blobs/{id} (${BLOB_BYTES / 1024} KB, user token)`,
    {
      url: `${apiUrl}/v1/vault/blobs/bench-blob`,
      method: 'PUT',
      headers: {
        [PUBLISHABLE_KEY_HEADER]: partner.publishableKey,
        origin,
        authorization: `Bearer ${token}`,
        'content-type': 'application/octet-stream',
        // Any version: every put replaces the blob, as a device that just read it would.
        'if-match': '*',
      },
      body: 'x'.repeat(BLOB_BYTES),
    },
  ],
];

// The vault put needs the blob to exist once (If-Match: * on a missing blob is a 412).
await fetch(`${apiUrl}/v1/vault/blobs/bench-blob`, {
  method: 'PUT',
  headers: { [PUBLISHABLE_KEY_HEADER]: partner.publishableKey, authorization: `Bearer ${token}` },
  body: 'x',
});

const results: Array<[string, Result]> = [];
for (const [name, options] of scenarios) results.push([name, await load(options)]);

apiServer.close();
bareServer.close();
await temp.dispose();

const [, baseline] = results[0] as [string, Result];
console.log(
  `\nHosted API under load: ${CONNECTIONS} connections, ${SECONDS} s each after a 1 s warm-up, PGlite, 127.0.0.1`,
);
console.log(
  `  ${'scenario'.padEnd(48)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'req/s ÷ bare'.padStart(13)} ${'p99 ÷ bare'.padStart(11)} ${'non-2xx'.padStart(8)}`,
);
for (const [name, result] of results) {
  console.log(
    `  ${name.padEnd(48)} ${result.requests.average.toFixed(0).padStart(8)} ${result.latency.p50.toFixed(1).padStart(7)} ${result.latency.p99.toFixed(1).padStart(7)} ${(result.requests.average / baseline.requests.average).toFixed(3).padStart(13)} ${(result.latency.p99 / Math.max(baseline.latency.p99, 0.001)).toFixed(1).padStart(11)} ${String(result.non2xx + result.errors + result.timeouts).padStart(8)}`,
  );
}
