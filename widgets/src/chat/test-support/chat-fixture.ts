/** What the chat's browser tests share: instances over real IndexedDB, the element, and queries into it. */
import { fixture, html } from '@open-wc/testing';
import { createTessera, type MessageRecord, type Tessera, uuidv7 } from '@tessera/core';
import type { RequestHandler } from 'msw';
import { type SetupWorker, setupWorker } from 'msw/browser';
import { MSW_PROVIDER_BASE_URL } from '../../../../packages/core/test-support/openai-msw.js';
import { waitUntil } from '../../shared/test-support/wait-until.js';
import type { TesseraChat } from '../chat.element.js';
import '../index.js';

const instances: Tessera[] = [];

/** A Tessera instance over a fresh, real IndexedDB database, closed by `closeInstances()`. */
export function freshTessera(): Tessera {
  const tessera = createTessera({ store: 'indexeddb', databaseName: `chat-test-${uuidv7()}` });
  instances.push(tessera);
  return tessera;
}

export async function closeInstances(): Promise<void> {
  await Promise.all(instances.splice(0).map((t) => t.close()));
}

/**
 * Registers the calling suite's hooks: msw answers with `handlers` while it runs, and the instances
 * made by `freshTessera()` are closed after each test. Returns the worker, to listen to its events.
 */
export function mockedSuite(...handlers: RequestHandler[]): SetupWorker {
  const worker = setupWorker(...handlers);
  before(() => worker.start({ quiet: true, onUnhandledRequest: 'bypass' }));
  after(() => worker.stop());
  afterEach(closeInstances);
  return worker;
}

export interface ChatOptions {
  model?: string;
  baseURL?: string;
  conversations?: boolean;
  /** CSS for the box the chat fills (its size). */
  box?: string;
}

/** A chat on the page over `tessera`, once it has read its conversation. */
export async function chatWith(tessera: Tessera, options: ChatOptions = {}): Promise<TesseraChat> {
  const box = await fixture<HTMLDivElement>(html`<div style=${options.box ?? 'width: 900px; height: 600px'}>
    <tessera-chat .tessera=${tessera} provider="openai-compatible" model=${options.model ?? 'browser-model'}
      base-url=${options.baseURL ?? MSW_PROVIDER_BASE_URL} ?conversations=${options.conversations ?? false}
    ></tessera-chat>
  </div>`);
  const chat = box.querySelector('tessera-chat') as TesseraChat;
  await chat.loaded;
  await chat.updateComplete;
  return chat;
}

export const q = <T extends HTMLElement = HTMLElement>(chat: TesseraChat, selector: string) =>
  chat.shadowRoot?.querySelector(selector) as T | null;
export const all = (chat: TesseraChat, selector: string) =>
  [...(chat.shadowRoot?.querySelectorAll(selector) ?? [])] as HTMLElement[];
export const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
/** The element focused inside the chat's shadow root. */
export const focused = (chat: TesseraChat) => chat.shadowRoot?.activeElement as HTMLElement | null;

/** Types `value` into the composer and presses Enter; resolves when the answer has been received. */
export function sendAndWait(chat: TesseraChat, value: string): Promise<CustomEvent> {
  const received = new Promise<CustomEvent>((resolve) =>
    chat.addEventListener('tessera-message-received', (e) => resolve(e as CustomEvent), { once: true }),
  );
  const input = q<HTMLTextAreaElement>(chat, '#input') as HTMLTextAreaElement;
  input.value = value;
  input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
  return received;
}

/** The message rows shown, as `role: text` (answers' text as rendered). */
export function shown(chat: TesseraChat): string[] {
  return all(chat, '[part~="message"]').map(
    (m) => `${m.classList.contains('user') ? 'user' : 'assistant'}: ${text(m.querySelector('[part="bubble"]'))}`,
  );
}

/** Waits until the answer being written has ended and the chat has rendered it. */
export async function idle(chat: TesseraChat): Promise<void> {
  await waitUntil(() => !chat.matches(':state(streaming)'), 'the answer ended');
  await chat.updateComplete;
}

/**
 * Writes a finished conversation of `turns` exchanges straight into the store, as a returning
 * user would have it (no model involved). Returns its id.
 */
export async function seedConversation(
  tessera: Tessera,
  title: string,
  turns: number,
  options: { updatedAt?: string; answer?: (i: number) => string } = {},
): Promise<string> {
  const store = await tessera.store.open();
  const conversationId = uuidv7();
  const at = options.updatedAt ?? new Date().toISOString();
  let parentId: string | null = null;
  for (let i = 0; i < turns; i++) {
    for (const role of ['user', 'assistant'] as const) {
      const message: MessageRecord = {
        id: uuidv7(),
        conversationId,
        parentId,
        role,
        text:
          role === 'user' ? `Question ${i + 1} of ${title}` : (options.answer?.(i) ?? `Answer ${i + 1} of ${title}.`),
        ...(role === 'assistant' ? { provider: 'openai-compatible', model: 'browser-model' } : {}),
        status: 'complete',
        createdAt: at,
        updatedAt: at,
      };
      await store.putMessage(message);
      parentId = message.id;
    }
  }
  await store.putConversation({ id: conversationId, title, createdAt: at, updatedAt: at });
  return conversationId;
}
