import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeStartupError } from '../cli/startup-errors.js';
import { describeDatabase, openDatabase } from './open.js';

describe('openDatabase and describeDatabase', () => {
  it('never shows the credentials of a database URL', () => {
    assert.equal(
      describeDatabase({ databaseUrl: 'postgres://admin:hunter2@db.internal:5432/tessera' }),
      'PostgreSQL at db.internal:5432/tessera',
    );
    assert.match(describeDatabase({ dataDir: '/var/lib/tessera' }), /^PGlite in \/var\/lib\/tessera$/);
  });

  it('fails at open, not at the first request, when PostgreSQL cannot be reached', async () => {
    const databaseUrl = 'postgres://admin:hunter2@127.0.0.1:1/tessera';
    const error = await openDatabase({ databaseUrl }).then(
      () => assert.fail('opened a database that does not exist'),
      (reason: unknown) => reason,
    );
    const message = describeStartupError(error, { databaseUrl });
    assert.match(message, /^Cannot reach PostgreSQL at 127\.0\.0\.1:1\/tessera \(ECONNREFUSED\)/);
    assert.match(message, /--database-url/);
    assert.doesNotMatch(message, /hunter2/);
  });
});
