import * as z from 'zod/mini';
import type { TesseraError } from '../errors/tessera-error.js';

export const textPartSchema = z.object({ type: z.literal('text'), text: z.string() });

/**
 * An image the model should see, inline: `data` is standard base64 (no `data:` prefix). Each
 * dialect encodes it in its provider's own wire format; only models that read images accept it.
 */
export const imagePartSchema = z.object({
  type: z.literal('image'),
  mediaType: z.enum(['image/png', 'image/jpeg', 'image/webp', 'image/gif']),
  data: z.string().check(z.minLength(1, 'An image needs its bytes.')),
});
export type ImagePart = z.infer<typeof imagePartSchema>;

export const contentPartSchema = z.discriminatedUnion('type', [textPartSchema, imagePartSchema]);
export type ContentPart = z.infer<typeof contentPartSchema>;

export const chatMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.union([z.string(), z.array(contentPartSchema)]),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** The text of a message's content, its parts joined (images left out). */
export function textOfContent(content: ChatMessage['content']): string {
  if (typeof content === 'string') return content;
  let text = '';
  for (const part of content) if (part.type === 'text') text += part.text;
  return text;
}

/** The images of a message's content, in order. */
export function imagesOfContent(content: ChatMessage['content']): ImagePart[] {
  return typeof content === 'string' ? [] : content.filter((part) => part.type === 'image');
}

/** What `tessera.mux.stream()` accepts. `signal` is passed beside it: it is not data. */
export const muxRequestSchema = z.strictObject({
  provider: z.string().check(z.minLength(1, 'Choose a provider.')),
  model: z.string().check(z.minLength(1, 'Choose a model.')),
  messages: z.array(chatMessageSchema).check(z.minLength(1, 'Send at least one message.')),
  system: z.optional(z.string()),
  temperature: z.optional(z.number().check(z.gte(0), z.lte(2))),
  maxTokens: z.optional(z.int().check(z.positive())),
  baseURL: z.optional(
    z.url({ protocol: /^https?$/, error: 'The base URL must be an http(s) URL, like http://localhost:11434/v1.' }),
  ),
  apiKey: z.optional(z.string()),
  timeoutMs: z.optional(z.int().check(z.positive())),
  /** Tried in order when the request fails before its first token. */
  fallbacks: z.optional(
    z.array(
      z.strictObject({
        provider: z.string().check(z.minLength(1)),
        model: z.string().check(z.minLength(1)),
        baseURL: z.optional(z.url({ protocol: /^https?$/, error: 'A fallback base URL must be an http(s) URL.' })),
      }),
    ),
  ),
  /** Overrides the instance's retry policy for this request. */
  retry: z.optional(
    z.strictObject({
      maxRetries: z.optional(z.int().check(z.gte(0), z.lte(10))),
      maxDelayMs: z.optional(z.int().check(z.gte(0))),
    }),
  ),
  providerOptions: z.optional(z.record(z.string(), z.record(z.string(), z.unknown()))),
});
export type MuxRequest = z.input<typeof muxRequestSchema>;
export type ParsedMuxRequest = z.infer<typeof muxRequestSchema>;

/**
 * Token counts. `outputTokens` counts every billed output token, reasoning included;
 * `reasoningTokens` and `cachedInputTokens` are shares of output and input.
 */
export const usageSchema = z.object({
  inputTokens: z.number(),
  cachedInputTokens: z.number(),
  outputTokens: z.number(),
  reasoningTokens: z.number(),
  raw: z.optional(z.unknown()),
});
export type Usage = z.infer<typeof usageSchema>;

/** `unified` is one of a small fixed set; `raw` is what the provider said. */
export const finishReasonSchema = z.object({
  unified: z.enum(['stop', 'length', 'content-filter', 'tool-calls', 'error', 'aborted', 'other']),
  raw: z.optional(z.string()),
});
export type FinishReason = z.infer<typeof finishReasonSchema>;

const withId = { id: z.string() };

/** One normalized stream of events, whatever the provider. */
export const streamPartSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), provider: z.string(), model: z.string() }),
  z.object({ type: z.literal('text-start'), ...withId }),
  z.object({ type: z.literal('text-delta'), ...withId, delta: z.string() }),
  z.object({ type: z.literal('text-end'), ...withId }),
  z.object({ type: z.literal('reasoning-start'), ...withId }),
  z.object({ type: z.literal('reasoning-delta'), ...withId, delta: z.string() }),
  z.object({ type: z.literal('reasoning-end'), ...withId }),
  z.object({ type: z.literal('tool-input-start'), ...withId, toolName: z.string() }),
  z.object({ type: z.literal('tool-input-delta'), ...withId, delta: z.string() }),
  z.object({ type: z.literal('tool-input-end'), ...withId }),
  z.object({ type: z.literal('tool-call'), toolCallId: z.string(), toolName: z.string(), args: z.string() }),
  z.object({ type: z.literal('usage'), usage: usageSchema }),
  z.object({
    type: z.literal('finish'),
    finishReason: finishReasonSchema,
    providerMetadata: z.optional(z.record(z.string(), z.unknown())),
  }),
  z.object({ type: z.literal('error'), error: z.unknown() }),
]);
/** A stream part; an `error` part carries the TesseraError that ended the stream. */
export type StreamPart =
  | Exclude<z.infer<typeof streamPartSchema>, { type: 'error' }>
  | { type: 'error'; error: TesseraError };

export interface ToolCall {
  id: string;
  name: string;
  /** The JSON text the model produced, unparsed. */
  args: string;
}

/** What a finished stream adds up to. `provider` and `model` are those that actually answered. */
export interface MuxResult {
  text: string;
  reasoning: string;
  toolCalls: ToolCall[];
  usage: Usage | undefined;
  provider: string;
  model: string;
  finishReason: FinishReason;
  /** USD, from the model catalog's prices (or the partner's); undefined for a model without prices. */
  cost: number | undefined;
}
