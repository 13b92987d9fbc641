import type { ConversationRecord, DeletionReceipt, Tessera } from '@tessera/core';
import { css, html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import {
  TesseraConversationDeletedEvent,
  TesseraConversationRenamedEvent,
  TesseraErrorOccurredEvent,
} from '../../shared/events.js';
import type { Localizer } from '../../shared/i18n/localizer.js';

type Host = ReactiveControllerHost &
  HTMLElement & { renderRoot: HTMLElement | DocumentFragment; readonly i18n: Localizer };

/** What the list asks of the chat it sits in. */
export interface ConversationListOptions {
  /** The conversation on screen. */
  activeId(): string | undefined;
  /** Shows a conversation the user picked. */
  open(conversationId: string): void;
  /** A conversation was deleted (from here or elsewhere); the chat drops it if it is on screen. */
  deleted(conversationId: string): void;
}

interface Notice {
  text: string;
  error?: boolean;
}

const titleOf = (i18n: Localizer, c: ConversationRecord) => c.title || i18n.t('common.untitledConversation');

/**
 * The chat's list of past conversations: newest first, searchable by title, renamed in place
 * (Enter saves, Escape cancels), deleted after a confirmation with the signed receipt noted. The
 * arrow keys, Home and End move between conversations; F2 renames and Delete deletes the one focused.
 * Loaded only when a chat shows the list, so chats without it never download it.
 */
export class ConversationList implements ReactiveController {
  conversations: ConversationRecord[] = [];
  query = '';
  notice: Notice | undefined;
  readonly #host: Host;
  readonly #options: ConversationListOptions;
  #tessera: Tessera | undefined;
  #renamingId: string | undefined;
  #confirmingId: string | undefined;
  #focusId: string | undefined;
  #busy = false;
  #refreshing: Promise<void> | undefined;
  readonly #refresh = () => {
    this.#refreshing ??= Promise.resolve().then(async () => {
      this.#refreshing = undefined;
      const tessera = this.#tessera;
      if (!tessera) return;
      try {
        this.conversations = await tessera.chat.conversations();
      } catch {
        this.notice = { text: this.#host.i18n.t('chat.list.readFailed'), error: true };
      }
      this.#host.requestUpdate();
    });
  };
  readonly #onDeleted = (receipt: DeletionReceipt) => {
    this.#options.deleted(receipt.conversationId);
    this.#refresh();
  };

  constructor(host: Host, options: ConversationListOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** Follows an instance's conversations (and stops following the previous one's). */
  watch(tessera: Tessera | undefined): void {
    if (tessera === this.#tessera) return;
    this.#unwatch();
    this.#tessera = tessera;
    tessera?.events.on('conversation-saved', this.#refresh);
    tessera?.events.on('conversation-deleted', this.#onDeleted);
    this.#refresh();
  }

  hostDisconnected(): void {
    this.#unwatch();
    this.#tessera = undefined;
  }

  #unwatch(): void {
    this.#tessera?.events.off('conversation-saved', this.#refresh);
    this.#tessera?.events.off('conversation-deleted', this.#onDeleted);
  }

  /** The conversations whose title matches the search. */
  get visible(): ConversationRecord[] {
    const query = this.query.trim().toLowerCase();
    return query ? this.conversations.filter((c) => c.title.toLowerCase().includes(query)) : this.conversations;
  }

  /** Focuses a control of a conversation's row once rendered (by default its title button). */
  async #focus(conversationId: string | undefined, part = 'conversation-button'): Promise<void> {
    this.#host.requestUpdate();
    await this.#host.updateComplete;
    const root = this.#host.renderRoot;
    const row = conversationId
      ? root.querySelector(`[part~="conversation"][data-id="${CSS.escape(conversationId)}"]`)
      : null;
    (
      (row?.querySelector(`[part="${part}"]`) ??
        root.querySelector('[part="conversation-search"]')) as HTMLElement | null
    )?.focus();
  }

  #startRename(c: ConversationRecord): void {
    this.#renamingId = c.id;
    this.#confirmingId = undefined;
    this.#host.requestUpdate();
    void this.#host.updateComplete.then(() => {
      const input = this.#host.renderRoot.querySelector<HTMLInputElement>('[part="conversation-title-input"]');
      input?.focus();
      input?.select();
    });
  }

  #cancelRename(c: ConversationRecord): void {
    if (this.#renamingId !== c.id) return;
    this.#renamingId = undefined;
    this.#host.requestUpdate();
    void this.#focus(c.id);
  }

  async #saveRename(c: ConversationRecord, input: HTMLInputElement): Promise<void> {
    const title = input.value.trim();
    if (this.#renamingId !== c.id || this.#busy) return;
    if (!title || title === c.title) return this.#cancelRename(c);
    const tessera = this.#tessera;
    if (!tessera) return;
    this.#busy = true;
    try {
      const renamed = await tessera.chat.renameConversation(c.id, title);
      this.conversations = this.conversations.map((x) => (x.id === c.id ? renamed : x));
      this.#renamingId = undefined;
      this.notice = undefined;
      this.#host.dispatchEvent(new TesseraConversationRenamedEvent({ conversationId: c.id }));
      void this.#focus(c.id);
    } catch (error) {
      this.notice = { text: (error as Error).message, error: true };
      input.focus();
    } finally {
      this.#busy = false;
      this.#host.requestUpdate();
    }
  }

  #askDelete(c: ConversationRecord): void {
    this.#confirmingId = c.id;
    this.#renamingId = undefined;
    this.#host.requestUpdate();
    void this.#focus(c.id, 'cancel-delete-button');
  }

  #cancelDelete(c: ConversationRecord): void {
    this.#confirmingId = undefined;
    this.#host.requestUpdate();
    void this.#focus(c.id, 'delete-button');
  }

  async #delete(c: ConversationRecord): Promise<void> {
    const tessera = this.#tessera;
    if (!tessera || this.#busy) return;
    this.#busy = true;
    const visible = this.visible;
    const at = visible.findIndex((x) => x.id === c.id);
    const next = visible[at + 1] ?? visible[at - 1];
    try {
      const receipt = await tessera.chat.deleteConversation(c.id);
      // Deleted either way; the check only says whether the receipt holds up.
      const verified = await tessera.store.verifyReceipt(receipt).then(
        (result) => result.ok,
        () => false,
      );
      this.conversations = this.conversations.filter((x) => x.id !== c.id);
      this.#confirmingId = undefined;
      this.#focusId = next?.id;
      const i18n = this.#host.i18n;
      const said = { title: titleOf(i18n, c), hash: receipt.hash.slice(0, 19) };
      this.notice = { text: i18n.t(verified ? 'chat.list.deletedVerified' : 'chat.list.deleted', said) };
      this.#options.deleted(c.id);
      this.#host.dispatchEvent(new TesseraConversationDeletedEvent({ conversationId: c.id, receipt, verified }));
      void this.#focus(next?.id);
    } catch (error) {
      const message = (error as Error).message || this.#host.i18n.t('chat.list.deleteFailed');
      this.notice = { text: message, error: true };
      this.#confirmingId = undefined;
      this.#host.dispatchEvent(
        new TesseraErrorOccurredEvent({ code: (error as { code?: string }).code ?? 'storage', message }),
      );
      void this.#focus(c.id, 'delete-button');
    } finally {
      this.#busy = false;
      this.#host.requestUpdate();
    }
  }

  #keydown(event: KeyboardEvent, c: ConversationRecord): void {
    const visible = this.visible;
    const at = visible.findIndex((x) => x.id === c.id);
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: visible.length - 1 }[event.key];
    if (to !== undefined) {
      event.preventDefault();
      const target = visible[Math.max(0, Math.min(visible.length - 1, to))];
      if (target) {
        this.#focusId = target.id;
        this.#host.requestUpdate();
        void this.#focus(target.id);
      }
    } else if (event.key === 'F2') {
      event.preventDefault();
      this.#startRename(c);
    } else if (event.key === 'Delete') {
      event.preventDefault();
      this.#askDelete(c);
    }
  }

  #row(c: ConversationRecord, roving: boolean): TemplateResult {
    const i18n = this.#host.i18n;
    const title = titleOf(i18n, c);
    const active = c.id === this.#options.activeId();
    const tab = roving ? 0 : -1;
    let content: TemplateResult;
    if (this.#renamingId === c.id) {
      content = html`<input part="conversation-title-input" aria-label=${i18n.t('chat.list.newTitle', { title })} maxlength="200"
        .value=${c.title}
        @keydown=${(event: KeyboardEvent) => {
          if (event.key === 'Enter') void this.#saveRename(c, event.target as HTMLInputElement);
          else if (event.key === 'Escape') {
            event.stopPropagation();
            this.#cancelRename(c);
          }
        }}
        @blur=${(event: FocusEvent) => void this.#saveRename(c, event.target as HTMLInputElement)}
      />`;
    } else if (this.#confirmingId === c.id) {
      content = html`<span class="confirm" role="group" aria-label=${i18n.t('chat.list.confirmDelete', { title })}
        @keydown=${(event: KeyboardEvent) => {
          if (event.key === 'Escape') {
            event.stopPropagation();
            this.#cancelDelete(c);
          }
        }}>
        <span class="question">${i18n.t('chat.list.confirmQuestion', { title })}</span>
        <button part="confirm-delete-button" class="danger" type="button" @click=${() => this.#delete(c)}>${i18n.t('chat.list.deleteButton')}</button>
        <button part="cancel-delete-button" type="button" @click=${() => this.#cancelDelete(c)}>${i18n.t('common.cancel')}</button>
      </span>`;
    } else {
      content = html`<button part="conversation-button" class="open" type="button" dir="auto" tabindex=${tab}
          aria-current=${active ? 'true' : nothing}
          @click=${() => {
            this.#focusId = c.id;
            this.#options.open(c.id);
          }}
          @keydown=${(event: KeyboardEvent) => this.#keydown(event, c)}>${title}</button>
        <button part="rename-button" type="button" tabindex=${tab} aria-label=${i18n.t('chat.list.rename', { title })}
          @click=${() => this.#startRename(c)}>${i18n.t('chat.list.renameButton')}</button>
        <button part="delete-button" type="button" tabindex=${tab} aria-label=${i18n.t('chat.list.delete', { title })}
          @click=${() => this.#askDelete(c)}>${i18n.t('chat.list.deleteButton')}</button>`;
    }
    return html`<li part=${active ? 'conversation conversation-active' : 'conversation'} data-id=${c.id}>${content}</li>`;
  }

  render(): TemplateResult {
    const i18n = this.#host.i18n;
    const visible = this.visible;
    const roving =
      visible.find((c) => c.id === this.#focusId)?.id ??
      visible.find((c) => c.id === this.#options.activeId())?.id ??
      visible[0]?.id;
    return html`<nav part="conversations" id="conversations" aria-label=${i18n.t('chat.conversations')}>
      <input part="conversation-search" type="search" placeholder=${i18n.t('chat.list.search')}
        aria-label=${i18n.t('chat.list.searchLabel')} .value=${this.query}
        @input=${(event: InputEvent) => {
          this.query = (event.target as HTMLInputElement).value;
          this.#host.requestUpdate();
        }}
        @keydown=${(event: KeyboardEvent) => {
          if (event.key === 'ArrowDown' && roving) {
            event.preventDefault();
            void this.#focus(roving);
          }
        }}
      />
      <p part="conversation-notice" class=${this.notice?.error ? 'error' : ''} role="status">${this.notice?.text ?? ''}</p>
      <ul part="conversation-list" role="list">
        ${repeat(
          visible,
          (c) => c.id,
          (c) => this.#row(c, c.id === roving),
        )}
      </ul>
      ${
        visible.length === 0
          ? html`<p part="conversation-empty">${i18n.t(this.query.trim() ? 'chat.list.noMatch' : 'chat.list.empty')}</p>`
          : nothing
      }
    </nav>`;
  }
}

/** The list's styles, adopted by the chat when the list loads. */
export const conversationListStyles = css`
  [part='conversations'] {
    display: flex;
    flex-direction: column;
    gap: var(--_space-sm);
    height: 100%;
    padding: var(--_space-sm);
    overflow-y: auto;
  }
  [part='conversation-search'],
  [part='conversation-title-input'] {
    width: 100%;
    min-width: 0;
    font: inherit;
    padding: 6px var(--_space-sm);
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--tessera-radius-sm, 6px);
  }
  [part='conversation-notice'] {
    margin: 0;
    font-size: var(--tessera-font-size-sm, 0.875rem);
    color: var(--_muted);
    overflow-wrap: anywhere;
  }
  [part='conversation-notice'].error {
    color: var(--tessera-color-danger, #c0262d);
  }
  [part='conversation-list'] {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 2px;
  }
  [part~='conversation'] {
    display: flex;
    align-items: center;
    gap: 2px;
    border-radius: var(--tessera-radius-sm, 6px);
  }
  [part~='conversation-active'] {
    background: var(--tessera-chat-conversation-active-bg, var(--_surface));
  }
  [part='conversation-button'] {
    flex: 1;
    min-width: 0;
    text-align: start;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    border-color: transparent;
    background: transparent;
  }
  [part='conversation-button'][aria-current] {
    font-weight: 600;
  }
  [part='rename-button'],
  [part='delete-button'] {
    padding: 4px 6px;
    font-size: var(--tessera-font-size-sm, 0.875rem);
    border-color: transparent;
    background: transparent;
    color: var(--_muted);
  }
  /* Out of the way until the row is pointed at or holds the focus (the title keeps the width), yet
     still focusable, so Tab and focus management reach them. */
  [part~='conversation']:not(:hover, :focus-within) :is([part='rename-button'], [part='delete-button']) {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
  }
  .confirm {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px;
    padding: 4px;
    font-size: var(--tessera-font-size-sm, 0.875rem);
  }
  .confirm .question {
    flex-basis: 100%;
  }
  button.danger {
    color: var(--_on-accent);
    background: var(--tessera-color-danger, #c0262d);
    border-color: var(--tessera-color-danger, #c0262d);
  }
  [part='conversation-empty'] {
    margin: 0;
    color: var(--_muted);
    font-size: var(--tessera-font-size-sm, 0.875rem);
  }
`;
