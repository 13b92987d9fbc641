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
  created_at: Date;
}

const COLUMNS = 'id, name, tier, publishable_key, allowed_origins, theme, created_at';

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

/**
 * Whether any partner allows this (serialized) origin. For CORS preflights, which carry no
 * publishable key, so the partner is not known yet.
 */
export async function isOriginOfAnyPartner(db: Queryable, origin: string): Promise<boolean> {
  const result = await db.query('select 1 from partners where $1 = any(allowed_origins) limit 1', [origin]);
  return result.rows.length > 0;
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
    createdAt: row.created_at,
  };
}
