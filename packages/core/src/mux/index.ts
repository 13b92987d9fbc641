export { ModelCatalog } from './catalog/catalog.js';
export { costOf } from './catalog/cost.js';
export {
  type CatalogEntry,
  catalogEntrySchema,
  type ModelPrices,
  modelPricesSchema,
  type PriceOverrides,
} from './catalog/schema.js';
export type { KeyCheck } from './key-check.js';
export { type AvailableModel, createMux, type Mux, type MuxDependencies, type StreamOptions } from './mux.js';
export { MuxStream, type PartialResult } from './mux-stream.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './policy.js';
export type {
  AdapterCallContext,
  AdapterRequest,
  DialectAdapter,
  ErrorResponse,
  ProviderProfile,
} from './providers/provider.js';
export { ProviderRegistry } from './providers/registry.js';
export {
  type ChatMessage,
  chatMessageSchema,
  type FinishReason,
  type MuxRequest,
  type MuxResult,
  muxRequestSchema,
  type StreamPart,
  streamPartSchema,
  type ToolCall,
  type Usage,
  usageSchema,
} from './schema.js';
