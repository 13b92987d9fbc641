import type { TesseraError } from '../../errors/tessera-error.js';
import type { ParsedMuxRequest, StreamPart } from '../schema.js';

/**
 * A provider profile is data: where the provider lives, how it authenticates, which dialect it
 * speaks and its quirks. Most providers are a profile over the `openai-chat` dialect.
 */
export interface ProviderProfile {
  /** Stable id used in requests and stored with every message (`openai`, `openai-compatible`). */
  id: string;
  /** Name shown to people. */
  label: string;
  /** The id of the dialect adapter that speaks this provider's wire format. */
  dialect: string;
  /** Default base URL; absent when the user must give one (any OpenAI-compatible server). */
  baseURL?: string;
  /** Local servers usually need no key. */
  requiresKey: boolean;
  /** How the key travels: header name and an optional scheme (`Authorization: Bearer <key>`). */
  auth: { header: string; scheme?: string };
  /**
   * The provider refuses cross-origin requests from browsers (no CORS headers), so a browser must
   * reach it through the hosted relay. Calls from Node go direct.
   */
  requiresRelayInBrowser?: boolean;
  /** Where this provider's Chat Completions stream differs from OpenAI's; read by the `openai-chat` dialect. */
  openaiChat?: OpenAIChatQuirks;
}

/**
 * Differences between providers that speak the OpenAI Chat Completions dialect, as data. Every
 * field is optional and its absence means "as OpenAI does it".
 */
export interface OpenAIChatQuirks {
  /**
   * Ask for usage with `stream_options: { include_usage: true }` (default true). Off for providers
   * that reject unknown fields (Mistral answers 422) or send usage unasked.
   */
  streamUsageOption?: boolean;
  /** The request field that caps the answer (default `max_tokens`; OpenAI reasoning models accept only `max_completion_tokens`). */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
  /**
   * Dotted paths in a chunk where a usage object may be, first found wins (default `['usage']`).
   * Usage may arrive on several chunks; the last one seen is kept, which also covers providers that
   * repeat cumulative usage on every chunk.
   */
  usagePaths?: readonly string[];
  /**
   * Reasoning tokens are billed on top of `completion_tokens` (xAI) rather than inside them
   * (OpenAI, DeepSeek), so they are added to `outputTokens`.
   */
  reasoningTokensOutsideCompletion?: boolean;
  /** A usage field counting cached prompt tokens, read before `prompt_tokens_details.cached_tokens` (DeepSeek: `prompt_cache_hit_tokens`). */
  cachedTokensField?: string;
  /** Delta fields that carry reasoning text, first non-empty wins (default `['reasoning_content', 'reasoning']`). */
  reasoningFields?: readonly string[];
  /** Top-level chunk fields whose last value goes to `finish.providerMetadata[profile.id]` (Perplexity's `citations`). */
  metadataFields?: readonly string[];
  /** Path, after the base URL, of a cheap authenticated GET that proves a key works (default `/models`). */
  keyCheckPath?: string;
}

/** Everything an adapter needs to build one request, resolved by the router. */
export interface AdapterCallContext {
  profile: ProviderProfile;
  baseURL: string;
  apiKey: string | undefined;
  /** Call on every network read of the body: the router's idle timeout restarts on it. */
  onRead?: () => void;
}

export interface AdapterRequest {
  url: string;
  init: { method: 'POST' | 'GET'; headers: Record<string, string>; body?: string };
}

/** The status, headers and text of a failed HTTP response. */
export interface ErrorResponse {
  status: number;
  headers: Headers;
  bodyText: string;
}

/**
 * A dialect adapter speaks one wire format: it builds the request, parses the streamed body into
 * normalized parts, and maps error bodies to TesseraErrors. It knows nothing about retries,
 * fallbacks or keys; the router does.
 */
export interface DialectAdapter {
  id: string;
  buildRequest(request: ParsedMuxRequest, context: AdapterCallContext): AdapterRequest;
  /**
   * Yields parts from a successful response body. Throws a TesseraError when the stream carries
   * an error or ends before the answer is finished.
   */
  parseStream(body: ReadableStream<Uint8Array>, context: AdapterCallContext): AsyncIterable<StreamPart>;
  /**
   * The same parts grouped per network read, for dialects whose streams are long: the router
   * prefers it, since each async step costs more than the parts it carries.
   */
  parseStreamBatches?(body: ReadableStream<Uint8Array>, context: AdapterCallContext): AsyncIterable<StreamPart[]>;
  mapError(response: ErrorResponse, context: AdapterCallContext): TesseraError;
  /**
   * A cheap authenticated request that proves a key works (usually listing models), for
   * `tessera.keys.validate()`. A 2xx answer means the key is valid; errors go through `mapError`.
   */
  buildKeyCheck(context: AdapterCallContext): AdapterRequest;
}
