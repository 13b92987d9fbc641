import { createParser, type EventSourceMessage } from 'eventsource-parser';

/**
 * Reads a Server-Sent Events body, yielding the events of each network read together: one await
 * per read rather than per event keeps long streams cheap. `onRead` hears every read (the
 * router's idle timeout restarts on it). Comment lines, `retry:` fields and CRLF
 * line endings are handled by `eventsource-parser`, which follows the WHATWG parsing rules.
 */
export async function* readServerSentEventBatches(
  body: ReadableStream<Uint8Array>,
  onRead: () => void = () => {},
): AsyncGenerator<EventSourceMessage[]> {
  let pending: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => pending.push(event) });
  const decoder = new TextDecoder();
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      onRead();
      parser.feed(decoder.decode(value, { stream: true }));
      if (pending.length > 0) {
        yield pending;
        pending = [];
      }
    }
    parser.feed(`${decoder.decode()}\n\n`);
    if (pending.length > 0) yield pending;
  } finally {
    // Stops the download when a consumer leaves early (an error part, a stop).
    reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** The same events one at a time, for dialects whose events are few. */
export async function* readServerSentEvents(
  body: ReadableStream<Uint8Array>,
  onRead?: () => void,
): AsyncGenerator<EventSourceMessage> {
  for await (const batch of readServerSentEventBatches(body, onRead)) yield* batch;
}
