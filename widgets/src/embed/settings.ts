import { publishableKeySchema } from '@tessera/core';
import { presetNameSchema } from '@tessera/themes/schema';
import * as z from 'zod/mini';

/** What a script-tag embed is configured with: its `data-*` attributes or `window.tesseraSettings`. */
export const embedSettingsSchema = z.object({
  publishableKey: z.optional(publishableKeySchema),
  /** Absolute, or relative to the page. */
  apiUrl: z.optional(z.string()),
  theme: z.optional(presetNameSchema),
  prefix: z.optional(z.string()),
});
export type EmbedSettings = z.infer<typeof embedSettingsSchema>;
