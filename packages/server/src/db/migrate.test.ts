import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openTempDatabase, type TempDatabase } from '../test-support/temp-database.js';
import { DataDirLockedError } from './data-dir-lock.js';
import { migrate } from './migrate.js';
import { migrations } from './migrations/index.js';
import { openDatabase } from './open.js';

describe('migrate (PGlite)', () => {
  let temp: TempDatabase;
  before(async () => {
    temp = await openTempDatabase(); // migrated once already
  });
  after(() => temp?.dispose());

  const schemaSnapshot = async () =>
    (
      await temp.db.query<{ table_name: string; column_name: string; data_type: string }>(
        `select table_name, column_name, data_type from information_schema.columns
         where table_schema = 'public' order by table_name, column_name`,
      )
    ).rows;

  it('records every migration, in order, once', async () => {
    const { rows } = await temp.db.query<{ id: string }>('select id from schema_migrations order by id');
    assert.deepEqual(
      rows.map((row) => row.id),
      migrations.map((migration) => migration.id),
    );
  });

  it('changes nothing when run again', async () => {
    const before = await schemaSnapshot();
    assert.deepEqual(await migrate(temp.db), { applied: [] });
    assert.deepEqual(await migrate(temp.db), { applied: [] });
    assert.deepEqual(await schemaSnapshot(), before);
    const { rows } = await temp.db.query<{ count: number }>('select count(*)::int as count from schema_migrations');
    assert.equal(rows[0]?.count, migrations.length);
  });

  it('creates the partners table with its columns', async () => {
    const columns = (await schemaSnapshot()).filter((column) => column.table_name === 'partners');
    assert.deepEqual(
      columns.map((column) => [column.column_name, column.data_type]),
      [
        ['allowed_origins', 'ARRAY'],
        ['created_at', 'timestamp with time zone'],
        ['id', 'text'],
        ['name', 'text'],
        ['providers', 'ARRAY'],
        ['publishable_key', 'text'],
        ['relay_policy', 'jsonb'],
        ['theme', 'jsonb'],
        ['tier', 'text'],
        ['updated_at', 'timestamp with time zone'],
        ['widgets', 'ARRAY'],
      ],
    );
  });

  it('applies only the pending migrations, and applies a failing run not at all', async () => {
    const good = { id: '9998_good', sql: 'create table migration_test_good (x int);' };
    const bad = { id: '9999_bad', sql: 'create table migration_test_bad (x int); select * from no_such_table;' };
    await assert.rejects(migrate(temp.db, [...migrations, good, bad]), /no_such_table/);
    const tables = await temp.db.query<{ good: string | null; bad: string | null }>(
      `select to_regclass('migration_test_good')::text as good, to_regclass('migration_test_bad')::text as bad`,
    );
    assert.deepEqual(tables.rows[0], { good: null, bad: null });
    const recorded = await temp.db.query('select id from schema_migrations where id like $1', ['999%']);
    assert.equal(recorded.rows.length, 0);

    assert.deepEqual(await migrate(temp.db, [...migrations, good]), { applied: ['9998_good'] });
    assert.deepEqual(await migrate(temp.db, [...migrations, good]), { applied: [] });
  });

  it('refuses a list with duplicate or unordered ids before touching the database', async () => {
    const [first] = migrations;
    assert.ok(first);
    await assert.rejects(migrate(temp.db, [first, first]), /must come after/);
    await assert.rejects(migrate(temp.db, [{ id: '0002_b', sql: '' }, first]), /must come after/);
    await assert.rejects(migrate(temp.db, [{ id: 'partners', sql: '' }]), /must look like 0001_words/);
  });

  it('refuses to open a data directory that is already open', async () => {
    await assert.rejects(openDatabase({ dataDir: temp.dataDir }), DataDirLockedError);
  });

  it('runs statements in a transaction that rolls back on error', async () => {
    await temp.db.exec('create table tx_test (x int)');
    await assert.rejects(
      temp.db.transaction(async (tx) => {
        await tx.query('insert into tx_test (x) values ($1)', [1]);
        throw new Error('stop');
      }),
      /stop/,
    );
    await temp.db.transaction(async (tx) => {
      await tx.query('insert into tx_test (x) values ($1)', [2]);
    });
    const { rows } = await temp.db.query<{ x: number }>('select x from tx_test');
    assert.deepEqual(rows, [{ x: 2 }]);
  });
});
