import { TesseraError } from '../errors/tessera-error.js';
import { documentOf, type ExportDocument, openDocument } from './document.js';
import { type ArchiveEntry, looksLikeZip, openZip } from './zip.js';

/**
 * What `tessera.io.import` accepts: a `File` or `Blob` (a provider's JSON or the ZIP it sends),
 * several files at once (an unpacked export, the shards of one, or several Takeout ZIPs), a string,
 * bytes, or JSON the caller already parsed.
 */
export type ImportInput = Blob | readonly Blob[] | string | ArrayBuffer | ArrayBufferView | object;

/** The input, opened: one document, or the files of an archive (read one at a time, on demand). */
export type InputSource =
  | { kind: 'document'; doc: ExportDocument }
  | { kind: 'archive'; via: 'zip' | 'files'; entries: ArchiveEntry[] };

function isBlob(value: unknown): value is Blob {
  return typeof Blob !== 'undefined' && value instanceof Blob;
}

function nameOf(blob: Blob): string | undefined {
  const file = blob as Blob & { name?: unknown; webkitRelativePath?: unknown };
  const relative = typeof file.webkitRelativePath === 'string' ? file.webkitRelativePath : '';
  return relative || (typeof file.name === 'string' && file.name ? file.name : undefined);
}

async function head(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(0, 4).arrayBuffer());
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new TesseraError('aborted', 'The import was stopped before it finished.', { cause: signal.reason });
}

/** Opens any accepted input. Throws a `validation` TesseraError for what cannot be an export. */
export async function readInput(input: ImportInput, signal?: AbortSignal): Promise<InputSource> {
  if (input === null || input === undefined) {
    throw new TesseraError('validation', 'Nothing to import: choose the file or ZIP your chat provider sent you.');
  }
  if (isBlob(input)) {
    if (looksLikeZip(await head(input))) return { kind: 'archive', via: 'zip', entries: await openZip(input) };
    checkAborted(signal);
    const bytes = new Uint8Array(await input.arrayBuffer());
    return { kind: 'document', doc: openDocument(bytes, nameOf(input)) };
  }
  if (Array.isArray(input) && input.length > 0 && input.every(isBlob)) {
    return { kind: 'archive', via: 'files', entries: await fileEntries(input, signal) };
  }
  if (typeof input === 'string') return { kind: 'document', doc: openDocument(input) };
  if (input instanceof ArrayBuffer || ArrayBuffer.isView(input)) {
    const bytes =
      input instanceof ArrayBuffer
        ? new Uint8Array(input)
        : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    if (looksLikeZip(bytes)) return { kind: 'archive', via: 'zip', entries: await openZip(bytes) };
    return { kind: 'document', doc: openDocument(bytes) };
  }
  if (typeof input === 'object') return { kind: 'document', doc: documentOf(input) };
  throw new TesseraError('validation', 'Nothing to import: choose the file or ZIP your chat provider sent you.');
}

/** A set of files, as dropped or picked: each is an entry; a ZIP among them opens into its own entries. */
async function fileEntries(files: readonly Blob[], signal: AbortSignal | undefined): Promise<ArchiveEntry[]> {
  const entries: ArchiveEntry[] = [];
  for (const [i, file] of files.entries()) {
    checkAborted(signal);
    const path = nameOf(file) ?? `file ${i + 1}`;
    if (looksLikeZip(await head(file))) {
      for (const entry of await openZip(file)) entries.push({ ...entry, path: `${path}/${entry.path}` });
      continue;
    }
    entries.push({ path, size: file.size, read: async () => new Uint8Array(await file.arrayBuffer()) });
  }
  return entries;
}
