import type { AcuApi } from '../acu/api.js';
import { TesseraError } from '../errors/tessera-error.js';
import type { TesseraEvents } from '../events/tessera-events.js';
import type { AuditInput } from '../store/audit-entry.js';
import type { StoreAdapter } from '../store/store-adapter.js';
import { importAcuArchive, readAcuArchive } from './archive-import.js';
import { ACU_ARCHIVE_FORMAT, ACU_ARCHIVE_VERSION, type AcuArchive, parentFirst } from './export/archive.js';
import { conversationMarkdown } from './export/markdown.js';
import { zipExport } from './export/zip-export.js';
import { type ImportProgress, parseImport } from './import.js';
import type { ImportFormat, SkippedItem } from './imported.js';
import type { ImportInput } from './read-input.js';
import { storeImportedConversation } from './store-import.js';

/** What `tessera.io.import` returns: counts of what was stored, and everything that was not. */
export interface IoImportReport {
  format: ImportFormat;
  /** Conversations stored. */
  conversations: number;
  /** The NEW Tessera ids of the stored conversations (a version-2 archive keeps its ids). */
  conversationIds: string[];
  /** ACUs stored (one per message, every branch). */
  acus: number;
  /** Sibling sets with more than one message. */
  branches: number;
  skipped: SkippedItem[];
  warnings: string[];
}

export type ExportFormat = 'json' | 'markdown' | 'zip';

export interface IoApi {
  /**
   * Imports a chat export (any format `parseImport` reads) or a Tessera archive into the store.
   * Throws `validation` for input that is no known export (nothing written), `aborted` when
   * `signal` fires (conversations stored before that stay).
   */
  import(
    input: ImportInput,
    options?: { signal?: AbortSignal; onProgress?: (progress: ImportProgress) => void },
  ): Promise<IoImportReport>;
  /**
   * The user's conversations (all, or `conversationIds`) as bytes: `json` a version-2 archive of
   * ACUs; `markdown` one document (each conversation under its own `#` heading); `zip` the archive,
   * one Markdown file per conversation and a manifest with each file's SHA-256.
   */
  export(options: { format: ExportFormat; conversationIds?: readonly string[] }): Promise<Uint8Array>;
}

export interface IoApiDependencies {
  store(): Promise<StoreAdapter>;
  acu: AcuApi;
  events?: TesseraEvents;
  /** Records an import or export in the audit log (format and how many conversations, never content). */
  audit?: (input: AuditInput) => void;
}

export function createIoApi(deps: IoApiDependencies): IoApi {
  const storeDeps = { acu: deps.acu, events: deps.events };

  async function buildArchive(conversationIds?: readonly string[]): Promise<AcuArchive> {
    const store = await deps.store();
    const all = await store.listConversations();
    let chosen = all;
    if (conversationIds) {
      const byId = new Map(all.map((c) => [c.id, c]));
      const missing = conversationIds.filter((id) => !byId.has(id));
      if (missing.length > 0) {
        throw new TesseraError('validation', `${missing.length} of the conversations to export no longer exist.`, {
          details: { missing },
        });
      }
      chosen = [...new Set(conversationIds)].map((id) => byId.get(id)).filter((c) => c !== undefined);
    }
    const publicKey = await deps.acu.publicKey();
    const conversations = [];
    for (const c of chosen) {
      conversations.push({
        id: c.id,
        title: c.title,
        createdAt: c.createdAt,
        acus: parentFirst(await store.listAcus(c.id)),
      });
    }
    return {
      format: ACU_ARCHIVE_FORMAT,
      version: ACU_ARCHIVE_VERSION,
      exportedAt: new Date().toISOString(),
      owner: { id: publicKey.ownerId, publicKey },
      conversations,
    };
  }

  const audit = (action: 'import' | 'export', format: string, conversations: number) =>
    deps.audit?.({ action, via: 'io', format, count: conversations });

  return {
    async import(input, options = {}) {
      const archive = await readAcuArchive(input);
      if (archive !== undefined) {
        const store = await deps.store();
        const result = await importAcuArchive(store, storeDeps, archive, options);
        audit('import', 'tessera-archive', result.conversationIds.length);
        return {
          format: 'tessera-archive',
          conversations: result.conversationIds.length,
          conversationIds: result.conversationIds,
          acus: result.acus,
          branches: result.branches,
          skipped: result.skipped,
          warnings: result.warnings,
        };
      }

      // Each conversation is stored as soon as it is read, sealed with the format of the file it
      // came from: the import then holds one conversation at a time (not the whole export as
      // conversations, then as ACUs), progress covers the writing, which is most of the time, and a
      // stop keeps what was stored before it. Input that is no export is refused before the first.
      const store = await deps.store();
      const warnings: string[] = [];
      const conversationIds: string[] = [];
      let acus = 0;
      let branches = 0;
      const { report } = await parseImport(input, {
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        onConversation: async (conversation, format) => {
          const stored = await storeImportedConversation(store, storeDeps, format, conversation, warnings);
          conversationIds.push(stored.conversationId);
          acus += stored.acus;
          branches += stored.branches;
        },
      });
      if (report.memories > 0) {
        warnings.push(`${report.memories} memories were read but not stored: Tessera has no place for them yet.`);
      }
      audit('import', report.format, conversationIds.length);
      return {
        format: report.format,
        conversations: conversationIds.length,
        conversationIds,
        acus,
        branches,
        skipped: report.skipped,
        warnings: [...report.warnings, ...warnings],
      };
    },

    async export({ format, conversationIds }) {
      if (format !== 'json' && format !== 'markdown' && format !== 'zip') {
        throw new TesseraError(
          'validation',
          `Export as "${String(format)}" is not possible: choose json, markdown or zip.`,
        );
      }
      const archive = await buildArchive(conversationIds);
      const bytes =
        format === 'json'
          ? new TextEncoder().encode(JSON.stringify(archive))
          : format === 'markdown'
            ? new TextEncoder().encode(archive.conversations.map(conversationMarkdown).join('\n\n'))
            : await zipExport(archive);
      audit('export', format, archive.conversations.length);
      return bytes;
    },
  };
}
