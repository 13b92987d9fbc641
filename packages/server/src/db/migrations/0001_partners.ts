import type { Migration } from './migration.js';

/** Partners: who may embed Tessera, from which origins, in which theme. */
export const partners: Migration = {
  id: '0001_partners',
  sql: `
    create table partners (
      id text primary key,
      name text not null,
      tier text not null default 'free',
      publishable_key text not null unique,
      allowed_origins text[] not null default '{}',
      theme jsonb not null default '{"preset":"light","variables":{}}',
      created_at timestamptz not null default now()
    );
  `,
};
