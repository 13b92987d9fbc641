import type { Theme } from '@tessera/themes/schema';
import type { Database, Queryable } from '../db/database.js';
import type { MasterKey } from '../secrets/master-key.js';
import { rotateSecretKey, secretKeysInForce } from './keys.js';
import { normalizeOrigin } from './origin.js';
import type { Partner } from './partner.js';
import { findPartnerById } from './repository.js';

/** The demo partner's publishable key; the demo page embeds it literally. */
export const DEMO_PUBLISHABLE_KEY = 'pk_test_demo';
/** The demo partner's id. */
export const DEMO_PARTNER_ID = 'demo';

const DEMO_THEME: Theme = { preset: 'light', variables: {} };

/** Options of {@link upsertDemoPartner}. */
export interface DemoPartnerOptions {
  /** The origins the demo page is served from, e.g. `http://127.0.0.1:8787`. */
  origins: readonly string[];
}

/**
 * Creates the demo partner (`demo`, key `pk_test_demo`), or updates it for this run. The allowed
 * origins are replaced, not merged: the demo runs on one port at a time, and merging would leave
 * every port ever used allowed. The theme is only set on creation, so a theme someone edited
 * survives a restart.
 *
 * @throws {Error} when an origin is not an http(s) origin.
 */
export async function upsertDemoPartner(db: Queryable, options: DemoPartnerOptions): Promise<Partner> {
  const origins = [...new Set(options.origins.map(normalizeOrigin))];
  await db.query(
    `insert into partners (id, name, tier, publishable_key, allowed_origins, theme)
     values ($1, $2, $3, $4, $5, $6::jsonb)
     on conflict (id) do update set
       name = excluded.name,
       publishable_key = excluded.publishable_key,
       allowed_origins = excluded.allowed_origins`,
    [DEMO_PARTNER_ID, 'Tessera demo', 'free', DEMO_PUBLISHABLE_KEY, origins, JSON.stringify(DEMO_THEME)],
  );
  const partner = await findPartnerById(db, DEMO_PARTNER_ID);
  if (!partner) throw new Error('The demo partner was written but cannot be read back.');
  return partner;
}

/**
 * A secret key of the demo partner, to sign the demo's user tokens with: one already in force, so
 * tokens minted before a restart stay valid, or a new one. It stays in the server's memory; the
 * database keeps it encrypted under the master key like every partner's.
 */
export async function demoSecretKey(db: Database, masterKey: MasterKey): Promise<string> {
  const [inForce] = await secretKeysInForce(db, masterKey, DEMO_PARTNER_ID);
  if (inForce) return inForce;
  const issued = await rotateSecretKey(db, masterKey, DEMO_PARTNER_ID, { graceSeconds: 0 });
  if (!issued) throw new Error('The demo partner must be seeded before its secret key is made.');
  return issued.secretKey;
}
