import type { Database } from './database.js';
import { migrations as allMigrations, type Migration } from './migrations/index.js';

/** What a migration run did. */
export interface MigrateResult {
  /** Ids of the migrations applied by this run, in order; empty when the schema was up to date. */
  applied: string[];
}

// Any constant works; it only has to be the same in every server process. Several instances behind
// a load balancer start together, and without the lock two of them would both see a migration as
// pending and run it twice.
const MIGRATION_LOCK_KEY = 7_283_011;

const ID_PATTERN = /^\d{4}_[a-z0-9_]+$/;

/**
 * Brings the schema up to date: applies, in id order, every migration not yet recorded in
 * `schema_migrations`. All of a run is one transaction, so a failing migration leaves the schema
 * as it was. Running it again once up to date changes nothing.
 */
export async function migrate(db: Database, migrations: readonly Migration[] = allMigrations): Promise<MigrateResult> {
  checkMigrations(migrations);
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.exec(`
      create table if not exists schema_migrations (
        id text primary key,
        applied_at timestamptz not null default now()
      );
    `);
    const done = await tx.query<{ id: string }>('select id from schema_migrations');
    const recorded = new Set(done.rows.map((row) => row.id));
    const applied: string[] = [];
    for (const migration of migrations) {
      if (recorded.has(migration.id)) continue;
      await tx.exec(migration.sql);
      await tx.query('insert into schema_migrations (id) values ($1)', [migration.id]);
      applied.push(migration.id);
    }
    return { applied };
  });
}

// A mistake in the list (a duplicate, a migration inserted before a released one) would apply
// migrations in an order no other database saw; refuse before touching anything.
function checkMigrations(migrations: readonly Migration[]): void {
  let previous = '';
  for (const { id } of migrations) {
    if (!ID_PATTERN.test(id)) throw new Error(`Migration id "${id}" must look like 0001_words.`);
    if (id <= previous)
      throw new Error(`Migration "${id}" must come after "${previous}": keep ids unique and in order.`);
    previous = id;
  }
}
