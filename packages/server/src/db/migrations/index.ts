import { partners } from './0001_partners.js';
import { partnerKeys } from './0002_partner_keys.js';
import { vaultBlobs } from './0003_vault_blobs.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

/** Every migration, oldest first. Add new ones at the end. */
export const migrations: readonly Migration[] = [partners, partnerKeys, vaultBlobs];
