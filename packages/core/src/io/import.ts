import { TesseraError } from '../errors/tessera-error.js';
import { yieldToEventLoop } from '../store/event-loop.js';
import { type AssetIndex, conversationWhere, countBranches, ImportContext, plural, verb } from './context.js';
import { type Detection, detectDocument, readerFor } from './detect.js';
import { type ExportDocument, notAChatExport, openDocument, reasonOf } from './document.js';
import { assetId } from './formats/chatgpt.js';
import type { FormatReader } from './formats/format.js';
import type { ImportedConversation, ImportFormat, ImportReport, ImportResult } from './imported.js';
import { type ImportInput, type InputSource, readInput } from './read-input.js';
import type { ArchiveEntry } from './zip.js';

export interface ImportProgress {
  /** Conversations read so far (skipped ones are counted in the report, not here). */
  conversations: number;
  /** Messages read so far. */
  messages: number;
  /** How far into the input's conversation files, against `total`, in bytes (or characters for a string). */
  done: number;
  total: number;
  /** The file being read, when the input holds several (a ZIP). */
  file?: string;
  /** The source id of the conversation just read. */
  conversationId?: string;
}

export interface ImportOptions {
  /** Stops the import: it rejects with a TesseraError `aborted`. */
  signal?: AbortSignal;
  /** Called after each conversation is read, and once at the end. */
  onProgress?: (progress: ImportProgress) => void;
  /**
   * Hands each conversation over as soon as it is read (and awaits it) instead of collecting them:
   * the way to import a large export without holding all of it as conversations at once. With it,
   * the result's `conversations` is empty; the report is the same. `format` is the format of the
   * file the conversation was read from (the report's `format` is only known at the end).
   */
  onConversation?: (conversation: ImportedConversation, format: ImportFormat) => void | Promise<void>;
}

/** Files in an archive that are read as data; images, HTML and the rest are never opened. */
const DATA_FILE = /\.(json|jsonl|ndjson|csv)$/i;
/** Archive files up to this size are opened first, to find manifests and name maps before conversations. */
const SMALL_FILE = 2 * 1024 * 1024;
/** Yield to the event loop this often (ms), so a page stays responsive and an abort is seen. */
const SLICE_MS = 16;

function aborted(signal: AbortSignal): TesseraError {
  return new TesseraError('aborted', 'The import was stopped before it finished.', { cause: signal.reason });
}

/** The state of one import run: everything the report is made from. */
class Run {
  readonly ctx = new ImportContext();
  readonly conversations: ImportedConversation[] = [];
  readonly ids = new Set<string>();
  readonly formats = new Map<ImportFormat, number>();
  acus = 0;
  branches = 0;
  done = 0;
  total = 0;
  private lastYield = Date.now();

  constructor(private readonly options: ImportOptions) {}

  checkAborted(): void {
    if (this.options.signal?.aborted) throw aborted(this.options.signal);
  }

  async pause(): Promise<void> {
    if (Date.now() - this.lastYield < SLICE_MS) return;
    await yieldToEventLoop();
    this.lastYield = Date.now();
    this.checkAborted();
  }

  progress(file?: string, conversationId?: string): void {
    this.options.onProgress?.({
      conversations: this.ids.size,
      messages: this.acus,
      done: this.done,
      total: this.total,
      ...(file === undefined ? {} : { file }),
      ...(conversationId === undefined ? {} : { conversationId }),
    });
  }

  /** Reads one document with its reader, conversation by conversation. */
  async read(reader: FormatReader, doc: ExportDocument, file?: string): Promise<void> {
    const base = this.done;
    this.ctx.file = file;
    this.formats.set(reader.format, this.formats.get(reader.format) ?? 0);
    for (const conversation of reader.read(doc, this.ctx)) {
      this.checkAborted();
      const duplicate = this.ids.has(conversation.sourceId);
      if (duplicate) {
        this.ctx.skip(
          conversationWhere(conversation.title, conversation.sourceId),
          'the same conversation appears again in the export; the first copy was kept',
        );
      } else {
        this.ids.add(conversation.sourceId);
        this.acus += conversation.messages.length;
        this.branches += countBranches(conversation.messages);
        this.formats.set(reader.format, (this.formats.get(reader.format) ?? 0) + 1);
        if (this.options.onConversation) await this.options.onConversation(conversation, reader.format);
        else this.conversations.push(conversation);
      }
      this.done = base + (doc.kind === 'array' ? doc.position : 0);
      this.progress(file, duplicate ? undefined : conversation.sourceId);
      await this.pause();
    }
    this.done = base + doc.size;
    this.ctx.file = undefined;
  }

  result(): ImportResult {
    let format: ImportFormat | undefined;
    let most = -1;
    for (const [name, count] of this.formats) {
      if (count > most) {
        format = name;
        most = count;
      }
    }
    if (this.formats.size > 1) {
      this.ctx.warn(
        `The input holds exports of several kinds (${[...this.formats.keys()].join(', ')}); all were imported.`,
      );
    }
    const report: ImportReport = {
      format: format!,
      conversations: this.ids.size,
      conversationIds: [...this.ids],
      acus: this.acus,
      branches: this.branches,
      memories: this.ctx.memories.length,
      skipped: this.ctx.skipped,
      warnings: this.ctx.warnings(),
    };
    return { conversations: this.conversations, memories: this.ctx.memories, report };
  }
}

/**
 * Reads a chat export into the neutral model: every conversation, every branch, every message,
 * with a report of what was imported and of everything that was not (where and why). Pure: it
 * stores nothing. The format is recognized by structure; a ZIP is opened and its conversation
 * files found by what they hold. Rejects with a `validation` TesseraError for input that is no
 * known export (nothing is partly imported then), `aborted` when `signal` fires.
 */
export async function parseImport(input: ImportInput, options: ImportOptions = {}): Promise<ImportResult> {
  const run = new Run(options);
  run.checkAborted();
  const source = await readInput(input, options.signal);
  run.checkAborted();
  if (source.kind === 'document') {
    const detection = detectDocument(source.doc);
    const reader = readerFor(detection);
    run.total = source.doc.size;
    await run.read(reader, source.doc);
  } else {
    await readArchive(run, source);
  }
  run.progress();
  return run.result();
}

/** The format of an input, without importing it. Rejects like `parseImport` for what is no known export. */
export async function detectImportFormat(input: ImportInput): Promise<ImportFormat> {
  const source = await readInput(input);
  if (source.kind === 'document') return readerFor(detectDocument(source.doc)).format;
  const { readers } = await scanArchive(source.entries, undefined);
  for (const r of readers) {
    let detection = r.detection;
    if (!r.doc) {
      try {
        detection = detectDocument(openDocument(await r.entry.read(), r.entry.path));
      } catch {
        continue;
      }
    }
    if (detection.kind === 'format') return detection.reader.format;
  }
  throw noConversationsInArchive(source.entries, readers);
}

interface ScannedEntry {
  entry: ArchiveEntry;
  /** Set for small files, opened in the first pass; big ones are opened when their turn comes. */
  doc?: ExportDocument;
  detection: Detection;
}

/**
 * First pass over an archive: open the small data files (manifests, name maps, most exports of
 * other providers) and say what each is. Big files only get a placeholder; they are opened once,
 * when read.
 */
async function scanArchive(
  entries: readonly ArchiveEntry[],
  run: Run | undefined,
): Promise<{ readers: ScannedEntry[]; failed: { path: string; why: string }[] }> {
  const readers: ScannedEntry[] = [];
  const failed: { path: string; why: string }[] = [];
  for (const entry of [...entries].sort((a, b) => a.path.localeCompare(b.path))) {
    if (!DATA_FILE.test(entry.path) || /(^|\/)__MACOSX\//.test(entry.path)) continue;
    run?.checkAborted();
    if (entry.size > SMALL_FILE) {
      readers.push({ entry, detection: { kind: 'unknown', reason: 'not opened yet' } });
      continue;
    }
    try {
      const doc = openDocument(await entry.read(), entry.path);
      readers.push({ entry, doc, detection: detectDocument(doc) });
    } catch (error) {
      failed.push({ path: entry.path, why: `it could not be read: ${reasonOf(error)}` });
    }
  }
  return { readers, failed };
}

function noConversationsInArchive(entries: readonly ArchiveEntry[], scanned: readonly ScannedEntry[]): TesseraError {
  const names = entries.map((e) => e.path);
  const html = names.some((n) => /\.html?$/i.test(n)) && !scanned.some((s) => s.detection.kind === 'format');
  const listed = names.slice(0, 8).join(', ') + (names.length > 8 ? `, and ${names.length - 8} more` : '');
  const hint = html
    ? '; if it is a Google Takeout, request it again with the JSON format for My Activity (HTML is the default)'
    : '';
  return notAChatExport(`the ZIP holds no conversations file (it contains: ${listed || 'nothing'})${hint}`);
}

async function readArchive(run: Run, source: Extract<InputSource, { kind: 'archive' }>): Promise<void> {
  const { entries } = source;
  const { readers, failed } = await scanArchive(entries, run);
  const manifest = readers.find((r) => r.detection.kind === 'chatgpt-manifest');
  const names = new Map<string, string>();
  for (const r of readers)
    if (r.detection.kind === 'chatgpt-asset-names') for (const [k, v] of r.detection.names) names.set(k, v);
  run.ctx.assets = assetIndex(entries, names);

  // The manifest names ChatGPT's shards in order, and names those the archive lacks.
  const ordered: ScannedEntry[] = [];
  if (manifest && manifest.detection.kind === 'chatgpt-manifest') {
    const base = manifest.entry.path.slice(0, manifest.entry.path.lastIndexOf('/') + 1);
    for (const shard of manifest.detection.shards) {
      const found = readers.find(
        (r) => r.entry.path === base + shard || r.entry.path.endsWith(`/${shard}`) || r.entry.path === shard,
      );
      if (found) {
        if (!ordered.includes(found)) ordered.push(found);
      } else {
        run.ctx.skip(
          shard,
          `listed in ${manifest.entry.path} as part of conversations.json, but it is not in the input`,
        );
      }
    }
  }
  for (const r of readers) if (!ordered.includes(r)) ordered.push(r);

  // Progress counts the bytes of conversation files (and of big files not opened yet, until they prove not to be).
  const counted = new Set(ordered.filter((r) => r.detection.kind === 'format' || !r.doc));
  for (const r of counted) run.total += r.entry.size;
  const ignored: string[] = [];
  for (const f of failed) run.ctx.skip(f.path, f.why);
  let imported = false;
  for (const r of ordered) {
    run.checkAborted();
    let { doc, detection } = r;
    // Each file is let go once read, so an archive of many shards is held one shard at a time.
    r.doc = undefined;
    if (!doc) {
      try {
        doc = openDocument(await r.entry.read(), r.entry.path);
      } catch (error) {
        run.ctx.skip(r.entry.path, `it could not be read: ${reasonOf(error)}`);
        continue;
      }
      detection = detectDocument(doc);
    }
    if (detection.kind !== 'format') {
      if (detection.kind === 'unknown') ignored.push(r.entry.path);
      if (counted.has(r)) run.total -= r.entry.size;
      continue;
    }
    imported = true;
    await run.read(detection.reader, doc, r.entry.path);
  }
  if (!imported) throw noConversationsInArchive(entries, readers);
  if (ignored.length) {
    const shown = ignored.slice(0, 10).join(', ') + (ignored.length > 10 ? `, and ${ignored.length - 10} more` : '');
    const n = ignored.length;
    run.ctx.warn(
      `${plural(n, 'file')} in the input ${verb(n, 'holds', 'hold')} no conversations Tessera knows and ${verb(n, 'was', 'were')} not read: ${shown}.`,
    );
  }
}

/**
 * How a ChatGPT export's references find their files: by asset id (`file-abc123`, `file_00ab…`)
 * at the start of a file's name (`file-abc123.dat`, the newer layout; `file-abc123-diagram.png`, the
 * older), and the original name from `conversation_asset_file_names.json` when there is one.
 */
function assetIndex(entries: readonly ArchiveEntry[], names: ReadonlyMap<string, string>): AssetIndex {
  const ID = /^(file[-_][A-Za-z0-9]+)/;
  const paths = new Map<string, string>();
  for (const entry of entries) {
    const base = entry.path.slice(entry.path.lastIndexOf('/') + 1);
    const id = ID.exec(base)?.[1];
    if (id && !paths.has(id) && !DATA_FILE.test(base)) paths.set(id, entry.path);
  }
  const originals = new Map<string, string>();
  for (const [stored, original] of names) {
    const id = ID.exec(stored)?.[1];
    if (id) originals.set(id, original);
  }
  return {
    resolve(ref) {
      const raw = assetId(ref);
      const id = ID.exec(raw)?.[1] ?? raw;
      const name = originals.get(id);
      const archivePath = paths.get(id);
      if (name === undefined && archivePath === undefined) return undefined;
      return { ...(name === undefined ? {} : { name }), ...(archivePath === undefined ? {} : { archivePath }) };
    },
  };
}
