import type {
  AuditEntry,
  ChainVerification,
  ConversationRecord,
  DeletionReceipt,
  DeletionReceiptVerification,
  MessageRecord,
  StoreStatus,
  Tessera,
} from '@tessera/core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { TesseraErrorOccurredEvent } from '../../shared/events.js';
import type { Localizer } from '../../shared/i18n/localizer.js';
import { type LibraryError, toLibraryError } from '../parts/format.js';
import { type ConversationDigest, type ConversationSummary, digest } from './conversation-summary.js';

/** A conversation's chain check: running, its answer, or why it could not run. */
export type VerifyState =
  | { state: 'verifying' }
  | { state: 'done'; result: ChainVerification }
  | { state: 'failed'; error: LibraryError };

/** A deletion as the library shows it: the receipt, whether it verified, and the title it no longer holds. */
export interface Deletion {
  title: string;
  receipt: DeletionReceipt;
  check: DeletionReceiptVerification;
}

/** How many audit entries the Activity section lists. */
export const AUDIT_LIMIT = 50;
/**
 * Conversations read at once. IndexedDB serialises transactions anyway; a few in flight keep it
 * busy without queuing a thousand reads (and a thousand decryptions) in one go.
 */
const READ_BATCH = 8;

type Host = ReactiveControllerHost & HTMLElement & { readonly i18n: Localizer };

interface Entry extends ConversationDigest {
  /** The conversation's `updatedAt` when it was read: a newer one means the entry is stale. */
  updatedAt: string;
}

/**
 * The library's data: the store's status, the conversation list, the audit log, and per
 * conversation a summary of its ACUs (read lazily: the rows on screen first, every conversation
 * only once the user searches message text), plus on-demand chain checks.
 *
 * Follows the instance's `conversation-saved`, `conversation-deleted` and `message-saved` events,
 * so a chat elsewhere on the page shows up here; bursts of them (an import stores hundreds of
 * conversations) collapse into one re-read, and none happens while `suspend()` holds.
 */
export class LibraryController implements ReactiveController {
  status: StoreStatus | undefined;
  conversations: ConversationRecord[] = [];
  audit: AuditEntry[] = [];
  /** True until the first read ends. */
  loading = true;
  error: LibraryError | undefined;
  auditError: LibraryError | undefined;
  /** Chain checks, by conversation id. */
  readonly verification = new Map<string, VerifyState>();
  /** While message text is being read for search: how many conversations are read, of how many. */
  indexing: { done: number; total: number } | undefined;

  readonly #host: Host;
  #tessera: Tessera | undefined;
  /** Bumped when the instance changes or the host leaves: answers to older reads are dropped. */
  #generation = 0;
  readonly #entries = new Map<string, Entry>();
  readonly #unreadable = new Set<string>();
  /** Conversations waiting to be read, in order, by id (so none is queued twice). */
  readonly #queue = new Map<string, ConversationRecord>();
  /** Conversations being read now: not queued again meanwhile. */
  readonly #inFlight = new Set<string>();
  /** The generation whose read loop is running, if one is. */
  #reading: number | undefined;
  #refreshing: Promise<void> | undefined;
  #refreshAgain = false;
  #suspended = 0;
  #missedEvents = false;
  #loaded: Promise<void> = Promise.resolve();

  constructor(host: Host) {
    this.#host = host;
    host.addController(this);
  }

  /** Resolves when the current read of the library has ended. */
  get loaded(): Promise<void> {
    return this.#loaded;
  }

  hostDisconnected(): void {
    this.use(undefined);
  }

  /** Shows the library of `tessera` (or nothing): reads it and follows its events. */
  use(tessera: Tessera | undefined): void {
    if (tessera === this.#tessera) return;
    this.#tessera?.events.off('conversation-saved', this.#onChange);
    this.#tessera?.events.off('conversation-deleted', this.#onChange);
    this.#tessera?.events.off('message-saved', this.#onMessage);
    this.#generation++;
    this.#tessera = tessera;
    this.#entries.clear();
    this.#unreadable.clear();
    this.#queue.clear();
    this.#inFlight.clear();
    this.verification.clear();
    this.indexing = undefined;
    this.conversations = [];
    this.audit = [];
    this.status = undefined;
    this.error = undefined;
    this.loading = tessera !== undefined;
    if (!tessera) return;
    tessera.events.on('conversation-saved', this.#onChange);
    tessera.events.on('conversation-deleted', this.#onChange);
    tessera.events.on('message-saved', this.#onMessage);
    void this.refresh();
  }

  /** Reads status, conversations and the audit log again. Calls made while one runs share one more read. */
  refresh(): Promise<void> {
    if (this.#refreshing) {
      this.#refreshAgain = true;
      return this.#refreshing;
    }
    const run = (async () => {
      try {
        do {
          this.#refreshAgain = false;
          await this.#read();
        } while (this.#refreshAgain);
      } finally {
        this.#refreshing = undefined;
      }
    })();
    this.#refreshing = run;
    this.#loaded = run;
    return run;
  }

  /**
   * Stops following the instance's events until the returned function is called (then reads once
   * if anything happened meanwhile). An import holds it: hundreds of saves, one re-read at the end.
   */
  suspend(): () => Promise<void> {
    this.#suspended++;
    let resumed = false;
    return async () => {
      if (resumed) return;
      resumed = true;
      this.#suspended--;
      if (this.#suspended === 0 && this.#missedEvents) {
        this.#missedEvents = false;
        await this.refresh();
      }
    };
  }

  summaryOf(conversation: ConversationRecord): ConversationSummary | undefined {
    return this.#fresh(conversation)?.summary;
  }

  /** Whether the conversation's ACUs could not be read (the table says so instead of waiting forever). */
  unreadable(id: string): boolean {
    return this.#unreadable.has(id);
  }

  /** Queues the summaries of these conversations (the rows on screen) to be read. */
  want(conversations: Iterable<ConversationRecord>): void {
    for (const c of conversations) if (this.#needsRead(c)) this.#queue.set(c.id, c);
    void this.#drain();
  }

  /**
   * The conversations matching `query`: every word of it in the title or in the text of a message
   * (case-insensitive). Titles are searched at once; message text as conversations are read, which
   * the first search starts for every conversation (`indexing` says how far it is).
   */
  search(query: string): ConversationRecord[] {
    const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) return this.conversations;
    this.#indexAll();
    return this.conversations.filter((c) => {
      const title = c.title.toLocaleLowerCase();
      const text = this.#fresh(c)?.text;
      return words.every((w) => title.includes(w) || (text?.includes(w) ?? false));
    });
  }

  /** Checks a conversation's hash chain and signatures; the answer lands in `verification`. */
  async verify(id: string): Promise<VerifyState> {
    const tessera = this.#tessera;
    if (!tessera)
      return { state: 'failed', error: { code: 'unknown', message: this.#host.i18n.t('library.verify.notReady') } };
    const generation = this.#generation;
    this.verification.set(id, { state: 'verifying' });
    this.#host.requestUpdate();
    let answer: VerifyState;
    try {
      answer = { state: 'done', result: await tessera.acu.verifyChain(id) };
    } catch (error) {
      answer = {
        state: 'failed',
        error: toLibraryError(error, this.#host.i18n.t('library.verify.failed')),
      };
    }
    if (generation === this.#generation) {
      this.verification.set(id, answer);
      this.#host.requestUpdate();
    }
    return answer;
  }

  /**
   * Deletes a conversation for good through the store (which signs a receipt), checks the receipt,
   * and drops the row at once. Throws the store's TesseraError when the deletion fails.
   */
  async remove(id: string): Promise<Deletion> {
    const tessera = this.#tessera;
    if (!tessera) throw new Error('No Tessera instance.');
    const title = this.conversations.find((c) => c.id === id)?.title ?? '';
    const receipt = await tessera.store.deleteConversation(id, { via: 'library' });
    const check = await tessera.store.verifyReceipt(receipt);
    this.conversations = this.conversations.filter((c) => c.id !== id);
    this.#forget(id);
    this.#host.requestUpdate();
    void this.refresh();
    return { title, receipt, check };
  }

  readonly #onChange = (): void => {
    if (this.#suspended > 0) {
      this.#missedEvents = true;
      return;
    }
    void this.refresh();
  };

  readonly #onMessage = (message: MessageRecord): void => {
    this.#forget(message.conversationId);
    this.#onChange();
  };

  #forget(id: string): void {
    this.#entries.delete(id);
    this.#unreadable.delete(id);
    this.verification.delete(id);
  }

  #needsRead(conversation: ConversationRecord): boolean {
    return !this.#fresh(conversation) && !this.#unreadable.has(conversation.id) && !this.#inFlight.has(conversation.id);
  }

  /** The conversation's entry, unless it was read before the conversation last changed. */
  #fresh(conversation: ConversationRecord): Entry | undefined {
    const entry = this.#entries.get(conversation.id);
    return entry?.updatedAt === conversation.updatedAt ? entry : undefined;
  }

  async #read(): Promise<void> {
    const tessera = this.#tessera;
    if (!tessera) return;
    const generation = this.#generation;
    try {
      const [status, conversations] = await Promise.all([tessera.store.status(), tessera.chat.conversations()]);
      if (generation !== this.#generation) return;
      this.status = status;
      this.conversations = conversations;
      this.error = undefined;
      const present = new Set(conversations.map((c) => c.id));
      for (const id of this.#entries.keys()) if (!present.has(id)) this.#forget(id);
    } catch (error) {
      if (generation !== this.#generation) return;
      this.error = toLibraryError(error, this.#host.i18n.t('library.read.failed'));
      this.#host.dispatchEvent(new TesseraErrorOccurredEvent(this.error));
    }
    try {
      const audit = await tessera.store.audit({ limit: AUDIT_LIMIT });
      if (generation !== this.#generation) return;
      this.audit = audit;
      this.auditError = undefined;
    } catch (error) {
      if (generation !== this.#generation) return;
      this.auditError = toLibraryError(error, this.#host.i18n.t('library.activity.failed'));
    }
    this.loading = false;
    this.#host.requestUpdate();
  }

  #indexAll(): void {
    const missing = this.conversations.filter((c) => this.#needsRead(c));
    if (missing.length === 0) return;
    for (const c of missing) this.#queue.set(c.id, c);
    this.indexing ??= { done: this.conversations.length - missing.length, total: this.conversations.length };
    void this.#drain();
  }

  /** Reads queued conversations, a batch at a time, re-rendering after each batch. One loop at a time. */
  async #drain(): Promise<void> {
    const tessera = this.#tessera;
    const generation = this.#generation;
    if (this.#reading === generation || !tessera || this.#queue.size === 0) return;
    this.#reading = generation;
    try {
      while (this.#queue.size > 0 && generation === this.#generation) {
        const batch = [...this.#queue.values()].slice(0, READ_BATCH);
        for (const c of batch) {
          this.#queue.delete(c.id);
          this.#inFlight.add(c.id);
        }
        await Promise.all(batch.map((c) => this.#readOne(tessera, c, generation)));
        for (const c of batch) this.#inFlight.delete(c.id);
        if (generation !== this.#generation) return;
        if (this.indexing) {
          const read = this.conversations.filter((c) => this.#fresh(c) || this.#unreadable.has(c.id)).length;
          this.indexing = { done: read, total: this.conversations.length };
        }
        this.#host.requestUpdate();
      }
      this.indexing = undefined;
      this.#host.requestUpdate();
    } finally {
      if (this.#reading === generation) this.#reading = undefined;
    }
  }

  async #readOne(tessera: Tessera, conversation: ConversationRecord, generation: number): Promise<void> {
    try {
      const acus = await tessera.acu.list({ conversationId: conversation.id });
      if (generation === this.#generation) {
        this.#entries.set(conversation.id, { updatedAt: conversation.updatedAt, ...digest(acus) });
      }
    } catch {
      if (generation === this.#generation) this.#unreadable.add(conversation.id);
    }
  }
}
