import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { TesseraError } from '../../errors/tessera-error.js';
import { writeFileAtomically } from './atomic-write.js';
import { errorCode } from './storage-error.js';

const KEY_BYTES = 32;

/**
 * Reads a 32-byte master key file, creating it (mode 0600) when missing and `create` is set.
 * Refuses a file other users could read: a key anyone on the machine can copy protects nothing.
 */
export async function readOrCreateKeyFile(
  path: string,
  options: { create: boolean; missing: string },
): Promise<Uint8Array<ArrayBuffer>> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
    if (!options.create) throw new TesseraError('storage', options.missing);
    await writeFileAtomically(path, randomBytes(KEY_BYTES), 0o600);
    info = await stat(path);
  }
  // Windows has no Unix modes (stat reports 0666 for every file); its ACLs are not checked here.
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    const mode = (info.mode & 0o777).toString(8);
    throw new TesseraError(
      'storage',
      `The key file ${path} can be read by other users (mode ${mode}). Run \`chmod 600 ${path}\` so only its owner can read it, then open the store again.`,
    );
  }
  if (!info.isFile() || info.size !== KEY_BYTES) {
    throw new TesseraError(
      'storage',
      `${path} is not a Tessera key file (it must be a file of exactly ${KEY_BYTES} bytes). Put back the key file from your backup.`,
    );
  }
  return new Uint8Array(await readFile(path));
}
