import { isTesseraError, type MessageRecord, type Tessera } from '@tessera/core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  TesseraErrorOccurredEvent,
  TesseraMessageReceivedEvent,
  TesseraMessageSentEvent,
} from '../../shared/events.js';

export interface ChatError {
  code: string;
  message: string;
}

export interface SendRequest {
  text: string;
  provider: string;
  model: string;
  baseURL?: string;
}

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Holds one conversation for a chat widget: loads it from the store, sends turns through
 * `tessera.chat`, and folds streamed text into the answer being written. Renders are batched to
 * one per animation frame so a fast stream never re-renders per token.
 */
export class ConversationController implements ReactiveController {
  conversationId: string | undefined;
  title = '';
  messages: MessageRecord[] = [];
  /** Text of the answer being streamed, by message id. */
  streamingText = '';
  streamingId: string | undefined;
  error: ChatError | undefined;
  loading = false;

  readonly #host: Host;
  #abort: AbortController | undefined;
  #frame = 0;
  #loadToken = 0;
  #loaded: Promise<void> = Promise.resolve();

  constructor(host: Host) {
    this.#host = host;
    host.addController(this);
  }

  get streaming(): boolean {
    return this.streamingId !== undefined;
  }

  hostDisconnected(): void {
    this.stop();
    cancelAnimationFrame(this.#frame);
  }

  /** Resolves when the conversation being loaded is shown. */
  get loaded(): Promise<void> {
    return this.#loaded;
  }

  /** Shows a conversation: the one asked for, else the most recent, else an empty new one. */
  load(tessera: Tessera, conversationId?: string): Promise<void> {
    this.#loaded = this.#load(tessera, conversationId);
    return this.#loaded;
  }

  async #load(tessera: Tessera, conversationId?: string): Promise<void> {
    const token = ++this.#loadToken;
    this.loading = true;
    this.#host.requestUpdate();
    try {
      const conversations = await tessera.chat.conversations();
      const wanted = conversationId ?? conversations[0]?.id;
      const found = conversations.find((c) => c.id === wanted);
      const messages = found ? await tessera.chat.messages(found.id) : [];
      if (token !== this.#loadToken) return;
      this.conversationId = found?.id;
      this.title = found?.title ?? '';
      this.messages = messages;
      this.error =
        conversationId && !found
          ? { code: 'validation', message: 'That conversation no longer exists. Send a message to start a new one.' }
          : undefined;
    } catch (error) {
      if (token === this.#loadToken) this.#fail(error);
    } finally {
      if (token === this.#loadToken) {
        this.loading = false;
        this.#host.requestUpdate();
      }
    }
  }

  /** Starts a new, empty conversation (saved when its first message is sent). */
  startNew(): void {
    this.stop();
    this.conversationId = undefined;
    this.title = '';
    this.messages = [];
    this.error = undefined;
    this.#host.requestUpdate();
  }

  async send(tessera: Tessera, request: SendRequest): Promise<boolean> {
    // A message sent while the conversation is still loading belongs to that conversation.
    await this.#loaded;
    if (this.streaming) return false;
    this.error = undefined;
    const abort = new AbortController();
    this.#abort = abort;
    let turn: Awaited<ReturnType<Tessera['chat']['send']>>;
    try {
      turn = await tessera.chat.send(
        { ...request, ...(this.conversationId ? { conversationId: this.conversationId } : {}) },
        { signal: abort.signal },
      );
    } catch (error) {
      this.#fail(error);
      this.#host.requestUpdate();
      return false;
    }
    // A load started meanwhile would show another conversation under this answer.
    this.#loadToken++;
    this.conversationId = turn.conversationId;
    this.title ||= request.text.slice(0, 80);
    this.messages = [...this.messages, turn.userMessage, turn.assistantMessage];
    this.streamingId = turn.assistantMessage.id;
    this.streamingText = '';
    this.#host.requestUpdate();
    this.#host.dispatchEvent(
      new TesseraMessageSentEvent({ conversationId: turn.conversationId, messageId: turn.userMessage.id }),
    );

    for await (const part of turn.stream) {
      if (part.type === 'text-delta') {
        this.streamingText += part.delta;
        this.#scheduleRender();
      }
    }
    try {
      const final = await turn.done;
      this.messages = this.messages.map((m) => (m.id === final.id ? final : m));
      if (final.error && final.error.code !== 'aborted') this.#fail(final.error);
      this.#host.dispatchEvent(
        new TesseraMessageReceivedEvent({
          conversationId: final.conversationId,
          messageId: final.id,
          status: final.status,
        }),
      );
    } catch (error) {
      this.#fail(error);
    } finally {
      this.streamingId = undefined;
      this.streamingText = '';
      this.#abort = undefined;
      this.#host.requestUpdate();
    }
    return true;
  }

  /** Stops the answer being streamed; what arrived is kept. */
  stop(): void {
    this.#abort?.abort();
  }

  #scheduleRender(): void {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#host.requestUpdate();
    });
  }

  #fail(error: unknown): void {
    this.error = isTesseraError(error)
      ? { code: error.code, message: error.message }
      : typeof error === 'object' && error !== null && 'code' in error && 'message' in error
        ? { code: String(error.code), message: String(error.message) }
        : { code: 'unknown', message: 'Something went wrong. Try again.' };
    this.#host.dispatchEvent(new TesseraErrorOccurredEvent(this.error));
  }
}
