import type { ImportProgress, IoImportReport, Tessera } from '@tessera/core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { TesseraErrorOccurredEvent, TesseraImportCompletedEvent } from '../../shared/events.js';
import type { Localizer } from '../../shared/i18n/localizer.js';
import { type LibraryError, toLibraryError } from '../parts/format.js';

type Host = ReactiveControllerHost & HTMLElement & { readonly i18n: Localizer };

/**
 * One import at a time through `tessera.io.import`: its progress, a way to stop it, and how it
 * ended (the report, or the error as a sentence). Leaving the page stops it.
 */
export class ImportController implements ReactiveController {
  running = false;
  /** What the importer has read so far. */
  progress: ImportProgress | undefined;
  /** The names of the files being imported, for the progress line. */
  files: string[] = [];
  report: IoImportReport | undefined;
  error: LibraryError | undefined;

  readonly #host: Host;
  #abort: AbortController | undefined;
  #frame = 0;

  constructor(host: Host) {
    this.#host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.cancel();
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
  }

  /**
   * Imports the files (one export, the files of an unpacked one, or several ZIPs). Resolves with
   * the report, or undefined when it failed or was stopped (`error` then says why). Never rejects.
   */
  async run(tessera: Tessera, files: readonly File[]): Promise<IoImportReport | undefined> {
    if (this.running || files.length === 0) return undefined;
    const abort = new AbortController();
    this.#abort = abort;
    this.running = true;
    this.files = files.map((f) => f.name);
    this.progress = undefined;
    this.report = undefined;
    this.error = undefined;
    this.#host.requestUpdate();
    try {
      const report = await tessera.io.import(files.length === 1 ? files[0]! : files, {
        signal: abort.signal,
        onProgress: (progress) => {
          this.progress = progress;
          this.#scheduleRender();
        },
      });
      this.report = report;
      this.#host.dispatchEvent(new TesseraImportCompletedEvent(report));
      return report;
    } catch (error) {
      this.error = toLibraryError(error, this.#host.i18n.t('library.import.failed'));
      if (this.error.code !== 'aborted') this.#host.dispatchEvent(new TesseraErrorOccurredEvent(this.error));
      return undefined;
    } finally {
      this.running = false;
      this.#abort = undefined;
      this.#host.requestUpdate();
    }
  }

  /** Stops the import; conversations already stored stay (the importer says which in its error). */
  cancel(): void {
    this.#abort?.abort();
  }

  /** Hides the last report or error. */
  dismiss(): void {
    this.report = undefined;
    this.error = undefined;
    this.#host.requestUpdate();
  }

  // Progress can arrive per conversation, thousands of times: render at most once a frame.
  #scheduleRender(): void {
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => {
      this.#frame = 0;
      this.#host.requestUpdate();
    });
  }
}
