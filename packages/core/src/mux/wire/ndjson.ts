/**
 * Reads a newline-delimited JSON body (Ollama's `application/x-ndjson`) as lines of text, as they
 * arrive. Lines end at `\n`; a `\r` before it is dropped (CRLF), blank lines are skipped, and a
 * last line without a newline is still yielded. Parsing the JSON is left to the caller, which
 * knows the provider to name in an error.
 */
export async function* readNdjsonLines(
  body: ReadableStream<Uint8Array>,
  onRead: () => void = () => {},
): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      onRead();
      buffer += decoder.decode(value, { stream: true });
      // Scan from a moving start so a chunk holding many lines costs one pass, not one copy per line.
      let start = 0;
      for (let end = buffer.indexOf('\n'); end !== -1; end = buffer.indexOf('\n', start)) {
        const line = lineAt(buffer, start, end);
        start = end + 1;
        if (line) yield line;
      }
      buffer = buffer.slice(start);
    }
    buffer += decoder.decode();
    const last = lineAt(buffer, 0, buffer.length);
    if (last) yield last;
  } finally {
    // Stops the download when a consumer leaves early (an error line, a stop).
    reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** The line between `start` and `end` without a trailing `\r`; empty when it holds only whitespace. */
function lineAt(buffer: string, start: number, end: number): string {
  const line = buffer.slice(start, buffer.charCodeAt(end - 1) === 13 && end > start ? end - 1 : end);
  return line.trim() === '' ? '' : line;
}
