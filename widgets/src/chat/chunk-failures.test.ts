// The chat's code that loads on first use (the conversation list, the key manager, the Markdown
// renderer), when its download fails: msw's service worker answers the module request itself
// (wtr serves the TypeScript sources by path), as a dropped connection or a deploy that replaced
// the chunks would. Chromium does not keep a failed module fetch in the page's module map, so the
// same page downloads it again once asked. The order of the tests matters: a chunk that loaded
// stays loaded for the rest of this file (each browser test file has a page of its own).
import { expect } from '@open-wc/testing';
import { HttpResponse, http } from 'msw';
import { waitUntil } from '../shared/test-support/wait-until.js';
import type { TesseraChat } from './chat.element.js';
import { all, chatWith, freshTessera, mockedSuite, q, seedConversation, text } from './test-support/chat-fixture.js';

const SENTENCE =
  'Part of the chat could not load. Check the connection and try again; if it keeps failing, reload the page.';

const worker = mockedSuite();

/** Fails every request for the module at `path` (as served from source); counts them. */
function failModule(path: string): { requests: number } {
  const seen = { requests: 0 };
  worker.use(
    http.get(
      ({ request }) => new URL(request.url).pathname.endsWith(path),
      () => {
        seen.requests++;
        return HttpResponse.error();
      },
    ),
  );
  return seen;
}

/** Rejections nobody handled while the test ran. */
let unhandled: unknown[] = [];
/** Ends the test's listeners on the document. */
let listening = new AbortController();
const record = (event: PromiseRejectionEvent) => {
  unhandled.push(event.reason);
  // Recorded, and asserted on, here: not reported again as a failure of whichever test runs next.
  event.preventDefault();
};
beforeEach(() => {
  unhandled = [];
  listening = new AbortController();
  window.addEventListener('unhandledrejection', record);
});
afterEach(() => {
  window.removeEventListener('unhandledrejection', record);
  listening.abort();
  worker.resetHandlers();
});

/** Lets the browser report rejections left unhandled so far (it does so after the task that left them). */
const reported = () => new Promise((resolve) => setTimeout(resolve));

const loadErrors = (chat: TesseraChat) =>
  all(chat, '[part~="load-error"] [part="error-message"]').map((element) => text(element));

describe('chat: code that cannot be downloaded', () => {
  it('shows answers as plain text while the Markdown renderer cannot load, and as Markdown once it can', async () => {
    const markdown = failModule('/shared/markdown.ts');
    const tessera = freshTessera();
    const later = await seedConversation(tessera, 'Later', 1, {
      answer: () => 'A **bold** claim.',
      updatedAt: '2024-01-01T00:00:00.000Z',
    });
    await seedConversation(tessera, 'Newest', 1, { answer: () => 'An *emphatic* answer.' });
    const chat = await chatWith(tessera);

    expect(markdown.requests, 'the renderer was asked for').to.be.greaterThan(0);
    const answer = all(chat, '[part~="bubble"]')[1];
    expect(answer?.querySelector('.plain')?.textContent).to.equal('An *emphatic* answer.');
    expect(answer?.querySelector('em')).to.equal(null);
    await reported();
    expect(unhandled).to.deep.equal([]);
    // The renderer failing to load is no error for the user: the answers are all there, as text.
    expect(loadErrors(chat)).to.deep.equal([]);

    worker.resetHandlers();
    chat.conversationId = later;
    await waitUntil(() => all(chat, '[part~="bubble"]')[1]?.querySelector('strong'), 'Markdown rendered');
    expect(text(all(chat, '[part~="bubble"]')[1]?.querySelector('strong'))).to.equal('bold');
  });

  it('says the conversation list could not load, and loads it when asked again', async () => {
    const list = failModule('/chat/parts/conversation-list.ts');
    const tessera = freshTessera();
    await seedConversation(tessera, 'Glass', 1);
    const errors: string[] = [];
    const listen = (e: Event) => errors.push((e as CustomEvent<{ code: string }>).detail.code);
    // On the document: the list may fail before the chat has read its conversation.
    document.addEventListener('tessera-error-occurred', listen, { signal: listening.signal });
    const chat = await chatWith(tessera, { conversations: true });

    await waitUntil(() => loadErrors(chat).length > 0, 'the chat says the list could not load');
    expect(loadErrors(chat)).to.deep.equal([SENTENCE]);
    expect(q(chat, '[part~="load-error"]')?.getAttribute('role')).to.equal('alert');
    expect(chat.matches(':state(error)')).to.equal(true);
    expect(q(chat, '[part="conversations"]')).to.equal(null);
    await reported();
    expect(unhandled).to.deep.equal([]);

    // Still failing: the toggle asks again (one more request), the sentence stays.
    const before = list.requests;
    q(chat, '[part="conversations-toggle"]')?.click();
    await waitUntil(() => list.requests > before, 'the toggle downloads the list again');
    await chat.updateComplete;
    expect(loadErrors(chat)).to.deep.equal([SENTENCE]);
    expect(errors, 'one error per failed download').to.deep.equal(['network', 'network']);

    worker.resetHandlers();
    q(chat, '[part="retry-load-button"]')?.click();
    await waitUntil(() => all(chat, '[part="conversation-button"]').length === 1, 'the list shown');
    expect(text(q(chat, '[part="conversation-button"]'))).to.equal('Glass');
    expect(loadErrors(chat)).to.deep.equal([]);
    expect(chat.matches(':state(error)')).to.equal(false);
    await reported();
    expect(unhandled).to.deep.equal([]);
  });

  it('says the key manager could not load when Keys is clicked, and opens it on the next click', async () => {
    const manager = failModule('/key-manager/key-manager.element.ts');
    const chat = await chatWith(freshTessera());
    const errors: { code: string; message: string }[] = [];
    chat.addEventListener('tessera-error-occurred', (e) => errors.push(e.detail));
    const keys = q(chat, '[part="keys-button"]') as HTMLButtonElement;
    const dialog = q(chat, '[part="key-dialog"]') as HTMLDialogElement;

    keys.click();
    await waitUntil(() => loadErrors(chat).length > 0, 'the chat says the key manager could not load');
    expect(manager.requests).to.be.greaterThan(0);
    expect(loadErrors(chat)).to.deep.equal([SENTENCE]);
    expect(errors).to.deep.equal([{ code: 'network', message: SENTENCE }]);
    expect(dialog.open, 'no empty dialog').to.equal(false);
    expect(customElements.get('tessera-key-manager')).to.equal(undefined);
    await reported();
    expect(unhandled).to.deep.equal([]);

    worker.resetHandlers();
    keys.click();
    await waitUntil(() => dialog.open, 'the key manager opens');
    expect(q(chat, '[part="key-manager"]')?.localName).to.equal('tessera-key-manager');
    expect(all(chat, '[part="key-manager"]')).to.have.length(1);
    expect(loadErrors(chat)).to.deep.equal([]);
    expect(chat.matches(':state(error)')).to.equal(false);
    await reported();
    expect(unhandled).to.deep.equal([]);
  });
});
