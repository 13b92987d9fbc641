import { inflateSync } from 'fflate';
import { TesseraError } from '../errors/tessera-error.js';

/**
 * A ZIP reader that reads only what it is asked for. It reads the central directory from the end
 * of the archive, then one entry at a time, inflating with fflate: a provider's ZIP of several GB
 * (ChatGPT puts every image in it) costs the size of the conversation files, not of the archive,
 * because a `Blob` is read by slices. ZIP64 archives (over 4 GB or 65,535 entries) are read too.
 */

export interface ArchiveEntry {
  /** The path inside the archive (or the file's name, for a set of files). */
  path: string;
  /** Uncompressed size in bytes. */
  size: number;
  read(): Promise<Uint8Array>;
}

interface RandomAccess {
  size: number;
  read(start: number, end: number): Promise<Uint8Array>;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;
const MAX_COMMENT = 0xffff;

const u16 = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const u32 = (b: Uint8Array, i: number) => (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
const u64 = (b: Uint8Array, i: number) => u32(b, i) + u32(b, i + 4) * 2 ** 32;

/** The local-file-header signature (or an empty archive's end record) at the start. */
export function looksLikeZip(head: Uint8Array): boolean {
  return head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5) && (head[3] === 4 || head[3] === 6);
}

function randomAccess(input: Blob | Uint8Array): RandomAccess {
  if (input instanceof Uint8Array) {
    return { size: input.length, read: async (start, end) => input.subarray(start, end) };
  }
  return {
    size: input.size,
    read: async (start, end) => new Uint8Array(await input.slice(start, end).arrayBuffer()),
  };
}

function damaged(what: string): TesseraError {
  return new TesseraError(
    'validation',
    `This ZIP file is incomplete or damaged (${what}). Download the export again (the download may have stopped early) and import the new file.`,
  );
}

const utf8 = new TextDecoder('utf-8');

/** Lists the files of a ZIP archive. Throws a `validation` TesseraError for a damaged one. */
export async function openZip(input: Blob | Uint8Array): Promise<ArchiveEntry[]> {
  const src = randomAccess(input);
  const tailStart = Math.max(0, src.size - (22 + MAX_COMMENT + 20));
  const tail = await src.read(tailStart, src.size);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (u32(tail, i) === END_OF_CENTRAL_DIRECTORY) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw damaged('its table of contents is missing');
  let count = u16(tail, eocd + 10);
  let directorySize = u32(tail, eocd + 12);
  let directoryOffset = u32(tail, eocd + 16);
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator >= 0 && u32(tail, locator) === ZIP64_LOCATOR) {
      const recordOffset = u64(tail, locator + 8);
      const record = await src.read(recordOffset, recordOffset + 56);
      if (record.length < 56 || u32(record, 0) !== ZIP64_END) throw damaged('its ZIP64 table of contents is missing');
      count = u64(record, 32);
      directorySize = u64(record, 40);
      directoryOffset = u64(record, 48);
    }
  }
  if (directoryOffset + directorySize > src.size) throw damaged('its table of contents points past its end');
  const directory = await src.read(directoryOffset, directoryOffset + directorySize);
  const entries: ArchiveEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > directory.length || u32(directory, p) !== CENTRAL_HEADER)
      throw damaged('its table of contents is cut');
    const flags = u16(directory, p + 8);
    const method = u16(directory, p + 10);
    let compressedSize = u32(directory, p + 20);
    let size = u32(directory, p + 24);
    const nameLength = u16(directory, p + 28);
    const extraLength = u16(directory, p + 30);
    const commentLength = u16(directory, p + 32);
    let offset = u32(directory, p + 42);
    const path = utf8.decode(directory.subarray(p + 46, p + 46 + nameLength));
    // ZIP64 extended information: the 64-bit values of whichever fields hold 0xffffffff, in this order.
    let e = p + 46 + nameLength;
    const extraEnd = e + extraLength;
    while (e + 4 <= extraEnd) {
      const id = u16(directory, e);
      const length = u16(directory, e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (size === 0xffffffff) {
          size = u64(directory, q);
          q += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(directory, q);
          q += 8;
        }
        if (offset === 0xffffffff) offset = u64(directory, q);
      }
      e += 4 + length;
    }
    p = extraEnd + commentLength;
    if (path.endsWith('/')) continue;
    entries.push({
      path,
      size,
      read: async () => {
        if (flags & 1) throw new TesseraError('validation', `${path} is encrypted in the ZIP; Tessera cannot read it.`);
        const header = await src.read(offset, offset + 30);
        if (header.length < 30 || u32(header, 0) !== LOCAL_HEADER) throw damaged(`${path} is not where it should be`);
        const start = offset + 30 + u16(header, 26) + u16(header, 28);
        const data = await src.read(start, start + compressedSize);
        if (data.length < compressedSize) throw damaged(`${path} is cut short`);
        if (method === 0) return data;
        if (method !== 8) {
          throw new TesseraError(
            'validation',
            `${path} uses a compression Tessera cannot read (method ${method}). Unzip the file and import ${path} itself.`,
          );
        }
        try {
          return inflateSync(data, { out: new Uint8Array(size) });
        } catch (cause) {
          throw new TesseraError('validation', `${path} could not be decompressed: the ZIP looks damaged.`, { cause });
        }
      },
    });
  }
  return entries;
}
