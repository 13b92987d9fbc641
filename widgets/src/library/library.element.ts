import type { ConversationRecord, ExportFormat } from '@tessera/core';
import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import {
  TesseraConversationDeletedEvent,
  TesseraErrorOccurredEvent,
  TesseraExportCompletedEvent,
} from '../shared/events.js';
import { libraryEnglish } from '../shared/i18n/english/library.js';
import type { Localizer } from '../shared/i18n/localizer.js';
import type { MessageId } from '../shared/i18n/messages.js';
import { provideEnglish } from '../shared/i18n/registry.js';
import { TesseraElement } from '../shared/tessera-element.js';
import { DownloadLinks } from './controllers/download-links.js';
import { ImportController } from './controllers/import-controller.js';
import { type Deletion, LibraryController } from './controllers/library-controller.js';
import { libraryStyles } from './library.styles.js';
import { activityLog } from './parts/activity-log.js';
import { conversationTable, titleText, verifyText } from './parts/conversation-table.js';
import { deletionReceipt, receiptFilename } from './parts/deletion-receipt.js';
import { type LibraryError, toLibraryError } from './parts/format.js';
import { importAnnouncement, importReport } from './parts/import-report.js';
import { storagePanel } from './parts/storage-panel.js';

// The library's English ships with its code, not in the table every chat page loads.
provideEnglish(libraryEnglish);

/** Rows shown at first, and added by "Show more": the DOM stays small however large the library. */
const PAGE = 50;

const EXPORTS: Readonly<Record<ExportFormat, { label: MessageId; extension: string; type: string }>> = {
  json: { label: 'library.export.json', extension: 'json', type: 'application/json' },
  markdown: { label: 'library.export.markdown', extension: 'md', type: 'text/markdown' },
  zip: { label: 'library.export.zip', extension: 'zip', type: 'application/zip' },
};

function isExportFormat(value: string): value is ExportFormat {
  return Object.hasOwn(EXPORTS, value);
}

/** An export's bytes as a Blob of its type (core answers with bytes; a Blob is accepted as it is). */
function toBlob(data: Uint8Array | Blob, type: string): Blob {
  return data instanceof Blob ? data : new Blob([data as Uint8Array<ArrayBuffer>], { type });
}

/**
 * Everything the user owns, in one place: where it is kept and how it is protected, every
 * conversation with where it came from, when, what it holds and who may see it; search, import
 * (drop or choose files, with a report of everything skipped), export, verification of each
 * conversation's hash chain, deletion with a signed receipt, and the activity log.
 *
 * @tagname tessera-library
 * @summary The user's data dashboard: storage, conversations, import, export, delete, verify, activity.
 *
 * @fires tessera-import-completed - An import ended; `detail` is the report (counts, `skipped` with reasons, `warnings`).
 * @fires tessera-export-completed - An export is ready (`format`, `conversationIds`, `blob`, `filename`).
 * @fires tessera-conversation-deleted - A conversation was deleted (`conversationId`, signed `receipt`, `verified`).
 * @fires tessera-error-occurred - An error is shown to the user (`code`, `message`).
 *
 * @csspart base - The outer container.
 * @csspart header - The title bar.
 * @csspart error - Why the library could not be read, with a Try again button.
 * @csspart retry-button - Reads the library again after an error.
 * @csspart storage - The storage panel; its values are `storage-kind`, `storage-encryption`, `storage-usage`, `storage-count`.
 * @csspart import - The import section.
 * @csspart drop-zone - Where export files can be dropped.
 * @csspart file-button - Opens the file chooser (the keyboard route to import).
 * @csspart import-progress - Progress of a running import.
 * @csspart cancel-button - Stops the running import.
 * @csspart import-error - Why an import failed or that it was stopped.
 * @csspart import-report - What an import stored and skipped; inside it `import-skipped` and `import-warnings` lists.
 * @csspart dismiss-button - Hides a report or a receipt.
 * @csspart conversations - The conversations section.
 * @csspart toolbar - Search and export controls.
 * @csspart search - The search box (titles and message text).
 * @csspart search-status - How many conversations match, and how far message text has been read.
 * @csspart export-format - Chooses JSON, Markdown or ZIP.
 * @csspart export-button - Exports the selected conversations, or all of them.
 * @csspart export-result - The download link of the last export (`download-link`).
 * @csspart loading - Shown while the library is read.
 * @csspart empty - Shown when there is nothing stored yet, or nothing matches the search.
 * @csspart table-scroll - The scrolling container of the table.
 * @csspart table - The conversations table; rows are `row`, row headers `row-title`.
 * @csspart verify-button - Checks one conversation's hash chain and signatures; the answer is `verify-status`.
 * @csspart delete-button - Starts deleting one conversation (asks first).
 * @csspart show-more - Shows more rows.
 * @csspart receipt - The deletion receipt; `receipt-status`, `receipt-hash`, `receipt-download` inside.
 * @csspart confirm-dialog - The dialog that asks before deleting; `confirm-delete-button` and `confirm-cancel-button`.
 * @csspart activity - The activity (audit log) section; `activity-table` and its `activity-entry` rows.
 *
 * @cssstate loading - The library is being read.
 * @cssstate empty - Nothing is stored.
 * @cssstate error - An error is shown.
 * @cssstate importing - An import is running.
 * @cssstate dragging - Files are dragged over the drop zone.
 *
 * @cssprop --tessera-color-accent - Primary buttons, the drop zone while dragging, progress.
 * @cssprop --tessera-color-on-accent - Text on the accent colour.
 * @cssprop --tessera-color-surface - Background.
 * @cssprop --tessera-color-surface-raised - Header, panels and the table header.
 * @cssprop --tessera-color-surface-sunken - Hashes and the drop zone.
 * @cssprop --tessera-color-border - Borders.
 * @cssprop --tessera-color-border-subtle - Lines between table rows.
 * @cssprop --tessera-color-text - Text colour.
 * @cssprop --tessera-color-text-muted - Secondary text.
 * @cssprop --tessera-color-danger - Errors, broken chains and the delete buttons.
 * @cssprop --tessera-color-danger-surface - Error background.
 * @cssprop --tessera-color-focus-ring - Focus outline.
 * @cssprop --tessera-font-body - Text font.
 * @cssprop --tessera-font-mono - Hashes and ids.
 * @cssprop --tessera-font-size-sm - Small text size.
 * @cssprop --tessera-font-size-md - Body text size.
 * @cssprop --tessera-space-xs - Extra-small spacing.
 * @cssprop --tessera-space-sm - Small spacing.
 * @cssprop --tessera-space-md - Medium spacing.
 * @cssprop --tessera-space-lg - Large spacing.
 * @cssprop --tessera-radius-sm - Radius of inputs and buttons.
 * @cssprop --tessera-radius-md - Radius of the library and its panels (unless --tessera-library-radius is set).
 * @cssprop --tessera-library-radius - Corner radius of the library and its panels.
 * @cssprop --tessera-library-drop-zone-bg - Drop zone background.
 * @cssprop --tessera-library-drop-zone-active-bg - Drop zone background while files are dragged over it.
 * @cssprop --tessera-library-row-selected-bg - Background of a selected row.
 * @cssprop --tessera-library-verified-fg - Text of a verified chain or receipt.
 */
export class TesseraLibrary extends TesseraElement {
  static override styles = libraryStyles;

  /** Accessible name and heading of the library; “Your library” in the widget's language when unset. */
  @property() label: string | undefined;

  @state() private query = '';
  @state() private selected: ReadonlySet<string> = new Set();
  @state() private shown = PAGE;
  @state() private exportFormat: ExportFormat = 'json';
  @state() private exporting = false;
  @state() private exportError: LibraryError | undefined;
  @state() private deletion: Deletion | undefined;
  /** The conversation the dialog asks about. */
  @state() private confirming: ConversationRecord | undefined;
  @state() private deleting = false;
  @state() private deleteError: LibraryError | undefined;
  @state() private dragging = false;
  /** The latest sentence for the polite live region. */
  @state() private announcement = '';

  @query('input[type="file"]') private fileInput!: HTMLInputElement;
  @query('dialog') private dialog!: HTMLDialogElement;

  readonly #library = new LibraryController(this);
  readonly #import = new ImportController(this);
  readonly #downloads = new DownloadLinks(this);
  readonly #internals = this.attachInternals();
  /** The rows on screen after the last render, whose summaries are read first. */
  #visible: readonly ConversationRecord[] = [];
  /** The button that opened the dialog: focus goes back to it when the dialog is cancelled. */
  #deleteTrigger: HTMLElement | undefined;

  /** Resolves when the current read of the library (status, conversations, activity) has ended. */
  get loaded(): Promise<void> {
    return this.updateComplete.then(() => this.#library.loaded);
  }

  /** Reads the library again. */
  refresh(): Promise<void> {
    return this.#library.refresh();
  }

  /**
   * Imports files as if dropped: one export, the files of an unpacked one, or several ZIPs.
   * Resolves with the report, or undefined when the import failed or was stopped (then shown).
   */
  async importFiles(files: readonly File[]) {
    const tessera = this.instance;
    if (!tessera || this.#import.running) return undefined;
    const release = this.#library.suspend();
    this.announcement = this.i18n.t('library.import.starting', { files: this.i18n.list(files.map((f) => f.name)) });
    const report = await this.#import.run(tessera, files);
    // Announced with the report's render, not after the library's re-read that release() waits for.
    if (report) this.announcement = importAnnouncement(this.i18n, report);
    else if (this.#import.error) this.announcement = this.#import.error.message;
    await release();
    return report;
  }

  /** Stops the running import; conversations stored before stay. */
  cancelImport(): void {
    this.#import.cancel();
  }

  /**
   * Exports the selected conversations (or all, or `conversationIds`) and offers the file as a
   * download. Resolves with the file, or undefined when the export failed (then shown).
   */
  async exportConversations(
    format: ExportFormat = this.exportFormat,
    conversationIds: readonly string[] | undefined = this.#selectedIds(),
  ): Promise<Blob | undefined> {
    const tessera = this.instance;
    if (!tessera || this.exporting) return undefined;
    this.exporting = true;
    this.exportError = undefined;
    try {
      const ids = conversationIds ? [...conversationIds] : undefined;
      const bytes = await tessera.io.export({ format, ...(ids ? { conversationIds: ids } : {}) });
      const { extension, type } = EXPORTS[format];
      const blob = toBlob(bytes, type);
      const filename = `tessera-export-${new Date().toISOString().slice(0, 10)}.${extension}`;
      this.#downloads.offer('export', blob, filename);
      this.announcement = this.i18n.t('library.export.ready', { filename, size: this.i18n.bytes(blob.size) });
      this.dispatchEvent(new TesseraExportCompletedEvent({ format, conversationIds: ids, blob, filename }));
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part="download-link"]')?.focus();
      return blob;
    } catch (error) {
      this.exportError = toLibraryError(error, this.i18n.t('library.export.failed'));
      this.dispatchEvent(new TesseraErrorOccurredEvent(this.exportError));
      return undefined;
    } finally {
      this.exporting = false;
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Reconnected after a move in the DOM: willUpdate picks the instance up again.
    this.requestUpdate();
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    this.#library.use(this.instance);
    if (changed.has('query')) this.shown = PAGE;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.#library.want(this.#visible);
    const lib = this.#library;
    this.#setState('loading', lib.loading || !this.instance);
    this.#setState('empty', !lib.loading && !lib.error && lib.conversations.length === 0);
    this.#setState('error', Boolean(this.startupError ?? lib.error ?? this.#import.error ?? this.exportError));
    this.#setState('importing', this.#import.running);
    this.#setState('dragging', this.dragging);
  }

  #setState(name: string, on: boolean): void {
    const states = this.#internals.states;
    if (!states) return;
    if (on) states.add(name);
    else states.delete(name);
  }

  #selectedIds(): string[] | undefined {
    if (this.selected.size === 0) return undefined;
    const present = new Set(this.#library.conversations.map((c) => c.id));
    return [...this.selected].filter((id) => present.has(id));
  }

  // Import: drop zone and file button

  #hasFiles(event: DragEvent): boolean {
    return event.dataTransfer?.types.includes('Files') ?? false;
  }

  #dragOver(event: DragEvent): void {
    if (!this.#hasFiles(event)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    this.dragging = true;
  }

  #dragLeave(event: DragEvent): void {
    const zone = event.currentTarget as HTMLElement;
    if (!zone.contains(event.relatedTarget as Node | null)) this.dragging = false;
  }

  #drop(event: DragEvent): void {
    event.preventDefault();
    this.dragging = false;
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length > 0) void this.#importAndFocus(files);
  }

  #filesChosen(event: Event): void {
    const input = event.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    // Cleared so choosing the same file again imports it again.
    input.value = '';
    if (files.length > 0) void this.#importAndFocus(files);
  }

  /**
   * Imports, then, when focus is nowhere (the Cancel button that had it is gone), puts it on the
   * report or the error that replaced the progress. Focus elsewhere on the page is left alone.
   */
  async #importAndFocus(files: File[]): Promise<void> {
    await this.importFiles(files);
    await this.updateComplete;
    const focused = document.activeElement;
    if (focused && focused !== document.body) return;
    this.renderRoot.querySelector<HTMLElement>('[part="import-report"], [part="import-error"]')?.focus();
  }

  // Delete: confirm in a modal dialog, then the receipt

  async #askDelete(id: string, trigger: HTMLElement): Promise<void> {
    this.confirming = this.#library.conversations.find((c) => c.id === id);
    if (!this.confirming) return;
    this.#deleteTrigger = trigger;
    this.deleteError = undefined;
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
    // The safe choice has focus: Enter right away cancels.
    this.renderRoot.querySelector<HTMLElement>('[part="confirm-cancel-button"]')?.focus();
  }

  #cancelDelete(): void {
    if (this.deleting) return;
    this.dialog.close();
  }

  #dialogClosed(): void {
    const deleted = this.deletion?.receipt.conversationId === this.confirming?.id;
    this.confirming = undefined;
    this.deleteError = undefined;
    // Cancelled: back to the button that opened it. Deleted: that row is gone; the receipt takes focus.
    if (!deleted && this.#deleteTrigger?.isConnected) this.#deleteTrigger.focus();
    this.#deleteTrigger = undefined;
  }

  #dialogCancel(event: Event): void {
    // Escape while the deletion runs would hide a dialog whose outcome is still coming.
    if (this.deleting) event.preventDefault();
  }

  async #confirmDelete(): Promise<void> {
    const conversation = this.confirming;
    if (!conversation || this.deleting) return;
    this.deleting = true;
    this.deleteError = undefined;
    try {
      const deletion = await this.#library.remove(conversation.id);
      this.deletion = deletion;
      this.selected = new Set([...this.selected].filter((id) => id !== conversation.id));
      const json = JSON.stringify(deletion.receipt, null, 2);
      this.#downloads.offer('receipt', new Blob([json], { type: 'application/json' }), receiptFilename(deletion));
      const i18n = this.i18n;
      this.announcement = i18n.t('library.delete.announce', {
        title: titleText(i18n, conversation),
        verdict: deletion.check.ok
          ? i18n.t('library.delete.receiptVerifies')
          : i18n.t('library.delete.receiptFails', { reason: deletion.check.message }),
      });
      this.dispatchEvent(
        new TesseraConversationDeletedEvent({
          conversationId: conversation.id,
          receipt: deletion.receipt,
          verified: deletion.check.ok,
        }),
      );
      this.deleting = false;
      this.dialog.close();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#receipt-heading')?.focus();
    } catch (error) {
      this.deleteError = toLibraryError(error, this.i18n.t('library.delete.failed'));
      this.dispatchEvent(new TesseraErrorOccurredEvent(this.deleteError));
    } finally {
      this.deleting = false;
    }
  }

  #dismissReceipt(): void {
    this.deletion = undefined;
    this.#downloads.revoke('receipt');
    this.renderRoot.querySelector<HTMLElement>('[part="search"]')?.focus();
  }

  async #verify(id: string): Promise<void> {
    const state = await this.#library.verify(id);
    const conversation = this.#library.conversations.find((c) => c.id === id);
    const i18n = this.i18n;
    const result = verifyText(i18n, state);
    this.announcement = conversation
      ? i18n.t('library.verify.announce', { title: titleText(i18n, conversation), result })
      : result;
  }

  #select(id: string, on: boolean): void {
    const next = new Set(this.selected);
    if (on) next.add(id);
    else next.delete(id);
    this.selected = next;
  }

  #selectAll(on: boolean): void {
    const next = new Set(this.selected);
    for (const c of this.#visible) {
      if (on) next.add(c.id);
      else next.delete(c.id);
    }
    this.selected = next;
  }

  // Rendering

  #importSection(i18n: Localizer) {
    const run = this.#import;
    const progress = run.progress;
    return html`<section part="import" aria-labelledby="import-heading">
      <h3 id="import-heading">${i18n.t('library.import.heading')}</h3>
      <div
        part="drop-zone"
        class=${this.dragging ? 'dragging' : ''}
        @dragenter=${this.#dragOver}
        @dragover=${this.#dragOver}
        @dragleave=${this.#dragLeave}
        @drop=${this.#drop}
      >
        <p>${i18n.t('library.import.drop')}</p>
        <input type="file" multiple hidden aria-label=${i18n.t('library.import.filesLabel')} @change=${this.#filesChosen} />
        <button
          part="file-button"
          class="primary"
          type="button"
          ?disabled=${run.running || !this.instance}
          @click=${() => this.fileInput.click()}
        >${i18n.t('library.import.choose')}</button>
      </div>
      ${
        run.running
          ? html`<div part="import-progress">
            <progress
              aria-label=${i18n.t('library.import.progressLabel')}
              max=${progress && progress.total > 0 ? progress.total : nothing}
              value=${progress && progress.total > 0 ? progress.done : nothing}
            ></progress>
            <span>${
              progress
                ? i18n.t('library.import.progress', {
                    files: i18n.list(run.files),
                    conversations: progress.conversations,
                    messages: progress.messages,
                  })
                : i18n.t('library.import.starting', { files: i18n.list(run.files) })
            }</span>
            <button part="cancel-button" type="button" @click=${this.cancelImport}>${i18n.t('library.import.cancel')}</button>
          </div>`
          : nothing
      }
      ${
        run.error
          ? html`<p part="import-error" class=${run.error.code === 'aborted' ? 'notice' : 'error'} tabindex="-1">
            ${run.error.code === 'aborted' ? i18n.t('library.import.stopped') : run.error.message}
          </p>`
          : nothing
      }
      ${run.report ? importReport(i18n, run.report, () => run.dismiss()) : nothing}
    </section>`;
  }

  #toolbar(i18n: Localizer, matches: number) {
    const ids = this.#selectedIds();
    const lib = this.#library;
    const download = this.#downloads.get('export');
    return html`<div part="toolbar">
        <div class="field">
          <label for="search">${i18n.t('library.search.label')}</label>
          <input
            id="search"
            part="search"
            type="search"
            placeholder=${i18n.t('library.search.placeholder')}
            .value=${this.query}
            @input=${(e: Event) => {
              this.query = (e.target as HTMLInputElement).value;
            }}
          />
        </div>
        <div class="field">
          <label for="export-format">${i18n.t('library.export.as')}</label>
          <select
            id="export-format"
            part="export-format"
            .value=${this.exportFormat}
            @change=${(e: Event) => {
              const value = (e.target as HTMLSelectElement).value;
              if (isExportFormat(value)) this.exportFormat = value;
            }}
          >
            ${Object.entries(EXPORTS).map(
              ([value, { label }]) =>
                html`<option value=${value} ?selected=${value === this.exportFormat}>${i18n.t(label)}</option>`,
            )}
          </select>
        </div>
        <button
          part="export-button"
          type="button"
          ?disabled=${this.exporting || lib.conversations.length === 0}
          @click=${() => this.exportConversations()}
        >
          ${
            this.exporting
              ? i18n.t('library.export.running')
              : ids
                ? i18n.t('library.export.selected', { count: ids.length })
                : i18n.t('library.export.all')
          }
        </button>
      </div>
      <p part="search-status" role="status">
        ${this.query.trim() ? i18n.t('library.search.matches', { matches, total: lib.conversations.length }) : nothing}
      </p>
      ${
        lib.indexing && this.query.trim()
          ? html`<p class="muted">
            ${i18n.t('library.search.indexing', { done: lib.indexing.done, total: lib.indexing.total })}
          </p>`
          : nothing
      }
      ${this.exportError ? html`<p class="error" role="alert">${this.exportError.message}</p>` : nothing}
      ${
        download
          ? html`<p part="export-result">
            ${i18n.t('library.export.readyLead')}
            <a part="download-link" href=${download.url} download=${download.filename}>
              ${i18n.t('library.export.save', { filename: download.filename, size: i18n.bytes(download.bytes) })}
            </a>
          </p>`
          : nothing
      }`;
  }

  #conversationsBody(i18n: Localizer, rows: readonly ConversationRecord[], total: number) {
    const lib = this.#library;
    if (lib.loading) return html`<p part="loading">${i18n.t('library.loading')}</p>`;
    if (lib.conversations.length === 0) {
      return lib.error ? nothing : html`<p part="empty">${i18n.t('library.empty')}</p>`;
    }
    if (total === 0) return html`<p part="empty">${i18n.t('library.search.none', { query: this.query.trim() })}</p>`;
    return html`<div part="table-scroll" class="scroll" role="region" aria-labelledby="conversations-heading" tabindex="0">
        ${conversationTable({
          i18n,
          rows,
          summaryOf: (c) => lib.summaryOf(c),
          unreadable: (id) => lib.unreadable(id),
          verification: lib.verification,
          selected: this.selected,
          onSelect: (id, on) => this.#select(id, on),
          onSelectAll: (on) => this.#selectAll(on),
          onVerify: (id) => void this.#verify(id),
          onDelete: (id, trigger) => void this.#askDelete(id, trigger),
        })}
      </div>
      ${
        total > rows.length
          ? html`<button part="show-more" type="button" @click=${() => {
              this.shown += PAGE;
            }}>
            ${i18n.t('library.showMore', { count: Math.min(PAGE, total - rows.length), shown: rows.length, total })}
          </button>`
          : nothing
      }`;
  }

  #confirmDialog(i18n: Localizer) {
    const c = this.confirming;
    const messages = c ? this.#library.summaryOf(c)?.messages : undefined;
    return html`<dialog
      part="confirm-dialog"
      aria-labelledby="confirm-heading"
      aria-describedby="confirm-text"
      @close=${this.#dialogClosed}
      @cancel=${this.#dialogCancel}
    >
      ${
        c
          ? html`<h3 id="confirm-heading">${i18n.t('library.delete.confirmHeading', { title: titleText(i18n, c) })}</h3>
            <p id="confirm-text">${i18n.t('library.delete.confirmText', { messages: messages ?? -1 })}</p>
            ${this.deleteError ? html`<p class="error" role="alert">${this.deleteError.message}</p>` : nothing}
            <div class="actions">
              <button part="confirm-cancel-button" type="button" ?disabled=${this.deleting} @click=${this.#cancelDelete}>
                ${i18n.t('common.cancel')}
              </button>
              <button
                part="confirm-delete-button"
                class="danger-solid"
                type="button"
                ?disabled=${this.deleting}
                @click=${this.#confirmDelete}
              >
                ${i18n.t(this.deleting ? 'library.delete.running' : 'library.delete.confirm')}
              </button>
            </div>`
          : nothing
      }
    </dialog>`;
  }

  override render() {
    const lib = this.#library;
    const i18n = this.i18n;
    const error = this.startupError ?? lib.error;
    const matching = lib.search(this.query);
    const rows = matching.slice(0, this.shown);
    this.#visible = rows;
    const titles = new Map(lib.conversations.map((c) => [c.id, c.title]));
    return html`<section part="base" aria-labelledby="library-heading">
      <header part="header">
        <h2 id="library-heading">${this.label ?? i18n.t('library.label')}</h2>
        ${
          this.instance
            ? nothing
            : html`<p class="muted">${i18n.t(this.startupError ? 'library.couldNotStart' : 'common.loadingTessera')}</p>`
        }
      </header>
      <p class="visually-hidden" role="status" aria-live="polite">${this.announcement}</p>
      ${
        error
          ? html`<div part="error" role="alert">
            <p>${error.message}</p>
            ${
              lib.error
                ? html`<button part="retry-button" type="button" @click=${() => this.refresh()}>${i18n.t('common.tryAgain')}</button>`
                : nothing
            }
          </div>`
          : nothing
      }
      <div class="panels">${storagePanel(i18n, lib.status, Boolean(lib.error))} ${this.#importSection(i18n)}</div>
      <section part="conversations" aria-labelledby="conversations-heading">
        <h3 id="conversations-heading">${i18n.t('library.conversations.heading')}</h3>
        ${
          this.deletion
            ? deletionReceipt(i18n, this.deletion, this.#downloads.get('receipt'), () => this.#dismissReceipt())
            : nothing
        }
        ${this.#toolbar(i18n, matching.length)}
        ${this.#conversationsBody(i18n, rows, matching.length)}
      </section>
      ${activityLog(i18n, lib.audit, lib.auditError, (id) => titles.get(id))}
      ${this.#confirmDialog(i18n)}
    </section>`;
  }
}
