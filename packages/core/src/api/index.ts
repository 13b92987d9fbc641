export { type ApiClient, createApiClient } from './client.js';
export {
  type ApiErrorBody,
  apiErrorBodySchema,
  healthSchema,
  type PartnerConfig,
  PUBLISHABLE_KEY_HEADER,
  partnerConfigSchema,
  publishableKeySchema,
} from './schema.js';
