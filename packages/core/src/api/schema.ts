import { themeSchema } from '@tessera/themes/schema';
import * as z from 'zod/mini';

/** Header that carries a partner's publishable key on every widget request. */
export const PUBLISHABLE_KEY_HEADER = 'Tessera-Publishable-Key';

/**
 * Header that carries a provider's own `Authorization` value (`Bearer sk-…`) on relay calls, where
 * `Authorization` is the user token like on every user-scoped route. The relay sends it upstream
 * as `Authorization`.
 */
export const UPSTREAM_AUTHORIZATION_HEADER = 'Tessera-Upstream-Authorization';

export const publishableKeySchema = z
  .string()
  .check(z.regex(/^pk_(live|test)_[A-Za-z0-9]+$/, 'A publishable key looks like pk_live_… or pk_test_….'));

/** `GET /v1/config`: what a partner's widgets need to render in the partner's brand. */
export const partnerConfigSchema = z.object({
  partner: z.object({ id: z.string(), name: z.string() }),
  theme: themeSchema,
  widgets: z.array(z.string()),
  providers: z.array(z.string()),
});
export type PartnerConfig = z.infer<typeof partnerConfigSchema>;

/** The body of every error response of the hosted API. */
export const apiErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.optional(z.unknown()),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

/** `GET /health` and `GET /ready`. */
export const healthSchema = z.object({ status: z.enum(['ok', 'starting', 'unavailable']) });
