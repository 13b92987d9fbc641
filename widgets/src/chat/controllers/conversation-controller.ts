import {
  activeBranch,
  type BranchStep,
  type ChatTurn,
  isTesseraError,
  type MessageRecord,
  messageTree,
  newestLeaf,
  type SendInput,
  type Tessera,
} from '@tessera/core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import {
  TesseraBranchChangedEvent,
  TesseraErrorOccurredEvent,
  TesseraMessageReceivedEvent,
  TesseraMessageSentEvent,
} from '../../shared/events.js';
import type { Localizer } from '../../shared/i18n/localizer.js';
import { LiveText } from '../parts/live-text.js';
import { loadMarkdown, markdownReady } from '../parts/markdown-blocks.js';

export interface ChatError {
  code: string;
  message: string;
  /** How long the provider asked to wait before trying again (a rate limit), when it said. */
  retryAfterMs?: number;
}

/** The model a turn goes to. */
export interface Target {
  provider: string;
  model: string;
  baseURL?: string;
}

export interface SendRequest extends Target {
  text: string;
  /** Files sent with the message (images, text files). */
  attachments?: SendInput['attachments'];
}

type Host = ReactiveControllerHost & HTMLElement & { readonly i18n: Localizer };

/**
 * Holds one conversation for a chat widget: every branch of it, and the branch shown. Loads it
 * from the store, starts turns through `tessera.chat` (send, regenerate, edit), and streams the
 * answer into a `LiveText` that only the answer being written listens to: the host renders when a
 * turn starts and ends, not per token.
 */
export class ConversationController implements ReactiveController {
  conversationId: string | undefined;
  title = '';
  /** Every message of every branch, in the order they were written. */
  all: MessageRecord[] = [];
  /** The branch shown, from the first message to its leaf. */
  path: BranchStep[] = [];
  /** The answer being written, frame by frame. */
  readonly live = new LiveText();
  streamingId: string | undefined;
  error: ChatError | undefined;
  loading = false;

  readonly #host: Host;
  #leafId: string | undefined;
  #abort: AbortController | undefined;
  #loadToken = 0;
  #loaded: Promise<void> = Promise.resolve();

  constructor(host: Host) {
    this.#host = host;
    host.addController(this);
  }

  get streaming(): boolean {
    return this.streamingId !== undefined;
  }

  /** The messages of the branch shown. */
  get messages(): MessageRecord[] {
    return this.path.map((step) => step.message);
  }

  hostDisconnected(): void {
    this.stop();
    this.live.reset();
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
    this.stop();
    this.loading = true;
    this.#host.requestUpdate();
    try {
      const conversations = await tessera.chat.conversations();
      const wanted = conversationId ?? conversations[0]?.id;
      const found = conversations.find((c) => c.id === wanted);
      const messages = found ? await tessera.chat.messages(found.id) : [];
      // Answers are shown once, as Markdown, rather than as plain text first.
      if (messages.some((m) => m.role === 'assistant')) await this.#markdown();
      if (token !== this.#loadToken) return;
      this.conversationId = found?.id;
      this.title = found?.title ?? '';
      this.#show(messages, undefined);
      this.error =
        conversationId && !found
          ? { code: 'validation', message: this.#host.i18n.t('chat.error.conversationGone') }
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
    this.#loadToken++;
    this.conversationId = undefined;
    this.title = '';
    this.#show([], undefined);
    this.error = undefined;
    this.#host.requestUpdate();
  }

  /** Shows the branch through `messageId` (a sibling chosen with ‹ ›), down to its newest leaf. */
  showBranch(messageId: string): void {
    if (this.streaming) return;
    this.#show(this.all, newestLeaf(messageTree(this.all), messageId));
    this.#host.requestUpdate();
    this.#branchChanged();
  }

  /** Sends a message after the branch shown. Resolves when its answer has ended (false if it could not start). */
  async send(tessera: Tessera, request: SendRequest): Promise<boolean> {
    // A message sent while the conversation is still loading belongs to that conversation.
    await this.#loaded;
    const leaf = this.path.at(-1)?.message.id;
    return this.#turn(
      (signal) =>
        tessera.chat.send(
          {
            ...request,
            ...(this.conversationId
              ? { conversationId: this.conversationId, ...(leaf ? { parentId: leaf } : {}) }
              : {}),
          },
          { signal },
        ),
      false,
    );
  }

  /** Writes an answer again, as a new version beside it. */
  regenerate(tessera: Tessera, messageId: string, target: Target): Promise<boolean> {
    return this.#turn(
      (signal) => tessera.chat.regenerate({ messageId, conversationId: this.conversationId, ...target }, { signal }),
      true,
    );
  }

  /** Sends an edited user message as a new version beside it, and streams its answer. */
  edit(tessera: Tessera, messageId: string, text: string, target: Target): Promise<boolean> {
    return this.#turn(
      (signal) => tessera.chat.edit({ messageId, text, conversationId: this.conversationId, ...target }, { signal }),
      true,
    );
  }

  /** Stops the answer being streamed; what arrived is kept. */
  stop(): void {
    this.#abort?.abort();
  }

  /**
   * Renders on every streamed frame, the whole list (the benchmark's baseline, as the chat did before
   * answers streamed on their own). Returns the function that stops it.
   */
  renderEveryFrame(): () => void {
    return this.live.subscribe(() => this.#host.requestUpdate());
  }

  async #turn(start: (signal: AbortSignal) => Promise<ChatTurn>, branched: boolean): Promise<boolean> {
    if (this.streaming) return false;
    this.error = undefined;
    // Loads while the provider thinks: the answer's first words rarely arrive before it.
    void this.#markdown();
    const abort = new AbortController();
    this.#abort = abort;
    let turn: ChatTurn;
    try {
      turn = await start(abort.signal);
    } catch (error) {
      this.#abort = undefined;
      this.#fail(error);
      this.#host.requestUpdate();
      return false;
    }
    // A load started meanwhile would show another conversation under this answer.
    this.#loadToken++;
    this.conversationId = turn.conversationId;
    this.title ||= turn.userMessage.text.slice(0, 80);
    const added = this.all.some((m) => m.id === turn.userMessage.id)
      ? [turn.assistantMessage]
      : [turn.userMessage, turn.assistantMessage];
    this.live.reset();
    this.streamingId = turn.assistantMessage.id;
    this.#show([...this.all, ...added], turn.assistantMessage.id);
    this.#host.requestUpdate();
    if (added.length === 2) {
      this.#host.dispatchEvent(
        new TesseraMessageSentEvent({ conversationId: turn.conversationId, messageId: turn.userMessage.id }),
      );
    }
    if (branched) this.#branchChanged();

    // The stored error keeps code and sentence; the streamed one also says how long to wait.
    let streamed: unknown;
    for await (const part of turn.stream) {
      if (part.type === 'text-delta') this.live.append(part.delta);
      else if (part.type === 'error') streamed = part.error;
    }
    try {
      const final = await turn.done;
      this.all = this.all.map((m) => (m.id === final.id ? final : m));
      this.#show(this.all, this.#leafId);
      if (final.error && final.error.code !== 'aborted') {
        this.#fail(isTesseraError(streamed) && streamed.code === final.error.code ? streamed : final.error);
      }
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
      this.live.reset();
      this.#abort = undefined;
      this.#host.requestUpdate();
    }
    return true;
  }

  #show(messages: MessageRecord[], leafId: string | undefined): void {
    this.all = messages;
    this.path = activeBranch(messages, leafId);
    this.#leafId = this.path.at(-1)?.message.id;
  }

  /** Loads the Markdown renderer; rows shown as plain text meanwhile render again once it is there. */
  #markdown(): Promise<void> {
    if (markdownReady()) return Promise.resolve();
    return loadMarkdown().then(() => this.#host.requestUpdate());
  }

  #branchChanged(): void {
    if (!this.conversationId || !this.#leafId) return;
    this.#host.dispatchEvent(
      new TesseraBranchChangedEvent({ conversationId: this.conversationId, messageId: this.#leafId }),
    );
  }

  #fail(error: unknown): void {
    this.error = isTesseraError(error)
      ? {
          code: error.code,
          message: error.message,
          ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
        }
      : typeof error === 'object' && error !== null && 'code' in error && 'message' in error
        ? { code: String(error.code), message: String(error.message) }
        : { code: 'unknown', message: this.#host.i18n.t('chat.error.unknown') };
    this.#host.dispatchEvent(new TesseraErrorOccurredEvent(this.error));
  }
}
