import { mintUserToken } from '../auth/user-token.js';
import type { Database } from '../db/database.js';
import { type CreatedPartner, createPartner } from '../partners/keys.js';
import { MasterKey } from '../secrets/master-key.js';

/** One master key for a test file's database. */
export function testMasterKey(): MasterKey {
  return MasterKey.generate();
}

/** A partner with its keys, and a way to mint tokens for its users. */
export interface TestPartner extends CreatedPartner {
  origin: string;
  token(userId: string, ttlSeconds?: number): Promise<string>;
}

/** Creates a partner (`id`, test keys) allowed from `origin`. */
export async function seedPartner(
  db: Database,
  masterKey: MasterKey,
  options: { id: string; origin: string; tier?: string },
): Promise<TestPartner> {
  const created = await createPartner(db, masterKey, {
    id: options.id,
    name: `Partner ${options.id}`,
    origins: [options.origin],
    ...(options.tier === undefined ? {} : { tier: options.tier }),
  });
  return {
    ...created,
    origin: options.origin,
    token: (userId, ttlSeconds) =>
      mintUserToken({ secretKey: created.secretKey, userId, ...(ttlSeconds === undefined ? {} : { ttlSeconds }) }),
  };
}
