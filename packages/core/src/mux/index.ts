export { createMux, type Mux, type MuxDependencies, type StreamOptions } from './mux.js';
export { MuxStream, type PartialResult } from './mux-stream.js';
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
