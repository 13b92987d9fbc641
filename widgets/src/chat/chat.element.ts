import type { AvailableModel, Tessera } from '@tessera/core';
import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { TesseraElement } from '../shared/tessera-element.js';
import { chatStyles } from './chat.styles.js';
import { ConversationController } from './controllers/conversation-controller.js';
import { formatCost } from './parts/format.js';
import { messageView } from './parts/message-view.js';
import { type ModelChoice, modelPicker } from './parts/model-picker.js';

/**
 * A streaming chat over the user's own provider keys. Every message is kept in the user's store.
 *
 * @tagname tessera-chat
 * @summary Streaming AI chat, themable and white-label.
 *
 * @fires tessera-message-sent - The user's message was saved and its answer started.
 * @fires tessera-message-received - The answer ended (`status`: complete, incomplete or error) and was saved.
 * @fires tessera-error-occurred - An error is shown to the user (`code`, `message`).
 *
 * @csspart base - The outer container.
 * @csspart header - The bar with the title, the model in use and the new-chat button.
 * @csspart new-chat-button - Starts a new conversation.
 * @csspart messages - The scrolling list of messages (an ARIA live log).
 * @csspart empty - What an empty conversation shows.
 * @csspart message - One message; also `message-user` or `message-assistant`.
 * @csspart bubble - A message's text.
 * @csspart meta - The line under an answer: model and status.
 * @csspart model - The model that answered.
 * @csspart usage - Input and output tokens of an answer.
 * @csspart cost - What an answer cost, in USD, where the model's prices are known.
 * @csspart total-cost - What the conversation has cost so far.
 * @csspart model-picker - Chooses the provider and model of the next message.
 * @csspart status - Why an answer is incomplete.
 * @csspart error - The error shown after a failure, with what to do.
 * @csspart composer - The form at the bottom.
 * @csspart input - The message textarea.
 * @csspart send-button - Sends the message.
 * @csspart stop-button - Stops the answer being written.
 *
 * @cssstate streaming - An answer is being written.
 * @cssstate error - An error is shown.
 *
 * @cssprop --tessera-color-accent - Send button and user bubbles.
 * @cssprop --tessera-color-on-accent - Text on the accent colour.
 * @cssprop --tessera-color-surface - Background.
 * @cssprop --tessera-color-surface-raised - Header and answer bubbles.
 * @cssprop --tessera-color-surface-sunken - Code blocks.
 * @cssprop --tessera-color-border - Borders.
 * @cssprop --tessera-color-text - Text colour.
 * @cssprop --tessera-color-text-muted - Secondary text (model, status, hints).
 * @cssprop --tessera-color-danger - Error text and border.
 * @cssprop --tessera-color-danger-surface - Error background.
 * @cssprop --tessera-color-focus-ring - Focus outline.
 * @cssprop --tessera-font-body - Text font.
 * @cssprop --tessera-font-mono - Code font.
 * @cssprop --tessera-font-size-sm - Small text size.
 * @cssprop --tessera-font-size-md - Body text size.
 * @cssprop --tessera-space-sm - Small spacing.
 * @cssprop --tessera-space-md - Medium spacing.
 * @cssprop --tessera-radius-sm - Radius of inputs, buttons and code blocks.
 * @cssprop --tessera-radius-md - Radius of the chat and bubbles (unless --tessera-chat-radius is set).
 * @cssprop --tessera-chat-bubble-user-bg - User bubble background.
 * @cssprop --tessera-chat-bubble-user-fg - User bubble text.
 * @cssprop --tessera-chat-bubble-assistant-bg - Answer bubble background.
 * @cssprop --tessera-chat-bubble-assistant-fg - Answer bubble text.
 * @cssprop --tessera-chat-radius - Corner radius of the chat and its bubbles.
 */
export class TesseraChat extends TesseraElement {
  static override styles = chatStyles;

  /** Provider id used for the next message (`openai`, `openai-compatible`, …). */
  @property() provider = '';

  /** Model used for the next message. */
  @property() model = '';

  /** Base URL of the provider's API, e.g. `http://localhost:11434/v1` for a local Ollama. */
  @property({ attribute: 'base-url' }) baseUrl = '';

  /** The conversation to show; by default the most recent one. */
  @property({ attribute: 'conversation-id' }) conversationId: string | undefined;

  /** Accessible name of the chat region. */
  @property() label = 'Chat';

  @query('textarea') private input!: HTMLTextAreaElement;

  /** Catalog models, refreshed when the user's keys change. */
  @state() private models: AvailableModel[] = [];

  readonly #conversation = new ConversationController(this);
  readonly #internals = this.attachInternals();
  #loadedFrom: Tessera | undefined;
  #shownCount = 0;
  #refreshModels = () => {
    void this.instance?.mux
      .models()
      .then((models) => {
        this.models = models;
      })
      .catch(() => {});
  };

  /** Resolves when the conversation shown has been read from the store. */
  get loaded(): Promise<void> {
    return this.#conversation.loaded;
  }

  /** Sends `text` as the user's message (what the Send button does). Resolves when the answer has ended. */
  async send(text: string): Promise<void> {
    // The first render is what starts loading the conversation this message belongs to.
    await this.updateComplete;
    const tessera = this.instance;
    if (!tessera) return;
    // The base-url attribute belongs to the provider it was given with: a key for another
    // provider chosen in the picker must never travel to that address.
    const baseURL = this.baseUrl && this.provider === this.getAttribute('provider') ? this.baseUrl : undefined;
    const sent = this.#conversation.send(tessera, {
      text,
      provider: this.provider,
      model: this.model,
      ...(baseURL ? { baseURL } : {}),
    });
    await sent;
  }

  /** Stops the answer being written; what arrived is kept. */
  stop(): void {
    this.#conversation.stop();
  }

  /** Starts a new, empty conversation. */
  newConversation(): void {
    this.#conversation.startNew();
    this.input?.focus();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const tessera = this.instance;
    if (tessera && tessera !== this.#loadedFrom) {
      this.#loadedFrom?.events.off('keys-changed', this.#refreshModels);
      tessera.events.on('keys-changed', this.#refreshModels);
      this.#refreshModels();
    }
    if (tessera && (tessera !== this.#loadedFrom || changed.has('conversationId'))) {
      this.#loadedFrom = tessera;
      void this.#conversation.load(tessera, this.conversationId);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#loadedFrom?.events.off('keys-changed', this.#refreshModels);
    this.#loadedFrom = undefined;
  }

  #choose(choice: ModelChoice): void {
    this.provider = choice.provider;
    this.model = choice.model;
  }

  #totals() {
    let cost = 0;
    let priced = false;
    for (const m of this.#conversation.messages) {
      if (m.cost !== undefined) {
        cost += m.cost;
        priced = true;
      }
    }
    return priced
      ? html`<span part="total-cost" title="Cost of this conversation">${formatCost(cost)}</span>`
      : nothing;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.#setState('streaming', this.#conversation.streaming);
    this.#setState('error', (this.startupError ?? this.#conversation.error) !== undefined);
    // Follow the newest message: after a conversation loads and while an answer streams.
    const list = this.renderRoot.querySelector('[part="messages"]');
    const count = this.#conversation.messages.length;
    if (list && (this.#conversation.streaming || count !== this.#shownCount)) list.scrollTop = list.scrollHeight;
    this.#shownCount = count;
  }

  #setState(name: string, on: boolean): void {
    const states = this.#internals.states;
    if (!states) return;
    if (on) states.add(name);
    else states.delete(name);
  }

  #submit(event: Event): void {
    event.preventDefault();
    const text = this.input.value;
    if (!text.trim() || this.#conversation.streaming) return;
    this.input.value = '';
    void this.send(text).then(() => this.input?.focus());
  }

  #keydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      (event.target as HTMLTextAreaElement).form?.requestSubmit();
    }
  }

  #emptyState() {
    if (this.startupError) return html`<p part="empty">The chat could not start.</p>`;
    if (!this.instance) return html`<p part="empty">Loading Tessera…</p>`;
    if (!this.provider || !this.model) {
      return html`<p part="empty">Choose a provider and a model to start. A local server such as Ollama needs no key.</p>`;
    }
    return html`<p part="empty">Ask anything. Answers stream from ${this.model}, and your conversation is kept on this device.</p>`;
  }

  override render() {
    const c = this.#conversation;
    const error = this.startupError ?? c.error;
    const ready = Boolean(this.instance && this.provider && this.model);
    return html`<section part="base" aria-label=${this.label}>
      <header part="header">
        <div class="heading">
          <h2 class="title">${c.title || 'New conversation'}</h2>
          ${this.#totals()}
        </div>
        ${
          this.instance
            ? modelPicker(
                this.models,
                this.instance.mux.providers(),
                { provider: this.provider, model: this.model },
                (choice) => this.#choose(choice),
              )
            : nothing
        }
        <button part="new-chat-button" type="button" @click=${this.newConversation}
          ?disabled=${c.streaming || c.messages.length === 0}
        >
          New chat
        </button>
      </header>
      <div part="messages" role="log" aria-live="polite" aria-label="Messages" aria-busy=${c.loading ? 'true' : 'false'}>
        ${
          c.messages.length === 0
            ? this.#emptyState()
            : repeat(
                c.messages,
                (m) => m.id,
                (m) => messageView(m, m.id === c.streamingId ? c.streamingText : undefined),
              )
        }
      </div>
      ${error ? html`<p part="error" role="alert">${error.message}</p>` : nothing}
      <form part="composer" @submit=${this.#submit}>
        <label class="visually-hidden" for="input">Message</label>
        <textarea
          id="input"
          part="input"
          rows="1"
          placeholder=${ready ? 'Write a message (Enter to send, Shift+Enter for a new line)' : 'Choose a provider and model first'}
          ?disabled=${!ready}
          @keydown=${this.#keydown}
        ></textarea>
        ${
          c.streaming
            ? html`<button part="stop-button" type="button" @click=${this.stop}>Stop</button>`
            : html`<button part="send-button" class="primary" type="submit" ?disabled=${!ready}>Send</button>`
        }
      </form>
    </section>`;
  }
}
