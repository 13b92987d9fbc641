import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiErrorBodySchema, healthSchema, PUBLISHABLE_KEY_HEADER } from '@tessera/core';
import type { Database } from '../db/database.js';
import { capturingLogger } from '../test-support/capturing-logger.js';
import { answeringDatabase, failingDatabase } from '../test-support/fake-database.js';
import { createApp } from './app.js';
import { createJsonLogger } from './logger.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function errorOf(response: Response) {
  return apiErrorBodySchema.parse(await response.json()).error;
}

describe('health and readiness', () => {
  it('answers /health at once, and /ready only once the database is there', async () => {
    let db: Database | undefined;
    let ready = false;
    const app = createApp({ db: () => db, isReady: () => ready });

    const health = await app.request('/health');
    assert.equal(health.status, 200);
    assert.deepEqual(healthSchema.parse(await health.json()), { status: 'ok' });
    const starting = await app.request('/ready');
    assert.equal(starting.status, 503);
    assert.deepEqual(await starting.json(), { status: 'starting' });

    db = answeringDatabase();
    assert.equal((await app.request('/ready')).status, 503, 'a database not yet migrated is not ready');
    ready = true;
    const readyResponse = await app.request('/ready');
    assert.equal(readyResponse.status, 200);
    assert.deepEqual(await readyResponse.json(), { status: 'ok' });
    assert.equal((await app.request('/health')).status, 200);
  });

  it('answers /ready 503 unavailable when the database fails, while /health still answers 200', async () => {
    const app = createApp({ db: failingDatabase(new Error('connection refused')) });
    const response = await app.request('/ready');
    assert.equal(response.status, 503);
    assert.deepEqual(healthSchema.parse(await response.json()), { status: 'unavailable' });
    assert.equal((await app.request('/health')).status, 200);
  });

  it('answers /v1 with 503 and Retry-After while starting', async () => {
    const app = createApp({ db: () => undefined });
    const response = await app.request('/v1/config', { headers: { [PUBLISHABLE_KEY_HEADER]: 'pk_test_demo' } });
    assert.equal(response.status, 503);
    assert.equal(response.headers.get('Retry-After'), '1');
    assert.equal((await errorOf(response)).code, 'starting');
  });
});

describe('request ids, errors and logs', () => {
  it('puts a request id on every response, errors included', async () => {
    const app = createApp({ db: () => undefined });
    const ids = new Set<string>();
    for (const path of ['/health', '/no-such-page', '/v1/config']) {
      const id = (await app.request(path)).headers.get('X-Request-Id');
      assert.match(id ?? '', UUID, path);
      ids.add(id ?? '');
    }
    assert.equal(ids.size, 3);
  });

  it('keeps a well-formed incoming request id and replaces a malformed one', async () => {
    const app = createApp({ db: () => undefined });
    const kept = await app.request('/health', { headers: { 'X-Request-Id': 'lb-1234.abc' } });
    assert.equal(kept.headers.get('X-Request-Id'), 'lb-1234.abc');
    for (const malformed of ['two words', '{"json":1}', 'x'.repeat(129)]) {
      const replaced = await app.request('/health', { headers: { 'X-Request-Id': malformed } });
      assert.match(replaced.headers.get('X-Request-Id') ?? '', UUID, malformed);
    }
  });

  it('answers an unknown path with the error body', async () => {
    const app = createApp({ db: () => undefined });
    const response = await app.request('/no-such-page');
    assert.equal(response.status, 404);
    assert.match(response.headers.get('Content-Type') ?? '', /^application\/json/);
    const error = await errorOf(response);
    assert.equal(error.code, 'not_found');
    assert.match(error.message, /\/no-such-page/);
  });

  it('answers an unexpected error with 500, the request id, and a redacted log line', async () => {
    const log = capturingLogger();
    const app = createApp({
      db: failingDatabase(new Error('connection to postgres://admin:hunter2@db/x lost; key sk_live_abc123')),
      logger: createJsonLogger(log.write),
    });
    const response = await app.request('/v1/config', { headers: { [PUBLISHABLE_KEY_HEADER]: 'pk_test_demo' } });
    assert.equal(response.status, 500);
    const error = await errorOf(response);
    assert.equal(error.code, 'internal_error');
    const requestId = response.headers.get('X-Request-Id') ?? '';
    assert.ok(error.message.includes(requestId), 'the message gives the request id to report');
    assert.doesNotMatch(error.message, /postgres|hunter2|sk_live/, 'internals stay out of the response');

    const entries = log.lines.map((line) => JSON.parse(line));
    const failure = entries.find((entry) => entry.event === 'unhandled_error');
    assert.equal(failure?.requestId, requestId);
    assert.match(failure?.errorMessage, /postgres:\/\/\[redacted\]@db\/x/);
    const all = log.lines.join('');
    assert.doesNotMatch(all, /hunter2|sk_live_abc123|pk_test_demo/);
  });

  it('logs method, path, status, duration and request id; never headers, query or body', async () => {
    const log = capturingLogger();
    const app = createApp({ db: () => undefined, logger: createJsonLogger(log.write) });
    const response = await app.request('/health?token=secret-in-query', {
      method: 'GET',
      headers: { Authorization: 'Bearer tok_abcdef', [PUBLISHABLE_KEY_HEADER]: 'pk_live_abc' },
    });
    await app.request('/v1/config', {
      method: 'POST',
      headers: { Authorization: 'Bearer tok_abcdef', 'Content-Type': 'application/json' },
      body: JSON.stringify({ message: 'private words' }),
    });
    assert.equal(log.lines.length, 2);
    const entry = JSON.parse(log.lines[0] ?? '');
    assert.deepEqual(Object.keys(entry).sort(), [
      'event',
      'level',
      'method',
      'ms',
      'path',
      'requestId',
      'status',
      'time',
    ]);
    assert.equal(entry.event, 'request');
    assert.equal(entry.method, 'GET');
    assert.equal(entry.path, '/health');
    assert.equal(entry.status, 200);
    assert.equal(typeof entry.ms, 'number');
    assert.equal(entry.requestId, response.headers.get('X-Request-Id'));
    assert.doesNotMatch(log.lines.join(''), /secret-in-query|tok_abcdef|pk_live_abc|private words|Bearer/);
  });

  it('redirects / to the script-tag example, unless told otherwise', async () => {
    const response = await createApp({ db: () => undefined }).request('/');
    assert.equal(response.status, 302);
    assert.equal(response.headers.get('Location'), '/examples/script-tag/');
    assert.equal((await createApp({ db: () => undefined, rootRedirect: null }).request('/')).status, 404);
  });

  it('marks every response nosniff', async () => {
    const app = createApp({ db: () => undefined });
    for (const path of ['/health', '/missing']) {
      assert.equal((await app.request(path)).headers.get('X-Content-Type-Options'), 'nosniff');
    }
  });
});
