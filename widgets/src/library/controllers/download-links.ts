import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What the library offers for download. */
export type DownloadSlot = 'export' | 'receipt';

export interface OfferedDownload {
  url: string;
  filename: string;
  bytes: number;
}

/**
 * Object URLs for the files the library offers (an export, a deletion receipt), one per slot. An
 * object URL keeps its Blob alive until revoked: offering a new file in a slot revokes the old URL,
 * and leaving the page revokes them all. The URL stays valid while its link is on screen, so the
 * user can save the file again.
 */
export class DownloadLinks implements ReactiveController {
  readonly #offered = new Map<DownloadSlot, OfferedDownload>();
  readonly #host: ReactiveControllerHost;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    for (const slot of [...this.#offered.keys()]) this.revoke(slot);
  }

  offer(slot: DownloadSlot, blob: Blob, filename: string): OfferedDownload {
    this.revoke(slot);
    const offered = { url: URL.createObjectURL(blob), filename, bytes: blob.size };
    this.#offered.set(slot, offered);
    this.#host.requestUpdate();
    return offered;
  }

  get(slot: DownloadSlot): OfferedDownload | undefined {
    return this.#offered.get(slot);
  }

  revoke(slot: DownloadSlot): void {
    const offered = this.#offered.get(slot);
    if (!offered) return;
    URL.revokeObjectURL(offered.url);
    this.#offered.delete(slot);
    this.#host.requestUpdate();
  }
}
