import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { healthSchema } from '@tessera/core';
import type { Database } from '../db/database.js';
import { openDatabase } from '../db/open.js';
import { capturingLogger } from '../test-support/capturing-logger.js';
import { openTempDatabase, type TempDatabase } from '../test-support/temp-database.js';
import { createApp } from './app.js';
import { createJsonLogger } from './logger.js';

/** A database whose statements are counted, and held until released when `hold` is set. */
function countingDatabase(inner: Database) {
  const state = { queries: 0, hold: false, release: () => {} };
  const db: Database = {
    ...inner,
    async query(sql, params) {
      state.queries++;
      if (state.hold) await new Promise<void>((resolve) => (state.release = resolve));
      return inner.query(sql, params);
    },
  };
  return { db, state };
}

describe('/ready follows the database (PGlite)', () => {
  let temp: TempDatabase;
  let reopened: Database | undefined;
  before(async () => {
    temp = await openTempDatabase();
  });
  after(async () => {
    await reopened?.close();
    await temp?.dispose();
  });

  const readyOf = async (app: ReturnType<typeof createApp>) => {
    const response = await app.request('/ready');
    return {
      status: response.status,
      body: healthSchema.parse(await response.json()).status,
      retryAfter: response.headers.get('Retry-After'),
    };
  };

  it('answers 200, then 503 unavailable once the database is closed under the app, then 200 when it is back', async () => {
    const log = capturingLogger();
    let db: Database | undefined = temp.db;
    let clock = 0;
    const app = createApp({ db: () => db, readiness: { now: () => clock }, logger: createJsonLogger(log.write) });
    assert.deepEqual(await readyOf(app), { status: 200, body: 'ok', retryAfter: null });
    assert.equal((await app.request('/health')).status, 200);

    await temp.db.close();
    clock += 1001; // past the reuse of the last good answer
    assert.deepEqual(await readyOf(app), { status: 503, body: 'unavailable', retryAfter: '1' });
    assert.deepEqual(
      await readyOf(app),
      { status: 503, body: 'unavailable', retryAfter: '1' },
      'a failure is not reused',
    );
    assert.equal((await app.request('/health')).status, 200, '/health is the process, not the database');

    // The database comes back (here: opened again on the same directory).
    reopened = await openDatabase({ dataDir: temp.dataDir });
    db = reopened;
    temp.db = reopened;
    assert.deepEqual(await readyOf(app), { status: 200, body: 'ok', retryAfter: null });

    const events = log.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const database = events.filter((entry) => String(entry.event).startsWith('database_'));
    assert.deepEqual(
      database.map((entry) => [entry.event, entry.level]),
      [
        ['database_unavailable', 'warn'],
        ['database_recovered', 'info'],
      ],
      'one line when it is lost, one when it is back, not one per poll',
    );
    assert.equal(database[0]?.errorName, 'Error');
  });

  it('asks the database at most once per second however often it is polled, and again after', async () => {
    const { db, state } = countingDatabase(temp.db);
    let clock = 0;
    const app = createApp({ db, readiness: { now: () => clock } });
    for (let i = 0; i < 5; i++) assert.equal((await app.request('/ready')).status, 200);
    assert.equal(state.queries, 1, 'one SELECT 1 for five polls within a second');
    clock += 999;
    assert.equal((await app.request('/ready')).status, 200);
    assert.equal(state.queries, 1);
    clock += 2;
    assert.equal((await app.request('/ready')).status, 200);
    assert.equal(state.queries, 2, 'a second later, the database is asked again');
  });

  it('answers 503 when the database does not answer within the timeout, with one query however many polls', async () => {
    const { db, state } = countingDatabase(temp.db);
    state.hold = true;
    const app = createApp({ db, readiness: { timeoutMs: 50 } });
    const polls = await Promise.all([1, 2, 3].map(() => readyOf(app)));
    for (const poll of polls) assert.deepEqual(poll, { status: 503, body: 'unavailable', retryAfter: '1' });
    assert.equal(state.queries, 1, 'polls during a slow query wait for it instead of sending more');
    state.hold = false;
    state.release();
    // The held query answers: the next poll finds the database well.
    for (let i = 0; i < 100 && (await readyOf(app)).status !== 200; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(await readyOf(app), { status: 200, body: 'ok', retryAfter: null });
  });

  it('answers 503 starting before the server has started, whatever the database says', async () => {
    const app = createApp({ db: temp.db, isReady: () => false });
    assert.deepEqual(await readyOf(app), { status: 503, body: 'starting', retryAfter: '1' });
  });
});
