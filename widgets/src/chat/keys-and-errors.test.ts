import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { HttpResponse, http } from 'msw';
import { MSW_PROVIDER_BASE_URL, openAiHandlers } from '../../../packages/core/test-support/openai-msw.js';
import { invalidApiKeyBody } from '../../../packages/core/test-support/openai-sse.js';
import { define } from '../shared/define.js';
import { waitUntil } from '../shared/test-support/wait-until.js';
import { TesseraChat } from './chat.element.js';
import { all, chatWith, freshTessera, idle, mockedSuite, q, sendAndWait, text } from './test-support/chat-fixture.js';

// Onboarding, the key manager inside the chat, the actions errors offer, and where base-url goes.
const OPENAI = 'https://api.openai.com/v1';
const QUOTA = 'https://no-quota.test/v1';
const GOOD_KEY = 'sk-proj-good-key-000001';
const requested: string[] = [];
const worker = mockedSuite(
  http.get(`${OPENAI}/models`, ({ request }) =>
    request.headers.get('Authorization') === `Bearer ${GOOD_KEY}`
      ? HttpResponse.json({ object: 'list', data: [] })
      : HttpResponse.json(invalidApiKeyBody, { status: 401 }),
  ),
  http.post(`${QUOTA}/chat/completions`, () =>
    HttpResponse.json(
      {
        error: {
          message: 'You exceeded your current quota.',
          type: 'insufficient_quota',
          code: 'insufficient_quota',
        },
      },
      { status: 429 },
    ),
  ),
  ...openAiHandlers(),
  ...openAiHandlers(OPENAI),
);
worker.events.on('request:start', ({ request }) => {
  requested.push(request.url);
});

const dialogOf = (chat: TesseraChat) => q<HTMLDialogElement>(chat, '[part="key-dialog"]') as HTMLDialogElement;
const managerIn = (chat: TesseraChat) => q(chat, '[part="key-manager"]');
const openaiRow = (manager: HTMLElement) =>
  [...(manager.shadowRoot?.querySelectorAll<HTMLElement>('[part~="provider"]') ?? [])].find(
    (li) => li.querySelector('[part="provider-name"]')?.textContent === 'OpenAI',
  );

/** Focuses and clicks a button, as a user does. */
function press(button: HTMLElement | null): void {
  if (!button) throw new Error('no such button');
  button.focus();
  button.click();
}

async function bareChat(): Promise<TesseraChat> {
  const chat = await fixture<TesseraChat>(html`<tessera-chat .tessera=${freshTessera()}></tessera-chat>`);
  await waitUntil(() => q(chat, '[part~="onboarding"]'), 'onboarding shown');
  return chat;
}

describe('<tessera-chat> onboarding and the key manager', () => {
  it('says what to do with no key and no server, and loads the key manager only when asked', async () => {
    const chat = await bareChat();
    const onboarding = text(q(chat, '[part~="onboarding"]'));
    expect(onboarding).to.contain('Add a key for OpenAI');
    expect(onboarding).to.contain('or connect a local server such as Ollama');
    expect((q(chat, '#input') as HTMLTextAreaElement).disabled).to.equal(true);
    expect(customElements.get('tessera-key-manager'), 'not loaded before it is asked for').to.equal(undefined);

    press(q(chat, '[part="onboarding-button"]'));
    await waitUntil(() => dialogOf(chat).open, 'dialog open');
    expect(customElements.get('tessera-key-manager')).to.not.equal(undefined);
    expect(managerIn(chat)?.localName).to.equal('tessera-key-manager');
    expect(dialogOf(chat).matches(':modal')).to.equal(true);
    expect(dialogOf(chat).contains(chat.shadowRoot?.activeElement ?? null), 'focus moved into the dialog').to.equal(
      true,
    );

    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialogOf(chat).open, 'Escape closed the dialog');
    expect(chat.shadowRoot?.activeElement?.getAttribute('part')).to.equal('onboarding-button');
  });

  it('after a key is added in the dialog, the picker offers its models and the chat is ready', async () => {
    const chat = await bareChat();
    press(q(chat, '[part="keys-button"]'));
    await waitUntil(() => managerIn(chat) && openaiRow(managerIn(chat) as HTMLElement), 'key manager shows OpenAI');
    const manager = managerIn(chat) as HTMLElement;
    openaiRow(manager)?.querySelector<HTMLButtonElement>('[part="edit-button"]')?.click();
    await waitUntil(() => openaiRow(manager)?.querySelector('[part="key-input"]'), 'key form shown');
    const input = openaiRow(manager)?.querySelector('[part="key-input"]') as HTMLInputElement;
    input.value = GOOD_KEY;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    openaiRow(manager)?.querySelector<HTMLButtonElement>('[part="save-button"]')?.click();

    const picker = q<HTMLSelectElement>(chat, '[part="model-picker"]') as HTMLSelectElement;
    await waitUntil(() => {
      const option = picker.querySelector('option[value="openai/gpt-4o-mini"]');
      return option && !option.textContent?.includes('no key');
    }, 'the picker shows OpenAI models available');
    await waitUntil(() => !q(chat, '[part~="onboarding"]'), 'onboarding gone');
    await waitUntil(() => picker.value.startsWith('openai/'), 'the new key’s provider is chosen');
    expect((q(chat, '#input') as HTMLTextAreaElement).disabled).to.equal(false);
    (q(chat, '[part="key-dialog-close-button"]') as HTMLButtonElement).click();
    await waitUntil(() => !dialogOf(chat).open, 'closed');
    expect(chat.shadowRoot?.activeElement?.getAttribute('part')).to.equal('keys-button');
  });

  it('a local server that needs no key works without the key manager', async () => {
    const chat = await fixture<TesseraChat>(
      html`<tessera-chat .tessera=${freshTessera()} provider="ollama" model="llama3.2"></tessera-chat>`,
    );
    await waitUntil(() => q(chat, '[part="empty"]'), 'empty state');
    expect(q(chat, '[part~="onboarding"]')).to.equal(null);
    expect(text(q(chat, '[part="empty"]'))).to.contain('Ask anything');
  });

  it('registers the key manager under the chat’s own prefix', async () => {
    define({ noun: 'chat', element: TesseraChat }, 'acme');
    const chat = document.createElement('acme-chat') as TesseraChat;
    chat.tessera = freshTessera();
    (await fixture(html`<div></div>`)).append(chat);
    await chat.openKeyManager();
    expect(managerIn(chat)?.localName).to.equal('acme-key-manager');
    expect(customElements.get('acme-key-manager')).to.not.equal(undefined);
  });
});

describe('<tessera-chat> error actions', () => {
  it('a refused key offers to open the key manager', async () => {
    const chat = await chatWith(freshTessera(), { model: 'fail-401' });
    await sendAndWait(chat, 'hello');
    await idle(chat);
    const button = q(chat, '[part="error"] [part="open-keys-button"]') as HTMLButtonElement;
    expect(text(button)).to.equal('Open key manager');
    button.click();
    await waitUntil(() => dialogOf(chat).open && managerIn(chat), 'key manager open');
  });

  it('a rate limit says how long to wait, and lets the answer be written again after', async () => {
    const chat = await chatWith(freshTessera(), { model: 'rate-limited-long' });
    await sendAndWait(chat, 'hello');
    await idle(chat);
    expect(text(q(chat, '[part="error-message"]'))).to.contain('limiting requests');
    const countdown = text(q(chat, '[part="retry-countdown"]'));
    const seconds = Number(/try again in (\d+) s/.exec(countdown)?.[1]);
    // The provider said retry-after: 60.
    expect(seconds).to.be.within(1, 60);
    expect((q(chat, '[part="retry-button"]') as HTMLButtonElement).disabled).to.equal(true);
    expect(q(chat, '[part="open-keys-button"]')).to.equal(null);
  });

  it('no quota says to check billing, and keeps the question', async () => {
    const chat = await chatWith(freshTessera(), { baseURL: QUOTA });
    await sendAndWait(chat, 'hello');
    await idle(chat);
    expect(text(q(chat, '[part="error-message"]'))).to.contain('Check the billing');
    expect(q(chat, '[part="retry-button"]')).to.equal(null);
    expect(text(all(chat, '[part~="message-user"] [part="bubble"]')[0])).to.equal('hello');
  });

  it('a dropped connection keeps the partial answer, and Try again writes a new version beside it', async () => {
    const chat = await chatWith(freshTessera(), { model: 'drop-mid-stream' });
    await sendAndWait(chat, 'one two three');
    await idle(chat);
    expect(text(all(chat, '[part~="bubble"]')[1])).to.equal('You said: one');
    const retry = q(chat, '[part="retry-button"]') as HTMLButtonElement;
    expect(retry.disabled).to.equal(false);
    const received = new Promise((resolve) =>
      chat.addEventListener('tessera-message-received', resolve, { once: true }),
    );
    retry.click();
    await received;
    await idle(chat);
    expect(text(q(chat, '[part="branch-position"]'))).to.equal('2/2');
  });
});

describe('<tessera-chat> base-url', () => {
  const completions = () => requested.filter((url) => url.endsWith('/chat/completions'));

  for (const order of ['provider first', 'base URL first'] as const) {
    it(`set as properties (${order}), as frameworks do, it goes with its provider`, async () => {
      const chat = document.createElement('tessera-chat');
      chat.tessera = freshTessera();
      if (order === 'provider first') chat.provider = 'openai-compatible';
      chat.baseUrl = MSW_PROVIDER_BASE_URL;
      if (order === 'base URL first') chat.provider = 'openai-compatible';
      chat.model = 'browser-model';
      (await fixture(html`<div></div>`)).append(chat);
      await chat.loaded;
      const done = await sendAndWait(chat, 'by property');
      expect(done.detail.status).to.equal('complete');
      expect(completions().at(-1)).to.equal(`${MSW_PROVIDER_BASE_URL}/chat/completions`);
      expect(chat.hasAttribute('provider')).to.equal(false);
    });
  }

  it('set as attributes, it goes with its provider, and never to another one picked after', async () => {
    const tessera = freshTessera();
    await tessera.keys.set('openai', 'sk-test-000000000001');
    const chat = await chatWith(tessera);
    await sendAndWait(chat, 'first');
    expect(completions().at(-1)).to.equal(`${MSW_PROVIDER_BASE_URL}/chat/completions`);
    const picker = q<HTMLSelectElement>(chat, '[part="model-picker"]') as HTMLSelectElement;
    await waitUntil(() => picker.querySelector('option[value="openai/gpt-4o-mini"]'), 'catalog listed');
    picker.value = 'openai/gpt-4o-mini';
    picker.dispatchEvent(new Event('change'));
    await idle(chat);
    await sendAndWait(chat, 'second');
    expect(completions().at(-1)).to.equal(`${OPENAI}/chat/completions`);
  });

  it('a local server connected in the key manager is reached at its stored address, with no base-url', async () => {
    const tessera = freshTessera();
    await tessera.keys.set('openai-compatible', '', { baseURL: MSW_PROVIDER_BASE_URL });
    const chat = await fixture<TesseraChat>(
      html`<tessera-chat .tessera=${tessera} provider="openai-compatible" model="browser-model"></tessera-chat>`,
    );
    await waitUntil(() => q(chat, '[part="empty"]') && !q(chat, '[part~="onboarding"]'), 'ready, no onboarding');
    const done = await sendAndWait(chat, 'local');
    expect(done.detail.status).to.equal('complete');
    expect(completions().at(-1)).to.equal(`${MSW_PROVIDER_BASE_URL}/chat/completions`);
  });
});
