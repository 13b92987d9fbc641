/**
 * Files sent with a message: what `send` and `edit` accept, how each file is checked (by its
 * bytes where that is cheap, not by its name alone), and the form it is stored in.
 */
import * as z from 'zod/mini';
import { sha256Hash } from '../acu/hash.js';
import { TesseraError } from '../errors/tessera-error.js';
import type { ImagePart } from '../mux/schema.js';
import type { MessageAttachment } from '../store/schema.js';

/** How many files one message may carry, and how large each may be (bytes). */
export const ATTACHMENT_LIMITS = { maxCount: 4, maxImageBytes: 5 * 1024 * 1024, maxTextBytes: 256 * 1024 } as const;

/** A file to send with a message: its name as the user knows it, its declared media type and bytes. */
export const attachmentInputSchema = z.object({
  name: z
    .string()
    .check(z.minLength(1, 'Give the file a name.'), z.maxLength(255, 'Keep file names under 256 characters.')),
  /** As the browser reported it (`File.type`); may be empty. The bytes decide in the end. */
  mediaType: z.string(),
  // Any Uint8Array: `z.instanceof` would narrow the type to one over a plain ArrayBuffer.
  data: z.custom<Uint8Array>((value) => value instanceof Uint8Array, {
    error: 'Pass the file’s bytes as a Uint8Array.',
  }),
});
export type AttachmentInput = { name: string; mediaType: string; data: Uint8Array };

type ImageMediaType = ImagePart['mediaType'];

/** Media types read as text besides `text/*`. */
const TEXT_MEDIA_TYPES: ReadonlySet<string> = new Set([
  'application/json',
  'application/ld+json',
  'application/xml',
  'application/javascript',
  'application/x-javascript',
  'application/ecmascript',
  'application/typescript',
  'application/x-typescript',
  'application/x-sh',
  'application/x-shellscript',
  'application/yaml',
  'application/x-yaml',
  'application/toml',
  'application/sql',
  'application/graphql',
  'application/x-python',
  'application/x-httpd-php',
]);

/**
 * Extensions of text formats browsers often label with no type, `application/octet-stream`, or a
 * wrong one (`.ts` as `video/mp2t`, `.rs` as `application/rls-services+xml`). A name alone is not
 * enough: the bytes must still be UTF-8 text.
 */
const TEXT_EXTENSIONS: ReadonlySet<string> = new Set(
  (
    'txt md markdown csv tsv json jsonl yaml yml toml ini cfg conf env log xml html htm css scss less svg ' +
    'js mjs cjs jsx ts mts cts tsx vue svelte py rb go rs java kt kts scala swift c h cc cpp hpp cs php ' +
    'pl lua r sql sh bash zsh fish ps1 bat dockerfile makefile gradle graphql proto tex diff patch'
  ).split(' '),
);

const extensionOf = (name: string) => {
  const base = name.toLowerCase().split(/[\\/]/).at(-1) ?? '';
  const dot = base.lastIndexOf('.');
  return dot === -1 ? base : base.slice(dot + 1);
};

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((byte, i) => bytes[at + i] === byte);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** The image format the bytes are, by their signature; `undefined` if none we send. */
function sniffImage(bytes: Uint8Array): ImageMediaType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  return undefined;
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** The file's text if it is UTF-8 text (no NUL bytes, which only binary files carry); otherwise `undefined`. */
export function utf8TextOf(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return utf8Decoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/** `7.2 MB`, `300 KB`, `12 bytes`: sizes as people read them (1 MB = 1024 KB, as the limits are). */
export function formatBytes(bytes: number): string {
  const one = (n: number) => String(Math.round(n * 10) / 10);
  if (bytes >= 1024 * 1024) return `${one(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${one(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

const BASE64_ALPHABET = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const latin1 = new TextDecoder('latin1');

/**
 * Standard base64 with padding. Written out by table into bytes and decoded once: `btoa` over a
 * binary string takes about a second for a 5 MB image, this a few tens of milliseconds.
 */
export function toBase64(bytes: Uint8Array): string {
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  const a = BASE64_ALPHABET;
  let o = 0;
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = a[n >> 18]!;
    out[o++] = a[(n >> 12) & 63]!;
    out[o++] = a[(n >> 6) & 63]!;
    out[o++] = a[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = (bytes[i]! << 16) | (rest === 2 ? bytes[i + 1]! << 8 : 0);
    out[o++] = a[n >> 18]!;
    out[o++] = a[(n >> 12) & 63]!;
    out[o++] = rest === 2 ? a[(n >> 6) & 63]! : 61;
    out[o++] = 61;
  }
  return latin1.decode(out);
}

export const isImageAttachment = (attachment: Pick<MessageAttachment, 'mediaType'>) =>
  attachment.mediaType.startsWith('image/');

const invalid = (message: string) => new TesseraError('validation', message);

const SUPPORTED = 'Attach PNG, JPEG, WebP or GIF images, or text files (plain text, Markdown, CSV, JSON, source code).';

/** The media type a file is sent as, or the validation error that says why it cannot be sent. */
function classify(
  file: AttachmentInput,
): { kind: 'image'; mediaType: ImageMediaType } | { kind: 'text'; mediaType: string } {
  const declared = file.mediaType.trim().toLowerCase().split(';')[0] ?? '';
  const image = sniffImage(file.data);
  // The bytes win over the label: providers reject an image whose declared type is not its format.
  if (image) return { kind: 'image', mediaType: image };
  if (declared.startsWith('image/') && declared !== 'image/svg+xml') {
    throw invalid(
      declared === 'image/png' || declared === 'image/jpeg' || declared === 'image/webp' || declared === 'image/gif'
        ? `${file.name} is not a readable ${declared.slice(6).toUpperCase()} image. Check the file, or attach another.`
        : `${file.name} is a ${declared} image, which cannot be sent. ${SUPPORTED}`,
    );
  }
  const textByType = declared.startsWith('text/') || TEXT_MEDIA_TYPES.has(declared) || declared === 'image/svg+xml';
  if (!textByType && !TEXT_EXTENSIONS.has(extensionOf(file.name))) {
    throw invalid(
      `${file.name} is ${declared ? `a ${declared} file` : 'a file of unknown type'}, which cannot be sent. ${SUPPORTED}`,
    );
  }
  return { kind: 'text', mediaType: textByType ? declared : 'text/plain' };
}

/**
 * Checks the files of one message and turns them into their stored form (hashed, base64), or
 * throws a `validation` TesseraError saying what to change. Nothing is written either way.
 */
export async function prepareAttachments(inputs: readonly AttachmentInput[]): Promise<MessageAttachment[]> {
  if (inputs.length > ATTACHMENT_LIMITS.maxCount) {
    throw invalid(`You attached ${inputs.length} files; send at most ${ATTACHMENT_LIMITS.maxCount} with one message.`);
  }
  const prepared: MessageAttachment[] = [];
  for (const file of inputs) {
    const size = file.data.byteLength;
    if (size === 0) throw invalid(`${file.name} is empty. Attach a file with something in it.`);
    const { kind, mediaType } = classify(file);
    if (kind === 'image' && size > ATTACHMENT_LIMITS.maxImageBytes) {
      throw invalid(
        `${file.name} is ${formatBytes(size)}; images can be at most ${formatBytes(ATTACHMENT_LIMITS.maxImageBytes)}.`,
      );
    }
    if (kind === 'text') {
      if (size > ATTACHMENT_LIMITS.maxTextBytes) {
        throw invalid(
          `${file.name} is ${formatBytes(size)}; text files can be at most ${formatBytes(ATTACHMENT_LIMITS.maxTextBytes)}.`,
        );
      }
      if (utf8TextOf(file.data) === undefined) {
        throw invalid(`${file.name} is not UTF-8 text. Save it as UTF-8, or attach a different file.`);
      }
    }
    // A copy: the hash and the stored bytes must be of one snapshot, whatever the caller does next.
    const bytes = new Uint8Array(file.data);
    prepared.push({ name: file.name, mediaType, size, sha256: await sha256Hash(bytes), data: toBase64(bytes) });
  }
  return prepared;
}

/** The sentence for an image sent to a model the catalog says cannot read images. */
export const cannotReadImages = (model: string) =>
  new TesseraError('validation', `${model} cannot read images; choose a model marked 'vision' or remove the image.`);
