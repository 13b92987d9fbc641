/**
 * One step of the schema. A migration never changes once released: a database that already ran
 * it would not run it again, so a fix is a new migration.
 */
export interface Migration {
  /** `NNNN_words`; migrations run in the order of their ids. */
  id: string;
  /** One or more statements, run inside the migration transaction. */
  sql: string;
}
