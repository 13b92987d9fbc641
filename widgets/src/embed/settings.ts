import { publishableKeySchema } from '@tessera/core';
import { presetNameSchema } from '@tessera/themes/schema';
import * as z from 'zod/mini';

/** What a script-tag embed is configured with: its `data-*` attributes or `window.tesseraSettings`. */
export const embedSettingsSchema = z.object({
  publishableKey: z.optional(publishableKeySchema),
  /** Absolute, or relative to the page. */
  apiUrl: z.optional(z.string()),
  theme: z.optional(presetNameSchema),
  /** Tag prefix: `acme` registers `<acme-chat>`. */
  prefix: z.optional(
    z.string().check(z.regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'A prefix is lowercase letters, digits and dashes.')),
  ),
});
export type EmbedSettings = z.infer<typeof embedSettingsSchema>;
