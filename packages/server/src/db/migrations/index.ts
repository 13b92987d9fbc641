import { partners } from './0001_partners.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

/** Every migration, oldest first. Add new ones at the end. */
export const migrations: readonly Migration[] = [partners];
