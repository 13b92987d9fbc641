/** The rows a statement returned, and how many rows it touched (for INSERT, UPDATE, DELETE). */
export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

/** What can run SQL: the database itself, or a transaction in progress. */
export interface Queryable {
  /**
   * Runs one statement with positional parameters (`$1`, `$2`, ...). Pass JSON values already
   * stringified and cast them in SQL (`$1::jsonb`): `pg` turns JS arrays into PostgreSQL arrays,
   * so letting each driver guess would store the same value differently on each engine.
   */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/**
 * The one database interface the server uses, whichever engine is behind it: PGlite embedded on
 * disk, or a real PostgreSQL. Code written against it must stay within SQL both engines share.
 */
export interface Database extends Queryable {
  /** Which engine is behind this interface; for logs and messages, never for branching SQL. */
  readonly engine: 'pglite' | 'postgres';
  /**
   * Runs `fn` in a transaction that commits when it resolves and rolls back when it throws.
   * Transactions do not nest: inside `fn`, use the `tx` it receives, never the database.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Waits for running statements, then releases the engine (and the data directory's lock). */
  close(): Promise<void>;
}
