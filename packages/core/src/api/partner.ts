import { themeSchema } from '@tessera/themes/schema';
import * as z from 'zod/mini';
import { ed25519PublicJwkSchema, partnerIdSchema } from './auth.js';
import { partnerConfigSchema, publishableKeySchema } from './schema.js';

/** A partner's plan. It gates features: which widgets it may enable, and its rate limits. */
export const partnerTierSchema = z.enum(['free', 'pro', 'enterprise']);
export type PartnerTier = z.infer<typeof partnerTierSchema>;

const nameSchema = z
  .string()
  .check(z.minLength(1, 'The name cannot be empty.'), z.maxLength(200, 'The name is at most 200 characters.'));
const slugSchema = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'Use lowercase letters, digits and dashes.'));

/**
 * Which providers the relay may call for the partner's users. `providers` absent: every provider in
 * the partner's provider allowlist.
 */
export const relayPolicySchema = z.strictObject({
  enabled: z.boolean(),
  providers: z.optional(z.array(slugSchema).check(z.maxLength(100))),
});
export type RelayPolicy = z.infer<typeof relayPolicySchema>;

/**
 * `GET /v1/config` as the server sends it: {@link partnerConfigSchema} plus the relay policy.
 * Clients that parse with `partnerConfigSchema` simply drop `relay`.
 */
export const partnerConfigResponseSchema = z.extend(partnerConfigSchema, { relay: relayPolicySchema });
export type PartnerConfigResponse = z.infer<typeof partnerConfigResponseSchema>;

/** A secret key as listed: never the key itself, only its id and a hint to recognise it. */
export const secretKeyInfoSchema = z.object({
  keyId: z.string(),
  /** `sk_test_acme_…` plus its last four characters. */
  hint: z.string(),
  createdAt: z.string(),
  /** When the key stops (or stopped) working; null while it has no end. */
  expiresAt: z.nullable(z.string()),
});

/** A registered EdDSA public key as listed. */
export const publicKeyInfoSchema = z.object({
  kid: z.string(),
  jwk: ed25519PublicJwkSchema,
  createdAt: z.string(),
  expiresAt: z.nullable(z.string()),
});

/** `GET /v1/partner` (server to server, with a secret key): the partner's own settings. */
export const partnerSettingsSchema = z.object({
  id: partnerIdSchema,
  name: z.string(),
  tier: partnerTierSchema,
  publishableKey: publishableKeySchema,
  allowedOrigins: z.array(z.string()),
  theme: themeSchema,
  widgets: z.array(z.string()),
  providers: z.array(z.string()),
  relay: relayPolicySchema,
  secretKeys: z.array(secretKeyInfoSchema),
  publicKeys: z.array(publicKeyInfoSchema),
  createdAt: z.string(),
});
export type PartnerSettings = z.infer<typeof partnerSettingsSchema>;

/**
 * `PATCH /v1/partner`: the settings a partner changes itself. Every field is optional; a field given
 * replaces the stored value whole. Unknown fields are refused, so a typo never passes silently.
 */
export const partnerUpdateSchema = z.strictObject({
  name: z.optional(nameSchema),
  /** Origins written as browsers send them: `https://app.example.com`, no path. */
  allowedOrigins: z.optional(
    z.array(z.string().check(z.maxLength(300))).check(z.maxLength(100, 'At most 100 allowed origins.')),
  ),
  theme: z.optional(themeSchema),
  widgets: z.optional(z.array(slugSchema).check(z.maxLength(50))),
  providers: z.optional(z.array(slugSchema).check(z.maxLength(100))),
  relay: z.optional(relayPolicySchema),
});
export type PartnerUpdate = z.infer<typeof partnerUpdateSchema>;
