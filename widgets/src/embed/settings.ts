import { publishableKeySchema } from '@tessera/core';
import { presetNameSchema } from '@tessera/themes/schema';
import * as z from 'zod/mini';

/**
 * What a script-tag embed is configured with: its `data-*` attributes or `window.tesseraSettings`.
 * `userToken` comes only from `window.tesseraSettings`: an attribute cannot hold a function, and a
 * token written into the page's HTML could not be renewed when it expires.
 */
export const embedSettingsSchema = z.object({
  publishableKey: z.optional(publishableKeySchema),
  /** Absolute, or relative to the page. */
  apiUrl: z.optional(z.string()),
  theme: z.optional(presetNameSchema),
  /** Tag prefix: `acme` registers `<acme-chat>`. */
  prefix: z.optional(
    z.string().check(z.regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'A prefix is lowercase letters, digits and dashes.')),
  ),
  /**
   * The signed-in user's token, which the partner's backend mints: the token itself, or a function
   * that returns it (or a promise of it). A function is called whenever a token is needed, and again
   * when the API says it expired, so it can fetch a fresh one from the partner's backend.
   */
  userToken: z.optional(
    z.union(
      [
        z.string().check(z.minLength(1)),
        z.custom<() => string | Promise<string>>((value) => typeof value === 'function'),
      ],
      { error: 'userToken must be the token (a non-empty string) or a function that returns it.' },
    ),
  ),
});
export type EmbedSettings = z.infer<typeof embedSettingsSchema>;
