import type { Migration } from './migration.js';

/**
 * Vault sync: each user's encrypted blobs, as bytes the server cannot read. A user's writes are
 * numbered by one counter (vault_users.seq), taken under that row's lock inside the write's
 * transaction, so numbers are handed out in commit order: a blob's version and the change-list
 * cursor are that number. A deletion keeps the row as a tombstone so other devices learn of it.
 */
export const vaultBlobs: Migration = {
  id: '0003_vault_blobs',
  sql: `
    create table vault_users (
      partner_id text not null references partners (id) on delete cascade,
      user_id text not null,
      seq bigint not null,
      primary key (partner_id, user_id)
    );

    create table vault_blobs (
      partner_id text not null,
      user_id text not null,
      blob_id text not null,
      version bigint not null,
      deleted boolean not null default false,
      content_type text not null,
      size integer not null,
      data bytea,
      updated_at timestamptz not null default now(),
      primary key (partner_id, user_id, blob_id),
      foreign key (partner_id, user_id) references vault_users (partner_id, user_id) on delete cascade
    );
    create index vault_blobs_changes on vault_blobs (partner_id, user_id, version);
  `,
};
