import * as z from 'zod/mini';
import { type TesseraError, tesseraErrorFromJSON } from '../errors/tessera-error.js';
import type { MuxRequest, StreamPart } from '../mux/schema.js';
import type { KeyCheckResult, MaskedKey } from './keyring.js';
import type { KeySyncStatus } from './sync/keyring-sync.js';

/**
 * A stream part as it crosses the frame boundary: errors travel as their JSON, and `end` closes
 * the stream on the same channel as the parts (a resolved call could overtake the last part).
 */
export type WireStreamPart =
  | Exclude<StreamPart, { type: 'error' }>
  | { type: 'error'; error: ReturnType<TesseraError['toJSON']> }
  | { type: 'end' };

export function toWirePart(part: StreamPart): WireStreamPart {
  return part.type === 'error' ? { type: 'error', error: part.error.toJSON() } : part;
}

export function fromWirePart(part: Exclude<WireStreamPart, { type: 'end' }>): StreamPart {
  return part.type === 'error' ? { type: 'error', error: tesseraErrorFromJSON(part.error) } : part;
}

export const streamIdSchema = z.string().check(z.regex(/^[A-Za-z0-9-]{8,64}$/));

/**
 * What a vault offers the page across the frame boundary: keys go in, masked keys and stream
 * parts come out. There is deliberately no way to read a key back.
 */
export interface VaultService {
  keys: {
    set(provider: string, apiKey: string, options?: { baseURL?: string }): Promise<void>;
    has(provider: string): Promise<boolean>;
    remove(provider: string): Promise<void>;
    list(): Promise<MaskedKey[]>;
    validate(provider: string, options?: { baseURL?: string }): Promise<KeyCheckResult>;
    rotate(provider: string, apiKey: string, options?: { baseURL?: string }): Promise<KeyCheckResult>;
    /** The vault's key sync: the page drives it, and passes the passphrase in, never gets a key out. */
    sync: {
      status(): Promise<KeySyncStatus>;
      enable(passphrase: string): Promise<KeySyncStatus>;
      restore(passphrase: string): Promise<KeySyncStatus>;
      disable(options?: { deleteSaved?: boolean }): Promise<KeySyncStatus>;
      flush(): Promise<KeySyncStatus>;
    };
  };
  /**
   * Lends the vault a way to get the signed-in user's token (a comlink proxy of the page's
   * `userToken`), which its API calls (key sync) use. The vault asks each time, so the page keeps
   * refreshing it; `undefined` takes it back.
   */
  lendUserToken(getUserToken: (() => Promise<string>) | undefined): void;
  /** Runs a stream with the vault's keys, handing parts to `onPart` in order, `end` last. */
  stream(request: MuxRequest, onPart: (part: WireStreamPart) => void, streamId: string): Promise<void>;
  /** Checks a key (the stored one when `apiKey` is absent) with a cheap authenticated call. */
  checkKey(input: { provider: string; apiKey?: string; baseURL?: string }): Promise<KeyCheckResult>;
  /** Stops a stream started with `stream`; the provider request is aborted. */
  abort(streamId: string): void;
}

/**
 * What a vault call that failed throws across the boundary: the TesseraError's JSON, because comlink
 * would pass an Error on as a bare message and lose its code.
 */
export interface WireError {
  tesseraError: ReturnType<TesseraError['toJSON']>;
}

export function isWireError(value: unknown): value is WireError {
  return typeof value === 'object' && value !== null && 'tesseraError' in value;
}
