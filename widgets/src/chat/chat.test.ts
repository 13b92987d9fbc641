import { expect, fixture, html } from '@open-wc/testing';
import { createTessera, type Tessera, uuidv7 } from '@tessera/core';
import { setupWorker } from 'msw/browser';
import { MSW_PROVIDER_BASE_URL, openAiHandlers } from '../../../packages/core/test-support/openai-msw.js';
import { defineWidgets } from '../define-widgets.js';
import { waitUntil } from '../shared/test-support/wait-until.js';
import type { TesseraChat } from './chat.element.js';
import './index.js';

const OPENAI = 'https://api.openai.com/v1';
const worker = setupWorker(...openAiHandlers(), ...openAiHandlers(OPENAI));
const requested: string[] = [];
worker.events.on('request:start', ({ request }) => {
  requested.push(request.url);
});
before(() => worker.start({ quiet: true, onUnhandledRequest: 'bypass' }));
after(() => worker.stop());

const instances: Tessera[] = [];
afterEach(async () => {
  await Promise.all(instances.splice(0).map((t) => t.close()));
});

/** A Tessera instance over a fresh, real IndexedDB database. */
function freshTessera(): Tessera {
  const tessera = createTessera({ store: 'indexeddb', databaseName: `chat-test-${uuidv7()}` });
  instances.push(tessera);
  return tessera;
}

async function chatWith(tessera: Tessera, model = 'browser-model'): Promise<TesseraChat> {
  const chat = await fixture<TesseraChat>(
    html`<tessera-chat .tessera=${tessera} provider="openai-compatible" model=${model} base-url=${MSW_PROVIDER_BASE_URL}></tessera-chat>`,
  );
  await waitUntil(() => chat.shadowRoot?.querySelector('[part="empty"]'), 'empty state rendered');
  return chat;
}

const q = (chat: TesseraChat, selector: string) => chat.shadowRoot?.querySelector(selector) as HTMLElement | null;
const all = (chat: TesseraChat, selector: string) =>
  [...(chat.shadowRoot?.querySelectorAll(selector) ?? [])] as HTMLElement[];

function type(chat: TesseraChat, text: string): void {
  const input = q(chat, 'textarea') as HTMLTextAreaElement;
  input.value = text;
  input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
}

describe('<tessera-chat>', () => {
  it('tells a visitor what to do before a provider is chosen', async () => {
    const chat = await fixture<TesseraChat>(html`<tessera-chat .tessera=${freshTessera()}></tessera-chat>`);
    await waitUntil(() => q(chat, '[part~="onboarding"]'));
    expect(q(chat, '[part~="empty"]')?.textContent).to.contain('Add a key for');
    expect((q(chat, 'textarea') as HTMLTextAreaElement).disabled).to.equal(true);
  });

  it('streams an answer into the list and keeps both messages in IndexedDB', async () => {
    const tessera = freshTessera();
    const chat = await chatWith(tessera);
    const sent = new Promise<Event>((resolve) =>
      chat.addEventListener('tessera-message-sent', resolve, { once: true }),
    );
    const received = new Promise<CustomEvent>((resolve) =>
      chat.addEventListener('tessera-message-received', (e) => resolve(e as CustomEvent), { once: true }),
    );
    type(chat, 'Tell me about mosaics');
    await sent;
    await waitUntil(() => chat.matches(':state(streaming)'), 'streaming state while the answer arrives');
    expect(q(chat, '[part="stop-button"]')).to.exist;
    const done = await received;
    expect(done.detail.status).to.equal('complete');
    await chat.updateComplete;
    const bubbles = all(chat, '[part~="bubble"]').map((b) => b.textContent?.trim());
    expect(bubbles).to.deep.equal(['Tell me about mosaics', 'You said: Tell me about mosaics']);
    expect(q(chat, '[part="model"]')?.textContent).to.equal('browser-model');
    expect(chat.matches(':state(streaming)')).to.equal(false);

    // A new element over the same store shows the kept conversation.
    const again = await fixture<TesseraChat>(html`<tessera-chat .tessera=${tessera}></tessera-chat>`);
    await waitUntil(() => all(again, '[part~="bubble"]').length === 2, 'conversation restored from IndexedDB');
    expect(q(again, '.title')?.textContent).to.equal('Tell me about mosaics');
  });

  it('a message sent while the conversation is loading joins that conversation', async () => {
    const tessera = freshTessera();
    const first = await tessera.chat.send({
      text: 'first',
      provider: 'openai-compatible',
      model: 'browser-model',
      baseURL: MSW_PROVIDER_BASE_URL,
    });
    await first.done;
    const chat = document.createElement('tessera-chat');
    chat.tessera = tessera;
    chat.setAttribute('provider', 'openai-compatible');
    chat.setAttribute('model', 'browser-model');
    chat.setAttribute('base-url', MSW_PROVIDER_BASE_URL);
    (await fixture(html`<div></div>`)).append(chat);
    await chat.send('second');
    expect((await tessera.chat.conversations()).length).to.equal(1);
    expect((await tessera.chat.messages(first.conversationId)).map((m) => m.text)).to.deep.equal([
      'first',
      'You said: first',
      'second',
      'You said: second',
    ]);
    await chat.updateComplete;
    expect(all(chat, '[part~="bubble"]').length).to.equal(4);
  });

  it('the model picker switches the next message to another provider, shown with its usage and cost', async () => {
    const tessera = freshTessera();
    tessera.events.on('warning', () => {});
    const chat = await chatWith(tessera);
    const picker = q(chat, '[part="model-picker"]') as HTMLSelectElement;
    await waitUntil(() => picker.querySelector('option[value="openai/gpt-4o-mini"]'), 'catalog models listed');
    expect(picker.value).to.equal('openai-compatible/browser-model');
    expect(picker.querySelector('option[value="openai/gpt-4o-mini"]')?.textContent).to.contain('no key');
    await tessera.keys.set('openai', 'sk-test-000000000001');
    await waitUntil(() => !picker.querySelector('option[value="openai/gpt-4o-mini"]')?.textContent?.includes('no key'));

    picker.value = 'openai/gpt-4o-mini';
    picker.dispatchEvent(new Event('change'));
    const received = new Promise((resolve) =>
      chat.addEventListener('tessera-message-received', resolve, { once: true }),
    );
    type(chat, 'price me');
    await received;
    await chat.updateComplete;
    const calls = requested.filter((url) => url.endsWith('/chat/completions'));
    expect(calls.at(-1)).to.equal(`${OPENAI}/chat/completions`, 'never sent to the other provider’s base URL');
    expect(q(chat, '[part="model"]')?.textContent).to.equal('gpt-4o-mini');
    expect(q(chat, '[part="usage"]')?.textContent?.replace(/\s+/g, ' ').trim()).to.equal('12 in · 4 out');
    // gpt-4o-mini: $0.15 per million input tokens, $0.60 per million output tokens.
    expect(q(chat, '[part="cost"]')?.textContent).to.equal(`$${((12 * 0.15 + 4 * 0.6) / 1e6).toPrecision(2)}`);
    expect(q(chat, '[part="total-cost"]')?.textContent).to.equal(q(chat, '[part="cost"]')?.textContent);
  });

  it('Shift+Enter does not send', async () => {
    const chat = await chatWith(freshTessera());
    const input = q(chat, 'textarea') as HTMLTextAreaElement;
    input.value = 'line one';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true, bubbles: true, composed: true }));
    await chat.updateComplete;
    expect(all(chat, '[part~="message"]').length).to.equal(0);
    expect(input.value).to.equal('line one');
  });

  it('Stop keeps the partial answer, marked incomplete', async () => {
    const chat = await chatWith(freshTessera(), 'stall');
    type(chat, 'never ending');
    await waitUntil(() => all(chat, '[part~="bubble"]')[1]?.textContent?.includes('You'), 'first word arrived');
    (q(chat, '[part="stop-button"]') as HTMLButtonElement).click();
    await waitUntil(() => q(chat, '[part="status"]'), 'incomplete status shown');
    expect(all(chat, '[part~="bubble"]')[1]?.textContent?.trim()).to.equal('You');
    expect(q(chat, '[part="status"]')?.textContent).to.contain('Incomplete');
    expect(q(chat, '[part="error"]')).to.equal(null);
  });

  it('shows a refused key as an error that says what to do', async () => {
    const chat = await chatWith(freshTessera(), 'fail-401');
    const errored = new Promise<CustomEvent>((resolve) =>
      chat.addEventListener('tessera-error-occurred', (e) => resolve(e as CustomEvent), { once: true }),
    );
    type(chat, 'hello');
    expect((await errored).detail.code).to.equal('auth');
    await chat.updateComplete;
    const alert = q(chat, '[part="error"][role="alert"]');
    expect(alert?.textContent).to.contain('refused the API key');
    expect(alert?.textContent).to.contain('key manager');
    expect(chat.matches(':state(error)')).to.equal(true);
  });

  it('keeps what arrived when the connection drops, and says so', async () => {
    const chat = await chatWith(freshTessera(), 'drop-mid-stream');
    type(chat, 'one two three four five');
    await waitUntil(() => q(chat, '[part="error"]'), 'error shown');
    expect(q(chat, '[part="error"]')?.textContent).to.contain('connection');
    expect(all(chat, '[part~="bubble"]')[1]?.textContent?.trim()).to.equal('You said: one');
    expect(q(chat, '[part="status"]')?.textContent).to.contain('Incomplete');
  });

  it('shows a wrong base URL as an error naming the address to check', async () => {
    const tessera = freshTessera();
    const chat = await fixture<TesseraChat>(
      html`<tessera-chat .tessera=${tessera} provider="openai-compatible" model="m" base-url="http://127.0.0.1:9/v1"></tessera-chat>`,
    );
    await waitUntil(() => q(chat, '[part="empty"]'));
    type(chat, 'anyone there?');
    await waitUntil(() => q(chat, '[part="error"]'), 'error shown');
    expect(q(chat, '[part="error"]')?.textContent).to.contain('Could not reach http://127.0.0.1:9');
  });

  it('renders model Markdown sanitized: no script, no handlers, no javascript: links', async () => {
    const chat = await chatWith(freshTessera());
    const received = new Promise((resolve) =>
      chat.addEventListener('tessera-message-received', resolve, { once: true }),
    );
    type(chat, '**bold** <img src=x onerror="window.__pwned=1"> [link](javascript:alert(1)) [ok](https://example.com)');
    await received;
    // The Markdown renderer loads with the first answer; until it arrives the answer shows as text.
    await waitUntil(() => all(chat, '[part~="bubble"]')[1]?.querySelector('strong'), 'Markdown rendered');
    const answer = all(chat, '[part~="bubble"]')[1] as HTMLElement;
    expect(answer.querySelector('strong')?.textContent).to.equal('bold');
    expect(answer.querySelector('img')).to.equal(null);
    expect(answer.querySelector('[onerror]')).to.equal(null);
    const links = [...answer.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).to.deep.equal([null, 'https://example.com']);
    expect(links[1]?.getAttribute('rel')).to.contain('noopener');
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('keeps code spans and autolinks intact while escaping raw HTML', async () => {
    const chat = await chatWith(freshTessera());
    const received = new Promise((resolve) =>
      chat.addEventListener('tessera-message-received', resolve, { once: true }),
    );
    type(chat, '`a<b` <https://example.com/x> <b>raw</b>');
    await received;
    await chat.updateComplete;
    const answer = all(chat, '[part~="bubble"]')[1] as HTMLElement;
    expect(answer.querySelector('code')?.textContent).to.equal('a<b');
    expect(answer.querySelector('a')?.getAttribute('href')).to.equal('https://example.com/x');
    expect(answer.querySelector('b')).to.equal(null);
    expect(answer.textContent).to.contain('<b>raw</b>');
  });

  it('says so when the conversation asked for no longer exists', async () => {
    const chat = await fixture<TesseraChat>(
      html`<tessera-chat .tessera=${freshTessera()} conversation-id="gone" provider="openai-compatible" model="m"></tessera-chat>`,
    );
    await waitUntil(() => q(chat, '[part="error"]'), 'error shown');
    expect(q(chat, '[part="error"]')?.textContent).to.contain('no longer exists');
  });

  it('follows the theme: dark preset, and partner CSS on the element wins', async () => {
    const chat = await chatWith(freshTessera());
    const light = getComputedStyle(chat).backgroundColor;
    chat.theme = 'dark';
    await chat.updateComplete;
    const dark = getComputedStyle(chat).backgroundColor;
    expect(dark).to.not.equal(light);
    chat.style.setProperty('--tessera-color-surface', 'rgb(1, 2, 3)');
    expect(getComputedStyle(chat).backgroundColor).to.equal('rgb(1, 2, 3)');
  });

  it('registers under a partner prefix and keeps tessera- event names', async () => {
    expect(defineWidgets({ prefix: 'acme' })).to.deep.equal([
      'acme-chat',
      'acme-library',
      'acme-key-manager',
      'acme-theme-customizer',
    ]);
    const tessera = freshTessera();
    const el = document.createElement('acme-chat') as TesseraChat;
    el.tessera = tessera;
    el.setAttribute('provider', 'openai-compatible');
    el.setAttribute('model', 'browser-model');
    el.setAttribute('base-url', MSW_PROVIDER_BASE_URL);
    const container = await fixture(html`<div></div>`);
    container.append(el);
    await waitUntil(() => el.shadowRoot?.querySelector('[part="empty"]'));
    const sent = new Promise((resolve) => container.addEventListener('tessera-message-sent', resolve, { once: true }));
    type(el, 'prefixed');
    await sent;
  });
});
