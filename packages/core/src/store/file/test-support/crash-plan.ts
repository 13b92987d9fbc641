/** What the crash writer writes, shared with the test that checks what survived. */

export const CONVERSATIONS = ['conv-0', 'conv-1', 'conv-2', 'conv-3'];

/** Batch n writes to this conversation; batches with n % 7 === 6 first delete it. */
export const conversationOfBatch = (n: number): string => CONVERSATIONS[n % CONVERSATIONS.length]!;
export const batchDeletes = (n: number): boolean => n % 7 === 6;

/** A row body that shows whether it was written whole: its padding length is stated inside it. */
export function batchBody(batch: number, part: string): Uint8Array<ArrayBuffer> {
  // Sizes up to 64 KiB so a kill often lands in the middle of writing a file.
  const pad = 'x'.repeat(Math.floor(Math.random() * 65536));
  return new TextEncoder().encode(JSON.stringify({ batch, part, padLength: pad.length, pad }));
}
