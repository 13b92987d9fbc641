import type { Migration } from './migration.js';

/**
 * Partner settings (widgets, providers, relay policy; null means the default), secret keys stored
 * encrypted, registered EdDSA public keys, and the server's record of its master key.
 */
export const partnerKeys: Migration = {
  id: '0002_partner_keys',
  sql: `
    alter table partners
      add column widgets text[],
      add column providers text[],
      add column relay_policy jsonb,
      add column updated_at timestamptz not null default now();

    -- A secret key is never stored in clear: ciphertext is AES-256-GCM under the server's master key
    -- (with the partner and key ids as associated data), and fingerprint is an HMAC-SHA256 of the key
    -- under the master key, to find the row of a key presented to the API without decrypting all.
    create table partner_secret_keys (
      id text primary key,
      partner_id text not null references partners (id) on delete cascade,
      mode text not null check (mode in ('live', 'test')),
      hint text not null,
      fingerprint text not null unique,
      nonce bytea not null,
      ciphertext bytea not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz
    );
    create index partner_secret_keys_partner on partner_secret_keys (partner_id);

    create table partner_public_keys (
      partner_id text not null references partners (id) on delete cascade,
      kid text not null,
      jwk jsonb not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz,
      primary key (partner_id, kid)
    );

    create table server_settings (
      name text primary key,
      value text not null
    );
  `,
};
