import { TesseraError } from '../errors/tessera-error.js';
import type { FinishReason, MuxResult, StreamPart, ToolCall, Usage } from './schema.js';

/** What has arrived so far; kept when a stream stops early. */
export interface PartialResult {
  text: string;
  reasoning: string;
  provider: string | undefined;
  model: string | undefined;
  usage: Usage | undefined;
}

/**
 * A streamed answer: async-iterable over its parts (by any number of consumers, each seeing every
 * part from the start) with a `result` promise. `result` rejects with the TesseraError that ended
 * the stream; `partial` keeps what arrived before it.
 */
export class MuxStream implements AsyncIterable<StreamPart> {
  readonly result: Promise<MuxResult>;
  readonly #parts: StreamPart[] = [];
  #finished = false;
  #wake: (() => void)[] = [];
  #text = '';
  #reasoning = '';
  #toolCalls: ToolCall[] = [];
  #usage: Usage | undefined;
  #provider: string | undefined;
  #model: string | undefined;
  #finishReason: FinishReason | undefined;

  readonly #costOf: (usage: Usage, provider: string, model: string) => number | undefined;

  /**
   * `source` pushes parts to an emit function (the router) or is iterated (adapters in tests);
   * `costOf` prices the final usage, undefined for models without prices.
   */
  constructor(
    source: AsyncIterable<StreamPart> | ((emit: (part: StreamPart) => void) => Promise<void>),
    costOf: (usage: Usage, provider: string, model: string) => number | undefined = () => undefined,
  ) {
    this.#costOf = costOf;
    this.result = this.#pump(source);
    // The error also travels as an `error` part; a caller who only iterates must not crash the
    // process with an unhandled rejection.
    this.result.catch(() => {});
  }

  get partial(): PartialResult {
    return {
      text: this.#text,
      reasoning: this.#reasoning,
      provider: this.#provider,
      model: this.#model,
      usage: this.#usage,
    };
  }

  async #pump(
    source: AsyncIterable<StreamPart> | ((emit: (part: StreamPart) => void) => Promise<void>),
  ): Promise<MuxResult> {
    let failure: TesseraError | undefined;
    const emit = (part: StreamPart) => {
      if (failure) return;
      this.#collect(part);
      this.#push(part);
      if (part.type === 'error') failure = part.error;
    };
    try {
      if (typeof source === 'function') {
        await source(emit);
      } else {
        for await (const part of source) {
          emit(part);
          if (failure) break;
        }
      }
    } finally {
      this.#finished = true;
      this.#notify();
    }
    if (failure) throw failure;
    if (!this.#finishReason || this.#provider === undefined || this.#model === undefined) {
      throw new TesseraError('invalid_response', 'The answer ended without saying it was finished. Try again.');
    }
    return {
      text: this.#text,
      reasoning: this.#reasoning,
      toolCalls: this.#toolCalls,
      usage: this.#usage,
      provider: this.#provider,
      model: this.#model,
      finishReason: this.#finishReason,
      cost: this.#usage ? this.#costOf(this.#usage, this.#provider, this.#model) : undefined,
    };
  }

  #collect(part: StreamPart): void {
    switch (part.type) {
      case 'start':
        this.#provider = part.provider;
        this.#model = part.model;
        break;
      case 'text-delta':
        this.#text += part.delta;
        break;
      case 'reasoning-delta':
        this.#reasoning += part.delta;
        break;
      case 'tool-call':
        this.#toolCalls.push({ id: part.toolCallId, name: part.toolName, args: part.args });
        break;
      case 'usage':
        this.#usage = part.usage;
        break;
      case 'finish':
        this.#finishReason = part.finishReason;
        break;
    }
  }

  #push(part: StreamPart): void {
    this.#parts.push(part);
    this.#notify();
  }

  #notify(): void {
    if (this.#wake.length === 0) return;
    const waiting = this.#wake;
    this.#wake = [];
    for (const wake of waiting) wake();
  }

  // A plain iterator rather than an async generator: buffered parts are handed out without the
  // generator machinery, which dominates the cost of a long stream.
  [Symbol.asyncIterator](): AsyncIterator<StreamPart> {
    let index = 0;
    const next = (): Promise<IteratorResult<StreamPart>> => {
      if (index < this.#parts.length)
        return Promise.resolve({ done: false, value: this.#parts[index++] as StreamPart });
      if (this.#finished) return Promise.resolve({ done: true, value: undefined });
      return new Promise<void>((resolve) => this.#wake.push(resolve)).then(next);
    };
    return { next, return: () => Promise.resolve({ done: true, value: undefined }) };
  }
}
