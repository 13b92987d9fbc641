import { type PartnerUpdate, relayPolicySchema } from '@tessera/core';
import { themeSchema } from '@tessera/themes/schema';
import type { Queryable } from '../db/database.js';
import type { Partner } from './partner.js';

interface PartnerRow {
  id: string;
  name: string;
  tier: string;
  publishable_key: string;
  allowed_origins: string[];
  theme: unknown;
  widgets: string[] | null;
  providers: string[] | null;
  relay_policy: unknown;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS =
  'id, name, tier, publishable_key, allowed_origins, theme, widgets, providers, relay_policy, created_at, updated_at';

/** The partner a publishable key belongs to, or `undefined` when no partner has it. */
export async function findPartnerByPublishableKey(db: Queryable, publishableKey: string): Promise<Partner | undefined> {
  const result = await db.query<PartnerRow>(`select ${COLUMNS} from partners where publishable_key = $1`, [
    publishableKey,
  ]);
  const row = result.rows[0];
  return row ? toPartner(row) : undefined;
}

/** The partner with this id, or `undefined`. */
export async function findPartnerById(db: Queryable, id: string): Promise<Partner | undefined> {
  const result = await db.query<PartnerRow>(`select ${COLUMNS} from partners where id = $1`, [id]);
  const row = result.rows[0];
  return row ? toPartner(row) : undefined;
}

/** Every partner, oldest first. */
export async function listPartners(db: Queryable): Promise<Partner[]> {
  const result = await db.query<PartnerRow>(`select ${COLUMNS} from partners order by created_at, id`);
  return result.rows.map(toPartner);
}

/**
 * Whether any partner allows this (serialized) origin. For CORS preflights, which carry no
 * publishable key, so the partner is not known yet.
 */
export async function isOriginOfAnyPartner(db: Queryable, origin: string): Promise<boolean> {
  const result = await db.query('select 1 from partners where $1 = any(allowed_origins) limit 1', [origin]);
  return result.rows.length > 0;
}

/**
 * Applies a validated update (origins already normalized) in one statement, and returns the partner
 * as stored, or undefined when it does not exist. A field left out keeps its value.
 */
export async function updatePartner(db: Queryable, id: string, update: PartnerUpdate): Promise<Partner | undefined> {
  const result = await db.query<PartnerRow>(
    `update partners set
       name = coalesce($2, name),
       allowed_origins = coalesce($3, allowed_origins),
       theme = coalesce($4::jsonb, theme),
       widgets = coalesce($5, widgets),
       providers = coalesce($6, providers),
       relay_policy = coalesce($7::jsonb, relay_policy),
       updated_at = now()
     where id = $1
     returning ${COLUMNS}`,
    [
      id,
      update.name ?? null,
      update.allowedOrigins ?? null,
      update.theme === undefined ? null : JSON.stringify(update.theme),
      update.widgets ?? null,
      update.providers ?? null,
      update.relay === undefined ? null : JSON.stringify(update.relay),
    ],
  );
  const row = result.rows[0];
  return row ? toPartner(row) : undefined;
}

function toPartner(row: PartnerRow): Partner {
  return {
    id: row.id,
    name: row.name,
    tier: row.tier,
    publishableKey: row.publishable_key,
    allowedOrigins: row.allowed_origins,
    // Parsed on the way out so a theme edited by hand in the database cannot reach a page unchecked;
    // the schema also fills defaults for fields added after the row was written.
    theme: themeSchema.parse(row.theme),
    widgets: row.widgets,
    providers: row.providers,
    relayPolicy: row.relay_policy === null ? null : relayPolicySchema.parse(row.relay_policy),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
