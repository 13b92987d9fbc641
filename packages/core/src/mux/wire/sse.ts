import { createParser, type EventSourceMessage } from 'eventsource-parser';

/**
 * Reads a Server-Sent Events body as messages. Comment lines, `retry:` fields and CRLF line
 * endings are handled by `eventsource-parser`, which follows the WHATWG parsing rules.
 */
export async function* readServerSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<EventSourceMessage> {
  const pending: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => pending.push(event) });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
      while (pending.length > 0) yield pending.shift() as EventSourceMessage;
    }
    parser.feed(`${decoder.decode()}\n\n`);
    while (pending.length > 0) yield pending.shift() as EventSourceMessage;
  } finally {
    // Stops the download when a consumer leaves early (an error part, a stop).
    reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
