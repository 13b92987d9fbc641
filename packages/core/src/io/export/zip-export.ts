import { zipSync } from 'fflate';
import type { AcuArchive } from './archive.js';
import { conversationMarkdown, slugOf } from './markdown.js';

/** What `manifest.json` in an export ZIP lists: every other file with its size and SHA-256. */
export interface ExportManifest {
  format: 'tessera-export';
  version: 1;
  exportedAt: string;
  owner: { id: string; keyId: string };
  files: { path: string; bytes: number; sha256: string }[];
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The ZIP: `archive.json`, `conversations/<slug>.md` for each conversation, and `manifest.json`. */
export async function zipExport(archive: AcuArchive): Promise<Uint8Array> {
  const encoder = new TextEncoder();
  const files: Record<string, Uint8Array> = {
    'archive.json': encoder.encode(JSON.stringify(archive)),
  };
  const used = new Set<string>();
  for (const conversation of archive.conversations) {
    let path = `conversations/${slugOf(conversation)}.md`;
    for (let n = 2; used.has(path); n++) path = `conversations/${slugOf(conversation)}-${n}.md`;
    used.add(path);
    files[path] = encoder.encode(conversationMarkdown(conversation));
  }
  const manifest: ExportManifest = {
    format: 'tessera-export',
    version: 1,
    exportedAt: archive.exportedAt,
    owner: { id: archive.owner.id, keyId: archive.owner.publicKey.keyId },
    files: await Promise.all(
      Object.entries(files).map(async ([path, bytes]) => ({
        path,
        bytes: bytes.length,
        sha256: await sha256Hex(bytes),
      })),
    ),
  };
  files['manifest.json'] = encoder.encode(JSON.stringify(manifest, null, 2));
  return zipSync(files, { level: 6 });
}
