/**
 * The page `long-chat.bench.ts` drives in Chromium: a chat over a 500-message conversation, into
 * which a 5,000-token answer streams from the bench's local provider. Measures what the user
 * feels: long tasks (the Long Tasks API: main-thread tasks over 50 ms) and frames.
 */
import { createTessera, type MessageRecord, type Tessera, uuidv7 } from '@tessera/core';
import type { TesseraChat } from '../src/chat/chat.element.js';
import '../src/chat/index.js';

export interface LongChatOptions {
  baseURL: string;
  /** Messages already in the conversation. */
  messages: number;
  /** The chat as it rendered before: the whole list and the whole answer every frame, no skipped rows. */
  baseline: boolean;
}

export interface Phase {
  ms: number;
  /** Durations of the long tasks, in ms. */
  longTasks: number[];
  /** When each began, in ms from the start of the phase. */
  longTaskAt: number[];
  /**
   * What each one ran (Long Animation Frames API): the invoker of its longest script, e.g.
   * `IDBRequest.onsuccess` or `FrameRequestCallback`; `rendering` when style, layout and paint
   * took most of it.
   */
  longTaskCause: string[];
  frames: number;
  longestFrameMs: number;
}

export interface LongChatResult {
  /** From adding the chat to the page until every message is rendered. */
  open: Phase;
  stream: Phase & { answerChars: number };
}

const TOPICS = ['grout', 'tiles', 'adhesive', 'the board', 'sealing', 'cutting glass', 'andamento', 'the edge'];

/** An answer of the length and shape models write: paragraphs, a list, sometimes code. */
function answer(i: number): string {
  const topic = TOPICS[i % TOPICS.length];
  const paragraph = `About ${topic}: work in small areas, keep the gaps even, and check the level as you go. A **steady** rhythm beats speed, and the first rows set the pattern for everything after them.`;
  const parts = [paragraph, `- measure twice\n- mix small batches\n- clean as you go`, paragraph];
  if (i % 5 === 0) parts.push('```\nspacing = 2 mm\ntiles = area / (tile + spacing)^2\n```');
  return parts.join('\n\n');
}

async function seed(tessera: Tessera, count: number): Promise<void> {
  const store = await tessera.store.open();
  const conversationId = uuidv7();
  const at = new Date().toISOString();
  let parentId: string | null = null;
  for (let i = 0; i < count; i++) {
    const role = i % 2 === 0 ? 'user' : 'assistant';
    const message: MessageRecord = {
      id: uuidv7(),
      conversationId,
      parentId,
      role,
      text: role === 'user' ? `Question ${i / 2 + 1}: what about ${TOPICS[i % TOPICS.length]}?` : answer(i),
      ...(role === 'assistant' ? { provider: 'openai-compatible', model: 'bench-model' } : {}),
      status: 'complete',
      createdAt: at,
      updatedAt: at,
    };
    await store.putMessage(message);
    parentId = message.id;
  }
  await store.putConversation({ id: conversationId, title: 'A long conversation', createdAt: at, updatedAt: at });
}

/** The part of a long animation frame entry read here (not in TypeScript's DOM types yet). */
interface AnimationFrameScripts {
  scripts: { startTime: number; duration: number; invoker: string }[];
}

/** The invoker of the longest script that ran in the task, or `rendering` if scripts were the lesser part. */
function causeOf(task: PerformanceEntry, frames: AnimationFrameScripts[]): string {
  const end = task.startTime + task.duration;
  const scripts = frames
    .flatMap((frame) => frame.scripts)
    .filter((script) => script.startTime >= task.startTime - 1 && script.startTime < end);
  const longest = scripts.sort((a, b) => b.duration - a.duration)[0];
  return longest && longest.duration >= task.duration / 3 ? longest.invoker : 'rendering';
}

/** Records long tasks and frames until `stop()`. */
function watch(): { stop(): Promise<Phase> } {
  const tasks: PerformanceEntry[] = [];
  const frames: AnimationFrameScripts[] = [];
  const start = performance.now();
  const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries()));
  observer.observe({ type: 'longtask' });
  const animationFrames = PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')
    ? new PerformanceObserver((list) => frames.push(...(list.getEntries() as unknown as AnimationFrameScripts[])))
    : undefined;
  animationFrames?.observe({ type: 'long-animation-frame' });
  let frameCount = 0;
  let longestFrameMs = 0;
  let last = start;
  let running = true;
  const tick = (now: number) => {
    frameCount++;
    longestFrameMs = Math.max(longestFrameMs, now - last);
    last = now;
    if (running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  return {
    async stop() {
      const ms = performance.now() - start;
      running = false;
      // Long task entries are queued: let the last ones arrive.
      await new Promise((resolve) => setTimeout(resolve, 200));
      tasks.push(...observer.takeRecords());
      observer.disconnect();
      frames.push(...((animationFrames?.takeRecords() ?? []) as unknown as AnimationFrameScripts[]));
      animationFrames?.disconnect();
      return {
        ms,
        longTasks: tasks.map((task) => task.duration),
        longTaskAt: tasks.map((task) => task.startTime - start),
        longTaskCause: tasks.map((task) => causeOf(task, frames)),
        frames: frameCount,
        longestFrameMs,
      };
    },
  };
}

const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

async function run(options: LongChatOptions): Promise<LongChatResult> {
  // The store a browser embed uses: IndexedDB, every record encrypted.
  const tessera = createTessera({ store: 'indexeddb', databaseName: `long-chat-bench-${uuidv7()}` });
  tessera.events.on('warning', () => {});
  await seed(tessera, options.messages);

  if (options.baseline) {
    const style = document.createElement('style');
    style.textContent = 'tessera-chat::part(message) { content-visibility: visible; }';
    document.head.append(style);
  }
  const box = document.createElement('div');
  box.style.cssText = 'width: 900px; height: 700px';
  const chat = document.createElement('tessera-chat') as TesseraChat;
  chat.renderEveryFrame = options.baseline;
  chat.tessera = tessera;
  chat.setAttribute('provider', 'openai-compatible');
  chat.setAttribute('model', 'bench-model');
  chat.setAttribute('base-url', options.baseURL);
  box.append(chat);

  const opening = watch();
  document.body.append(box);
  await chat.loaded;
  // Until every message is on the page (a long conversation renders its older rows in later tasks).
  const rows = () => chat.shadowRoot?.querySelectorAll('[part~="message"]').length ?? 0;
  while (rows() < options.messages) await frame();
  await frame();
  const open = await opening.stop();

  const streaming = watch();
  await chat.send('Write the whole guide, please.');
  const stream = await streaming.stop();
  const answerText = chat.shadowRoot?.querySelector('[part~="message-assistant"]:last-of-type [part="bubble"]');
  await tessera.close();
  return { open, stream: { ...stream, answerChars: answerText?.textContent?.length ?? 0 } };
}

declare global {
  interface Window {
    runLongChat(options: LongChatOptions): Promise<LongChatResult>;
  }
}
window.runLongChat = run;
