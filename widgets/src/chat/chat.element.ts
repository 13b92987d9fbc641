import {
  type AvailableModel,
  type ConversationRecord,
  isTesseraError,
  type MaskedKey,
  type MessageRecord,
  type Tessera,
} from '@tessera/core';
import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import {
  TesseraConversationSelectedEvent,
  TesseraErrorOccurredEvent,
  TesseraMessageCopiedEvent,
} from '../shared/events.js';
import { TesseraElement } from '../shared/tessera-element.js';
import { chatStyles } from './chat.styles.js';
import { type Attachments, AttachmentsController } from './controllers/attachments-controller.js';
import { type ChatError, ConversationController, type Target } from './controllers/conversation-controller.js';
import { ScrollFollowController } from './controllers/scroll-follow-controller.js';
import { attachmentStyles, ImageUrls, pendingChips } from './parts/attachments.js';
import { Busy } from './parts/busy.js';
import type { ConversationList } from './parts/conversation-list.js';
import { formatCost } from './parts/format.js';
import { type KeyManagerSource, keyDialogStyles, keyManagerFor, prefixOf, syncKeyManager } from './parts/key-dialog.js';
import { markdownReady } from './parts/markdown-blocks.js';
import { type MessageActions, messageView } from './parts/message-view.js';
import { type ModelChoice, modelPicker } from './parts/model-picker.js';

/** Below this width (px) the conversation list is a panel over the chat, closed by default. */
const NARROW = 640;
/** Rows rendered at once when a conversation opens; older ones follow, this many per task. */
const ROWS_PER_TASK = 30;
/** The parts of the chat whose code loads on first use, and can fail to download. */
type LazyPart = 'conversation-list' | 'key-manager';
/** What the file picker offers besides images: text, Markdown, CSV, JSON and source files. */
const TEXT_ACCEPT =
  'text/*,.md,.csv,.json,.jsonl,.yaml,.yml,.toml,.xml,.js,.mjs,.ts,.tsx,.jsx,.py,.rb,.go,.rs,.java,.c,.h,.cpp,.cs,.php,.sh,.sql';

/**
 * A streaming chat over the user's own provider keys. Every message is kept in the user's store,
 * every branch too: answers can be regenerated and messages edited, each as a new version beside
 * the old one (‹ 2/3 › switches between them).
 *
 * Long conversations stay smooth: only the answer being written re-renders, once per frame, and
 * rows off screen skip layout and paint (`content-visibility: auto`) while staying in the
 * accessibility tree and find-in-page. The list follows the newest text until the user scrolls up.
 *
 * @tagname tessera-chat
 * @summary Streaming AI chat, themable and white-label.
 *
 * @fires tessera-message-sent - The user's message (new or edited) was saved and its answer started.
 * @fires tessera-message-received - The answer ended (`status`: complete, incomplete or error) and was saved.
 * @fires tessera-error-occurred - An error is shown to the user (`code`, `message`).
 * @fires tessera-branch-changed - Another branch is shown (`conversationId`, `messageId` of its last message).
 * @fires tessera-message-copied - A message's text was copied to the clipboard (`messageId`).
 * @fires tessera-conversation-selected - The user opened a conversation from the list (`conversationId`).
 * @fires tessera-conversation-renamed - The user renamed a conversation (`conversationId`).
 * @fires tessera-conversation-deleted - The user deleted a conversation (`conversationId`, signed `receipt`, `verified`).
 *
 * @csspart base - The outer container.
 * @csspart main - The chat beside the conversation list.
 * @csspart header - The bar with the title, the model in use and the new-chat button.
 * @csspart conversations-toggle - Shows or hides the conversation list (with the `conversations` attribute).
 * @csspart new-chat-button - Starts a new conversation.
 * @csspart keys-button - Opens the key manager (add, check or remove provider keys, connect a local server).
 * @csspart key-dialog - The modal dialog around the key manager (Escape or its Close button closes it).
 * @csspart key-dialog-close-button - Closes the key manager.
 * @csspart key-manager - The key manager inside the dialog (a `<prefix-key-manager>`, loaded when first opened).
 * @csspart onboarding - What the chat says while no model can be used: add a key or connect a local server.
 * @csspart onboarding-button - Opens the key manager from the onboarding message.
 * @csspart messages - The scrolling list of messages (an ARIA live log).
 * @csspart empty - What an empty conversation shows.
 * @csspart jump-button - "Jump to latest", shown while the user has scrolled up.
 * @csspart message - One message; also `message-user` or `message-assistant`.
 * @csspart bubble - A message's text.
 * @csspart code-block - A fenced code block in an answer (header and code).
 * @csspart code-header - The bar above a code block: its language and the Copy button.
 * @csspart code-language - The language a code block is written in.
 * @csspart code-copy-button - Copies a code block's raw text.
 * @csspart table-scroll - The scrolling container around a table in an answer.
 * @csspart meta - The line under an answer: model and status.
 * @csspart model - The model that answered.
 * @csspart usage - Input and output tokens of an answer.
 * @csspart cost - What an answer cost, in USD, where the model's prices are known.
 * @csspart total-cost - What the conversation has cost so far.
 * @csspart status - Why an answer is incomplete.
 * @csspart actions - A message's buttons.
 * @csspart copy-button - Copies the message's text ("Copied" once done).
 * @csspart regenerate-button - Writes the answer again, as a new version.
 * @csspart edit-button - Edits the user's message and sends it again, as a new version.
 * @csspart edit-form - The in-place editor of a user message.
 * @csspart edit-input - Its textarea (Enter sends, Shift+Enter for a new line, Escape cancels).
 * @csspart edit-send-button - Sends the edited message.
 * @csspart edit-cancel-button - Leaves the message as it was.
 * @csspart branch-nav - ‹ n/m ›, on a message with other versions.
 * @csspart branch-previous-button - Shows the previous version.
 * @csspart branch-next-button - Shows the next version.
 * @csspart branch-position - Which version is shown, of how many ("2/3").
 * @csspart conversations - The conversation list (with the `conversations` attribute).
 * @csspart conversation-search - Filters the list by title.
 * @csspart conversation-notice - What just happened in the list (a deletion and its receipt, or an error).
 * @csspart conversation-list - The list itself, newest first.
 * @csspart conversation - One conversation; also `conversation-active` for the one shown.
 * @csspart conversation-button - Opens the conversation (its title).
 * @csspart rename-button - Renames the conversation in place (or F2).
 * @csspart conversation-title-input - The title being edited (Enter saves, Escape cancels).
 * @csspart delete-button - Asks to delete the conversation (or the Delete key).
 * @csspart confirm-delete-button - Deletes it for good.
 * @csspart cancel-delete-button - Keeps it.
 * @csspart conversation-empty - What the list shows when nothing matches.
 * @csspart model-picker - Chooses the provider and model of the next message.
 * @csspart error - The error shown after a failure, with what to do.
 * @csspart error-message - The error's sentence.
 * @csspart load-error - The error shown while part of the chat (the conversation list, the key manager) could not be downloaded; also `error`.
 * @csspart retry-load-button - Downloads that part again (clicking the list toggle or Keys does too).
 * @csspart open-keys-button - Opens the key manager, under an error about a refused key.
 * @csspart retry-countdown - How long the provider asked to wait before trying again (a rate limit).
 * @csspart retry-button - Writes the failed answer again, as a new version (what arrived is kept in the old one).
 * @csspart composer - The form at the bottom.
 * @csspart input - The message textarea (images pasted into it are attached).
 * @csspart attach-button - Attaches images or text files (also by dropping them on the composer).
 * @csspart attachments - The files attached to the next message.
 * @csspart attachment - One of them (name and size).
 * @csspart remove-attachment-button - Takes a file off the next message.
 * @csspart attachment-error - Why a file could not be attached (too large, too many, a type the model cannot read).
 * @csspart message-attachments - The files a user message was sent with.
 * @csspart attachment-image - An image a user sent (a thumbnail; needs `img-src blob:` under a strict CSP).
 * @csspart attachment-file - A text file a user sent (its name and size).
 * @csspart send-button - Sends the message.
 * @csspart stop-button - Stops the answer being written.
 *
 * @cssstate streaming - An answer is being written.
 * @cssstate error - An error is shown (also while part of the chat could not load).
 * @cssstate scrolled-up - The user scrolled away from the newest message (the list no longer follows it).
 * @cssstate conversations-open - The conversation list is shown.
 *
 * @cssprop --tessera-color-accent - Send button and user bubbles.
 * @cssprop --tessera-color-on-accent - Text on the accent colour.
 * @cssprop --tessera-color-surface - Background.
 * @cssprop --tessera-color-surface-raised - Header, answer bubbles and the conversation list.
 * @cssprop --tessera-color-surface-sunken - Code blocks.
 * @cssprop --tessera-color-border - Borders.
 * @cssprop --tessera-color-text - Text colour.
 * @cssprop --tessera-color-text-muted - Secondary text (model, status, hints, message actions).
 * @cssprop --tessera-color-danger - Error text and border, the delete confirmation.
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
 * @cssprop --tessera-code-bg - Code block background.
 * @cssprop --tessera-code-fg - Code text.
 * @cssprop --tessera-code-header-fg - Code block header text.
 * @cssprop --tessera-code-radius - Code block corner radius.
 * @cssprop --tessera-code-syntax-keyword-fg - Highlighted keywords (and the other `--tessera-code-syntax-*-fg` tokens: string, number, comment, function, title, attr, built-in, …).
 * @cssprop --tessera-chat-conversations-width - Width of the conversation list beside the chat (default 16rem).
 * @cssprop --tessera-chat-conversation-active-bg - Background of the conversation shown, in the list.
 */
export class TesseraChat extends TesseraElement {
  static override styles = [chatStyles, keyDialogStyles, attachmentStyles];

  /** Provider id used for the next message (`openai`, `openai-compatible`, …). */
  @property() provider = '';

  /** Model used for the next message. */
  @property() model = '';

  /**
   * Base URL of the provider's API, e.g. `http://localhost:11434/v1` for a local Ollama. It belongs
   * to the provider set with it (as attribute or property, in either order, before the chat renders):
   * when the user picks another provider, that provider's own address is used.
   */
  @property({ attribute: 'base-url' }) baseUrl = '';

  /** The conversation to show; by default the most recent one. Follows the user's choice in the list. */
  @property({ attribute: 'conversation-id' }) conversationId: string | undefined;

  /**
   * Shows the list of past conversations (search, rename, delete) beside the chat, or as a panel
   * over it below 640px wide. Off by default: an embed that shows one conversation stays as it was,
   * and never downloads the list's code.
   */
  @property({ type: Boolean }) conversations = false;

  /** Accessible name of the chat region; by default "Chat" in the chat's language. */
  @property() label: string | undefined;

  /**
   * @internal The benchmark's baseline: re-renders the whole list and the whole answer on every
   * streamed frame, as the chat did before. Never for production.
   */
  renderEveryFrame = false;

  @query('#input') private input!: HTMLTextAreaElement;

  /** Catalog models, refreshed when the user's keys change. */
  @state() private models: AvailableModel[] = [];
  @state() private copiedId: string | undefined;
  @state() private editingId: string | undefined;
  /** The list shown or hidden by the user; undefined: as the width suggests. */
  @state() private listOpen: boolean | undefined;
  @state() private narrow = false;
  /** The user's keys, masked (undefined until read): none and no base URL means onboarding. */
  @state() private keys: MaskedKey[] | undefined;
  /** Seconds until a rate-limited provider takes requests again. */
  @state() private retryIn = 0;
  /** Parts whose code could not be downloaded: the chat says so until they load. */
  @state() private unloaded: readonly LazyPart[] = [];

  readonly #conversation = new ConversationController(this);
  readonly #scroll = new ScrollFollowController(this);
  readonly #attachments = new AttachmentsController(this);
  readonly #imageUrls = new ImageUrls();
  @state() private dropping = false;
  readonly #internals = this.attachInternals();
  #list: ConversationList | undefined;
  #listLoading = false;
  #loadedFrom: Tessera | undefined;
  #stopEveryFrame: (() => void) | undefined;
  /** How many of the newest rows are rendered: a long conversation opens with its end, then grows upwards. */
  #rows = ROWS_PER_TASK;
  #rowsOf: string | undefined;
  #growing = 0;
  #copiedTimer = 0;
  #retryTimer = 0;
  #retryFor: ChatError | undefined;
  /** The provider `baseUrl` was given with. */
  #baseUrlProvider = '';
  /** Settles once the user's keys have been read (the address of a connected local server is among them). */
  #keysRead: Promise<void> = Promise.resolve();
  #keyManager: HTMLElement | undefined;
  #keyManagerLoading: Promise<HTMLElement | undefined> | undefined;
  #keyDialogOpener: HTMLElement | null = null;
  readonly #width = new ResizeObserver(([entry]) => {
    const narrow = (entry?.contentRect.width ?? NARROW) < NARROW;
    if (narrow !== this.narrow) {
      this.narrow = narrow;
      this.listOpen = undefined;
    }
  });
  #refreshModels = () => {
    const tessera = this.instance;
    void tessera?.mux
      .models()
      .then((models) => {
        this.models = models;
      })
      .catch(() => {});
    if (!tessera) return;
    this.#keysRead = tessera.keys
      .list()
      .then((keys) => {
        this.keys = keys;
      })
      .catch(() => {
        // Keys that cannot be read must not trap the user in onboarding: the picker still works.
        this.keys = [];
      });
  };
  #onSaved = (saved: ConversationRecord) => {
    if (saved.id === this.#conversation.conversationId && saved.title !== this.#conversation.title) {
      this.#conversation.title = saved.title;
      this.requestUpdate();
    }
  };

  /** Resolves when the conversation shown has been read from the store. */
  get loaded(): Promise<void> {
    return this.#conversation.loaded;
  }

  /**
   * Sends `text` as the user's message after the branch shown (what the Send button does), with
   * `attachments` when given (images and text files, within `ATTACHMENT_LIMITS`). Resolves when the
   * answer has ended, with false when it could not start (the error shown says why).
   */
  async send(text: string, options: { attachments?: Attachments } = {}): Promise<boolean> {
    // The first render is what starts loading the conversation this message belongs to.
    await this.updateComplete;
    const tessera = this.instance;
    if (!tessera) return false;
    this.#scroll.follow();
    await this.#keysRead;
    const attachments = options.attachments?.length ? { attachments: options.attachments } : {};
    return this.#conversation.send(tessera, { text, ...attachments, ...this.#target() });
  }

  /** Writes the answer `messageId` again with the model chosen, as a new version beside it. Resolves when it has ended. */
  async regenerate(messageId: string): Promise<void> {
    const tessera = this.instance;
    if (!tessera) return;
    this.#scroll.follow();
    await this.#keysRead;
    await this.#conversation.regenerate(tessera, messageId, this.#target());
  }

  /** Sends `text` as a new version of the user message `messageId`, and streams its answer. */
  async edit(messageId: string, text: string): Promise<void> {
    const tessera = this.instance;
    if (!tessera) return;
    this.editingId = undefined;
    this.#scroll.follow();
    await this.#keysRead;
    await this.#conversation.edit(tessera, messageId, text, this.#target());
  }

  /** Shows the branch through `messageId` (one of a message's versions), down to its newest message. */
  showBranch(messageId: string): void {
    this.#conversation.showBranch(messageId);
  }

  /** Stops the answer being written; what arrived is kept. */
  stop(): void {
    this.#conversation.stop();
  }

  /** Starts a new, empty conversation. */
  newConversation(): void {
    this.#startNew();
    this.input?.focus();
  }

  #startNew(): void {
    this.#conversation.startNew();
    this.conversationId = undefined;
    this.editingId = undefined;
  }

  // base-url belongs to the provider it was given with, as attribute or property: another provider
  // chosen in the picker goes to its own address. Without one, the mux sends a local server
  // connected in the key manager to the address its key is stored for.
  #target(): Target {
    const baseURL = this.baseUrl && this.provider === this.#baseUrlProvider ? this.baseUrl : undefined;
    return { provider: this.provider, model: this.model, ...(baseURL ? { baseURL } : {}) };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#width.observe(this);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Frameworks set properties in one batch: the provider current in the batch that set baseUrl is its own.
    if (changed.has('baseUrl')) this.#baseUrlProvider = this.provider;
    const tessera = this.instance;
    if (tessera && tessera !== this.#loadedFrom) {
      this.#loadedFrom?.events.off('keys-changed', this.#refreshModels);
      this.#loadedFrom?.events.off('conversation-saved', this.#onSaved);
      tessera.events.on('keys-changed', this.#refreshModels);
      tessera.events.on('conversation-saved', this.#onSaved);
      this.#refreshModels();
      this.#loadedFrom = tessera;
      void this.#conversation.load(tessera, this.conversationId);
    } else if (tessera && changed.has('conversationId') && this.conversationId !== this.#conversation.conversationId) {
      void this.#conversation.load(tessera, this.conversationId);
    }
    if (this.#rowsOf !== this.#conversation.conversationId) {
      this.#rowsOf = this.#conversation.conversationId;
      this.#rows = ROWS_PER_TASK;
    }
    this.#countDown(this.#conversation.error);
    this.#busy.set(this.#conversation.streaming || !(tessera && this.provider && this.model));
    // After a failed download the list waits for the user to ask again (the toggle or Try again):
    // retrying on every render would loop while the connection is down.
    if (!this.conversations) this.#loaded('conversation-list');
    else if (!this.#list && !this.#listLoading && !this.unloaded.includes('conversation-list')) this.#loadList();
    this.#list?.watch(tessera);
    if (this.renderEveryFrame && !this.#stopEveryFrame) {
      this.#stopEveryFrame = this.#conversation.renderEveryFrame();
    } else if (!this.renderEveryFrame && this.#stopEveryFrame) {
      this.#stopEveryFrame();
      this.#stopEveryFrame = undefined;
    }
  }

  // The list is code most embeds never show: it loads the first time it is asked for.
  #loadList(): void {
    this.#listLoading = true;
    void import('./parts/conversation-list.js').then(
      ({ ConversationList, conversationListStyles }) => {
        this.#listLoading = false;
        this.#loaded('conversation-list');
        const root = this.renderRoot as ShadowRoot;
        if (conversationListStyles.styleSheet) {
          root.adoptedStyleSheets = [...root.adoptedStyleSheets, conversationListStyles.styleSheet];
        }
        this.#list = new ConversationList(this, {
          activeId: () => this.#conversation.conversationId,
          open: (id) => this.#open(id),
          // Focus stays in the list, which moves it to the next conversation.
          deleted: (id) => {
            if (id === this.#conversation.conversationId) this.#startNew();
          },
        });
        this.requestUpdate();
      },
      () => {
        this.#listLoading = false;
        this.#notLoaded('conversation-list');
      },
    );
  }

  /** Says that `part` could not be downloaded, until it loads. */
  #notLoaded(part: LazyPart): void {
    if (!this.unloaded.includes(part)) this.unloaded = [...this.unloaded, part];
    this.dispatchEvent(
      new TesseraErrorOccurredEvent({ code: 'network', message: this.i18n.t('chat.error.partNotLoaded') }),
    );
  }

  #loaded(part: LazyPart): void {
    if (this.unloaded.includes(part)) this.unloaded = this.unloaded.filter((p) => p !== part);
  }

  /** Downloads again what could not load; the key manager opens once it is there, as the user had asked. */
  #retryLoad(): void {
    if (this.unloaded.includes('conversation-list') && !this.#list && !this.#listLoading) this.#loadList();
    if (this.unloaded.includes('key-manager')) void this.openKeyManager();
  }

  #open(conversationId: string): void {
    if (this.narrow) this.listOpen = false;
    if (conversationId !== this.#conversation.conversationId) {
      this.#scroll.follow();
      this.editingId = undefined;
      this.conversationId = conversationId;
      void this.updateComplete.then(() => this.#conversation.loaded).then(() => this.input?.focus());
    }
    this.dispatchEvent(new TesseraConversationSelectedEvent({ conversationId }));
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#loadedFrom?.events.off('keys-changed', this.#refreshModels);
    this.#loadedFrom?.events.off('conversation-saved', this.#onSaved);
    this.#loadedFrom = undefined;
    this.#width.disconnect();
    clearTimeout(this.#copiedTimer);
    this.#imageUrls.revokeAll();
    clearInterval(this.#retryTimer);
    this.#retryTimer = 0;
    this.#retryFor = undefined;
    clearTimeout(this.#growing);
    this.#growing = 0;
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
      ? html`<span part="total-cost" title=${this.i18n.t('chat.conversationCost')}>${formatCost(this.i18n, cost)}</span>`
      : nothing;
  }

  // Rendering 500 messages in one task would freeze the page for a few hundred ms: the newest rows
  // come first, the older ones in the following tasks, each short. Chromium's scroll anchoring keeps
  // what the user is reading in place as rows are added above it.
  #growRows(): void {
    const c = this.#conversation;
    if (this.#rows < c.path.length && !this.#growing) {
      this.#growing = window.setTimeout(() => {
        this.#growing = 0;
        this.#rows += ROWS_PER_TASK;
        this.requestUpdate();
      });
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const c = this.#conversation;
    this.#growRows();
    this.#setState('streaming', c.streaming);
    this.#setState('error', (this.startupError ?? c.error) !== undefined || this.unloaded.length > 0);
    this.#setState('scrolled-up', !this.#scroll.following);
    this.#setState('conversations-open', this.#listShown);
    // Another conversation, a message added, an answer growing: the rows resize, and the scroll
    // controller follows them down after layout (no layout forced here), unless the user scrolled up.
    const list = this.renderRoot.querySelector<HTMLElement>('[part="messages"]');
    this.#scroll.attach(list, list?.firstElementChild ?? null);
  }

  #setState(name: string, on: boolean): void {
    const states = this.#internals.states;
    if (!states) return;
    if (on) states.add(name);
    else states.delete(name);
  }

  get #listShown(): boolean {
    return Boolean(this.conversations && this.#list && (this.listOpen ?? !this.narrow));
  }

  async #submit(event: Event): Promise<void> {
    event.preventDefault();
    const text = this.input.value;
    if (!text.trim() || this.#conversation.streaming) return;
    this.input.value = '';
    const { inputs, restore } = await this.#attachments.take();
    const started = await this.send(text, { attachments: inputs });
    // Refused before anything was sent: the message and its files wait for the user to fix them.
    if (!started) {
      restore();
      if (this.input && !this.input.value) this.input.value = text;
    }
    this.input?.focus();
  }

  /** The chosen model's name, when its catalog entry says it cannot read images. */
  get #imagesRefusedBy(): string | undefined {
    const entry = this.models.find((m) => m.provider === this.provider && m.model === this.model);
    return entry?.capabilities.vision === false ? entry.label : undefined;
  }

  #attach(files: Iterable<File>): void {
    this.#attachments.add(files, this.#imagesRefusedBy);
  }

  #pickFiles(): void {
    this.renderRoot.querySelector<HTMLInputElement>('#attach-input')?.click();
  }

  #picked(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.#attach(input.files ?? []);
    // The same file may be picked again after it was removed.
    input.value = '';
  }

  #paste(event: ClipboardEvent): void {
    const files = [...(event.clipboardData?.files ?? [])];
    if (files.length === 0) return;
    event.preventDefault();
    this.#attach(files);
  }

  #dragOver(event: DragEvent): void {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    this.dropping = true;
  }

  #drop(event: DragEvent): void {
    this.dropping = false;
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length === 0) return;
    event.preventDefault();
    this.#attach(files);
  }

  #keydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      (event.target as HTMLTextAreaElement).form?.requestSubmit();
    }
  }

  async #copy(message: MessageRecord): Promise<void> {
    try {
      await navigator.clipboard.writeText(message.text);
    } catch {
      const error = { code: 'clipboard', message: this.i18n.t('chat.copyFailed') };
      this.#conversation.error = error;
      this.requestUpdate();
      this.dispatchEvent(new TesseraErrorOccurredEvent(error));
      return;
    }
    this.copiedId = message.id;
    clearTimeout(this.#copiedTimer);
    this.#copiedTimer = window.setTimeout(() => {
      this.copiedId = undefined;
    }, 2000);
    this.dispatchEvent(new TesseraMessageCopiedEvent({ messageId: message.id }));
  }

  /** Focuses a control of a message's row once rendered. */
  async #focusIn(messageId: string, part: string): Promise<void> {
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-id="${CSS.escape(messageId)}"] [part="${part}"]`)?.focus();
  }

  /** Followed by the rows' buttons themselves: an answer starting or ending does not render every row again. */
  readonly #busy = new Busy();

  readonly #actions: MessageActions = {
    copiedId: undefined,
    editingId: undefined,
    busy: this.#busy,
    i18n: this.i18n,
    copy: (message) => void this.#copy(message),
    regenerate: (message) => void this.regenerate(message.id),
    startEdit: (message) => {
      this.editingId = message.id;
      void this.#focusIn(message.id, 'edit-input');
    },
    cancelEdit: (message) => {
      this.editingId = undefined;
      void this.#focusIn(message.id, 'edit-button');
    },
    sendEdit: (message, text) => {
      void this.edit(message.id, text);
      this.input?.focus();
    },
    showBranch: (messageId) => {
      const active = this.renderRoot.querySelector(':focus')?.getAttribute('part');
      this.showBranch(messageId);
      const step = this.#conversation.path.find((s) => s.message.id === messageId);
      const part =
        active === 'branch-previous-button' && step?.previousId
          ? active
          : step?.nextId
            ? 'branch-next-button'
            : 'branch-previous-button';
      void this.#focusIn(messageId, part);
    },
  };

  #jump(): void {
    this.#scroll.follow();
    (this.input?.disabled ? this.renderRoot.querySelector<HTMLElement>('[part="messages"]') : this.input)?.focus();
  }

  /**
   * Opens the key manager in a dialog over the chat (loading its code the first time). Resolves
   * once it is shown; focus returns to what had it when the dialog closes. When its code cannot be
   * downloaded, the chat says so instead (and the promise resolves without a dialog): the next call
   * downloads it again.
   */
  async openKeyManager(): Promise<void> {
    const active = this.renderRoot instanceof ShadowRoot ? this.renderRoot.activeElement : null;
    this.#keyDialogOpener = active instanceof HTMLElement ? active : null;
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector<HTMLDialogElement>('[part="key-dialog"]');
    if (!dialog) return;
    const source = { instance: this.instance, appearance: this.appearance, theme: this.theme };
    if (this.#keyManager) syncKeyManager(this.#keyManager, source);
    else if (!(await this.#loadKeyManager(dialog, source))) return;
    if (!dialog.open) dialog.showModal();
  }

  // One download at a time (a second click while it loads waits for the first); none kept after a
  // failure, so the next click tries again.
  #loadKeyManager(dialog: HTMLDialogElement, source: KeyManagerSource): Promise<HTMLElement | undefined> {
    this.#keyManagerLoading ??= keyManagerFor(prefixOf(this), source).then(
      (manager) => {
        manager.setAttribute('part', 'key-manager');
        manager.addEventListener('tessera-keys-changed', this.#onKeysChanged);
        this.#keyManager = manager;
        dialog.querySelector('.dialog-body')?.append(manager);
        this.#loaded('key-manager');
        return manager;
      },
      (error: unknown) => {
        this.#keyManagerLoading = undefined;
        if (!(isTesseraError(error) && error.code === 'network')) throw error;
        this.#notLoaded('key-manager');
        return undefined;
      },
    );
    return this.#keyManagerLoading;
  }

  #closeKeyManager(): void {
    this.renderRoot.querySelector<HTMLDialogElement>('[part="key-dialog"]')?.close();
  }

  #keyDialogClosed(): void {
    const opener = this.#keyDialogOpener;
    this.#keyDialogOpener = null;
    (opener?.isConnected ? opener : this.input)?.focus();
  }

  // A first key added with nothing chosen yet: its provider's first model is the obvious choice.
  #onKeysChanged = (event: Event) => {
    const { provider, change } = (event as CustomEvent<{ provider: string; change: string }>).detail;
    if (change === 'removed' || (this.provider && this.model)) return;
    void this.instance?.mux.models().then((models) => {
      const first = models.find((m) => m.provider === provider && m.available);
      if (first && !(this.provider && this.model)) this.#choose(first);
    });
  };

  get #needsSetup(): boolean {
    if (!this.instance || this.keys === undefined || this.keys.length > 0 || this.baseUrl) return false;
    // A provider that needs no key and has an address of its own (a local Ollama) works as it is.
    const profile = this.instance.mux.providers().find((p) => p.id === this.provider);
    return !(this.model && profile?.requiresKey === false && profile.baseURL);
  }

  #emptyState() {
    const { i18n } = this;
    if (this.startupError) return html`<p part="empty">${i18n.t('chat.couldNotStart')}</p>`;
    if (!this.instance) return html`<p part="empty">${i18n.t('common.loadingTessera')}</p>`;
    if (this.#needsSetup) {
      const named = this.instance.mux
        .providers()
        .filter((p) => p.requiresKey)
        .slice(0, 3)
        .map((p) => p.label);
      return html`<div part="empty onboarding" class="onboarding">
        <p>${i18n.t('chat.onboarding.text', { providers: named.join(i18n.t('common.listSeparator')) })}</p>
        <button part="onboarding-button" class="primary" type="button" @click=${this.openKeyManager}>
          ${i18n.t('chat.onboarding.button')}
        </button>
      </div>`;
    }
    if (!this.provider || !this.model) {
      return html`<p part="empty">${i18n.t('chat.chooseModel')}</p>`;
    }
    return html`<p part="empty">${i18n.t('chat.ready', { model: this.model })}</p>`;
  }

  #errorView(error: ChatError) {
    const { i18n } = this;
    const retry = this.#retryable(error);
    const waiting = error.code === 'rate_limit' && this.retryIn > 0;
    return html`<div part="error" role="alert">
      <span part="error-message">${error.message}</span>
      ${
        error.code === 'auth' || retry
          ? html`<span class="error-actions">
            ${
              error.code === 'auth'
                ? html`<button part="open-keys-button" type="button" @click=${this.openKeyManager}>${i18n.t('chat.error.openKeys')}</button>`
                : nothing
            }
            ${waiting ? html`<span part="retry-countdown">${i18n.t('chat.error.retryIn', { seconds: this.retryIn })}</span>` : nothing}
            ${
              retry
                ? html`<button part="retry-button" type="button" ?disabled=${waiting || this.#conversation.streaming}
                  @click=${() => retry && void this.regenerate(retry)}>${i18n.t('common.tryAgain')}</button>`
                : nothing
            }
          </span>`
          : nothing
      }
    </div>`;
  }

  /** Part of the chat could not be downloaded: what to do, and a button that tries again. */
  #loadErrorView() {
    const { i18n } = this;
    return html`<div part="error load-error" role="alert">
      <span part="error-message">${i18n.t('chat.error.partNotLoaded')}</span>
      <span class="error-actions">
        <button part="retry-load-button" type="button" @click=${this.#retryLoad}>${i18n.t('common.tryAgain')}</button>
      </span>
    </div>`;
  }

  /** The failed answer a passing error (a rate limit, an overload, a dropped connection) lets the user write again. */
  #retryable(error: ChatError): string | undefined {
    if (!['rate_limit', 'provider_unavailable', 'network', 'timeout'].includes(error.code)) return undefined;
    const last = this.#conversation.path.at(-1)?.message;
    return last?.role === 'assistant' && last.status !== 'complete' ? last.id : undefined;
  }

  /** Counts down the wait a rate-limited provider asked for, once per error. */
  #countDown(error: ChatError | undefined): void {
    if (error === this.#retryFor) return;
    this.#retryFor = error;
    clearInterval(this.#retryTimer);
    this.#retryTimer = 0;
    const until = error?.code === 'rate_limit' && error.retryAfterMs ? Date.now() + error.retryAfterMs : 0;
    this.retryIn = until ? Math.ceil((until - Date.now()) / 1000) : 0;
    if (!until) return;
    this.#retryTimer = window.setInterval(() => {
      this.retryIn = Math.max(0, Math.ceil((until - Date.now()) / 1000));
      if (this.retryIn === 0) {
        clearInterval(this.#retryTimer);
        this.#retryTimer = 0;
      }
    }, 1000);
  }

  #closeOverlay(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || !this.narrow || !this.#listShown) return;
    this.listOpen = false;
    this.renderRoot.querySelector<HTMLElement>('[part="conversations-toggle"]')?.focus();
  }

  override render() {
    const { i18n } = this;
    const c = this.#conversation;
    const error = this.startupError ?? c.error;
    const ready = Boolean(this.instance && this.provider && this.model);
    const listShown = this.#listShown;
    const actions = this.#actions;
    actions.copiedId = this.copiedId;
    actions.editingId = this.editingId;
    actions.i18n = i18n;
    actions.imageUrls = this.#imageUrls;
    const refusedBy = this.#imagesRefusedBy;
    const files = this.#attachments;
    const everyFrame = this.renderEveryFrame;
    return html`<section part="base" aria-label=${this.label ?? i18n.t('chat.label')} class=${this.narrow ? 'narrow' : ''}>
      ${
        this.conversations && this.#list
          ? html`<div class="sidebar" ?hidden=${!listShown} @keydown=${this.#closeOverlay}>${this.#list.render()}</div>`
          : nothing
      }
      <div part="main" class="main">
        <header part="header">
          ${
            this.conversations
              ? html`<button part="conversations-toggle" type="button" aria-label=${i18n.t('chat.conversations')}
                aria-controls="conversations" aria-expanded=${listShown ? 'true' : 'false'}
                @click=${() => {
                  this.listOpen = !listShown;
                  // A list that could not be downloaded: asking for it downloads it again.
                  if (!this.#list && !this.#listLoading) this.#loadList();
                }}>☰</button>`
              : nothing
          }
          <div class="heading">
            <h2 class="title" dir="auto">${c.title || i18n.t('chat.newConversation')}</h2>
            ${this.#totals()}
          </div>
          ${
            // Formats every catalog model's context and prices: only when one of those changed.
            guard([this.instance, this.models, this.provider, this.model, i18n], () =>
              this.instance
                ? modelPicker(
                    this.models,
                    this.instance.mux.providers(),
                    { provider: this.provider, model: this.model },
                    (choice) => this.#choose(choice),
                    i18n,
                  )
                : nothing,
            )
          }
          <button part="keys-button" type="button" aria-haspopup="dialog" @click=${this.openKeyManager}>${i18n.t('chat.keys')}</button>
          <button part="new-chat-button" type="button" @click=${this.newConversation}
            ?disabled=${c.streaming || c.path.length === 0}
          >
            ${i18n.t('chat.newChat')}
          </button>
        </header>
        <div class="stage">
          <div part="messages" role="log" aria-live="polite" aria-label=${i18n.t('chat.messages')} tabindex="0"
            aria-busy=${c.loading ? 'true' : 'false'} @scroll=${this.#scroll.onScroll} @wheel=${this.#scroll.onWheel}>
            <div class="rows">
              ${
                c.path.length === 0
                  ? this.#emptyState()
                  : repeat(
                      everyFrame || c.path.length <= this.#rows ? c.path : c.path.slice(-this.#rows),
                      (step) => step.message.id,
                      (step) => {
                        const id = step.message.id;
                        const live = id === c.streamingId ? c.live : undefined;
                        const view = () => messageView(step, live, actions, !everyFrame);
                        // A row whose inputs did not change is not rendered again (500 rows, one changed).
                        return everyFrame
                          ? view()
                          : guard(
                              [
                                step.message,
                                step.index,
                                step.count,
                                live,
                                id === this.copiedId,
                                id === this.editingId,
                                markdownReady(),
                                this.#imageUrls.generation,
                                i18n,
                              ],
                              view,
                            );
                      },
                    )
              }
            </div>
          </div>
          ${
            this.#scroll.following || c.path.length === 0
              ? nothing
              : html`<button part="jump-button" type="button" @click=${this.#jump}>${i18n.t('chat.jumpToLatest')}</button>`
          }
        </div>
        ${error ? this.#errorView(error) : nothing}
        ${this.unloaded.length > 0 ? this.#loadErrorView() : nothing}
        <form part="composer" class=${this.dropping ? 'dropping' : ''} @submit=${this.#submit}
          @dragover=${this.#dragOver} @dragleave=${() => {
            this.dropping = false;
          }} @drop=${this.#drop}>
          <input id="attach-input" class="visually-hidden" type="file" multiple tabindex="-1" aria-hidden="true"
            accept=${refusedBy ? TEXT_ACCEPT : `image/png,image/jpeg,image/webp,image/gif,${TEXT_ACCEPT}`}
            @change=${this.#picked} />
          <button part="attach-button" type="button" ?disabled=${!ready || c.streaming} @click=${this.#pickFiles}
            aria-label=${i18n.t(refusedBy ? 'chat.attach.textOnly' : 'chat.attach.label')}
            title=${refusedBy ? i18n.t('chat.attach.noImagesHint', { model: refusedBy }) : i18n.t('chat.attach.label')}
          >📎</button>
          <div class="composer-column">
            ${files.files.length > 0 ? pendingChips(files.files, (i) => files.remove(i), i18n) : nothing}
            ${files.error ? html`<p part="attachment-error" role="alert">${files.error}</p>` : nothing}
            <label class="visually-hidden" for="input">${i18n.t('chat.input.label')}</label>
            <textarea
              id="input"
              part="input"
              dir="auto"
              rows="1"
              placeholder=${i18n.t(ready ? 'chat.inputPlaceholder' : 'chat.inputPlaceholderNotReady')}
              ?disabled=${!ready}
              @keydown=${this.#keydown}
              @paste=${this.#paste}
            ></textarea>
          </div>
          ${
            c.streaming
              ? html`<button part="stop-button" type="button" @click=${this.stop}>${i18n.t('chat.stop')}</button>`
              : html`<button part="send-button" class="primary" type="submit" ?disabled=${!ready}>${i18n.t('chat.send')}</button>`
          }
        </form>
      </div>
      <dialog part="key-dialog" aria-labelledby="key-dialog-title" @close=${this.#keyDialogClosed}>
        <div class="dialog-head">
          <h2 id="key-dialog-title">${i18n.t('chat.keyDialog.title')}</h2>
          <button part="key-dialog-close-button" type="button" @click=${this.#closeKeyManager}
            >${i18n.t('chat.keyDialog.close')}</button>
        </div>
        <div class="dialog-body"></div>
      </dialog>
    </section>`;
  }
}
