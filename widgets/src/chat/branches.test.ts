import { expect } from '@open-wc/testing';
import { openAiHandlers } from '../../../packages/core/test-support/openai-msw.js';
import { waitUntil } from '../shared/test-support/wait-until.js';
import type { TesseraChat } from './chat.element.js';
import {
  all,
  chatWith,
  focused,
  freshTessera,
  idle,
  mockedSuite,
  q,
  sendAndWait,
  shown,
  text,
} from './test-support/chat-fixture.js';

mockedSuite(...openAiHandlers());

const rows = (chat: TesseraChat) => all(chat, '[part~="message"]');
const positions = (chat: TesseraChat) => all(chat, '[part="branch-position"]').map(text);
const models = (chat: TesseraChat) => all(chat, '[part="model"]').map(text);

function branchChanged(chat: TesseraChat): Promise<CustomEvent> {
  return new Promise((resolve) =>
    chat.addEventListener('tessera-branch-changed', (e) => resolve(e as CustomEvent), { once: true }),
  );
}

describe('<tessera-chat> branches', () => {
  it('Regenerate writes a new version of the answer; ‹ › switches between the versions', async () => {
    const tessera = freshTessera();
    const chat = await chatWith(tessera);
    await sendAndWait(chat, 'What is a tessera?');
    await chat.updateComplete;
    expect(positions(chat)).to.deep.equal([], 'one version: no navigation');

    chat.model = 'second-model';
    await chat.updateComplete;
    const changed = branchChanged(chat);
    const received = new Promise((resolve) =>
      chat.addEventListener('tessera-message-received', resolve, { once: true }),
    );
    (q(chat, '[part="regenerate-button"]') as HTMLButtonElement).click();
    const { detail } = await changed;
    await received;
    await idle(chat);
    expect(rows(chat)).to.have.length(2, 'the new answer replaces the old one on screen');
    expect(models(chat)).to.deep.equal(['second-model']);
    expect(positions(chat)).to.deep.equal(['2/2']);
    expect(detail.messageId).to.equal(rows(chat)[1]?.dataset.id);
    const stored = await tessera.chat.messages(detail.conversationId);
    expect(stored.map((m) => m.role)).to.deep.equal(['user', 'assistant', 'assistant'], 'both answers kept');

    (q(chat, '[part="branch-previous-button"]') as HTMLButtonElement).click();
    await chat.updateComplete;
    expect(models(chat)).to.deep.equal(['browser-model']);
    expect(positions(chat)).to.deep.equal(['1/2']);
    expect((q(chat, '[part="branch-previous-button"]') as HTMLButtonElement).disabled).to.equal(true);
    await waitUntil(
      () => focused(chat)?.getAttribute('part') === 'branch-next-button',
      'focus stays on the navigation',
    );

    (q(chat, '[part="branch-next-button"]') as HTMLButtonElement).click();
    await chat.updateComplete;
    expect(models(chat)).to.deep.equal(['second-model']);
    expect(positions(chat)).to.deep.equal(['2/2']);
  });

  it('the next message continues the branch on screen, and the model sees only that branch', async () => {
    const tessera = freshTessera();
    const chat = await chatWith(tessera);
    await sendAndWait(chat, 'first');
    await idle(chat);
    (q(chat, '[part="regenerate-button"]') as HTMLButtonElement).click();
    await waitUntil(() => positions(chat)[0] === '2/2');
    await idle(chat);
    (q(chat, '[part="branch-previous-button"]') as HTMLButtonElement).click();
    await chat.updateComplete;
    const firstAnswer = rows(chat)[1]?.dataset.id;
    await sendAndWait(chat, 'second');
    await idle(chat);
    expect(shown(chat)).to.deep.equal([
      'user: first',
      'assistant: You said: first',
      'user: second',
      'assistant: You said: second',
    ]);
    expect(rows(chat)[1]?.dataset.id).to.equal(firstAnswer);
    expect(positions(chat)).to.deep.equal(['1/2']);
  });

  it('Edit resends a message as a new version with its own answer; the original stays one click away', async () => {
    const tessera = freshTessera();
    const chat = await chatWith(tessera);
    await sendAndWait(chat, 'first');
    await sendAndWait(chat, 'secnod');
    await idle(chat);
    const edits = all(chat, '[part="edit-button"]');
    expect(edits).to.have.length(2);

    // Escape leaves the message as it was, and focus on its Edit button.
    edits[1]?.click();
    await waitUntil(() => focused(chat)?.getAttribute('part') === 'edit-input', 'the editor has focus');
    expect((focused(chat) as HTMLTextAreaElement).value).to.equal('secnod');
    focused(chat)?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await waitUntil(() => focused(chat)?.getAttribute('part') === 'edit-button', 'focus back on Edit');
    expect(q(chat, '[part="edit-form"]')).to.equal(null);

    all(chat, '[part="edit-button"]')[1]?.click();
    await waitUntil(() => focused(chat)?.getAttribute('part') === 'edit-input');
    const editor = focused(chat) as HTMLTextAreaElement;
    editor.value = 'second';
    const sent = new Promise<CustomEvent>((resolve) =>
      chat.addEventListener('tessera-message-sent', (e) => resolve(e as CustomEvent), { once: true }),
    );
    editor.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    await sent;
    await idle(chat);
    expect(shown(chat)).to.deep.equal([
      'user: first',
      'assistant: You said: first',
      'user: second',
      'assistant: You said: second',
    ]);
    expect(positions(chat)).to.deep.equal(['2/2']);

    (q(chat, '[part="branch-previous-button"]') as HTMLButtonElement).click();
    await chat.updateComplete;
    expect(shown(chat)).to.deep.equal([
      'user: first',
      'assistant: You said: first',
      'user: secnod',
      'assistant: You said: secnod',
    ]);
    expect(positions(chat)).to.deep.equal(['1/2']);
  });

  it('Copy writes the message to the clipboard and says Copied', async () => {
    const copied: string[] = [];
    const clipboard = Object.getOwnPropertyDescriptor(navigator, 'clipboard');
    // The browser API stubbed: headless Chromium asks for a permission no one can grant here.
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (value: string) => void copied.push(value) },
    });
    try {
      const chat = await chatWith(freshTessera());
      await sendAndWait(chat, '**bold** move');
      await idle(chat);
      const event = new Promise<CustomEvent>((resolve) =>
        chat.addEventListener('tessera-message-copied', (e) => resolve(e as CustomEvent), { once: true }),
      );
      const copy = all(chat, '[part="copy-button"]')[1] as HTMLButtonElement;
      expect(text(copy)).to.equal('Copy');
      copy.click();
      expect((await event).detail.messageId).to.equal(rows(chat)[1]?.dataset.id);
      await chat.updateComplete;
      expect(copied).to.deep.equal(['You said: **bold** move'], 'the Markdown source, as written');
      expect(text(all(chat, '[part="copy-button"]')[1])).to.equal('Copied');
      expect(text(all(chat, '[part="copy-button"]')[0])).to.equal('Copy');
    } finally {
      if (clipboard) Object.defineProperty(navigator, 'clipboard', clipboard);
      else delete (navigator as { clipboard?: unknown }).clipboard;
    }
  });

  it('a refused clipboard is said, with what to do instead', async () => {
    const clipboard = Object.getOwnPropertyDescriptor(navigator, 'clipboard');
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')) },
    });
    try {
      const chat = await chatWith(freshTessera());
      await sendAndWait(chat, 'copy me');
      await idle(chat);
      (q(chat, '[part="copy-button"]') as HTMLButtonElement).click();
      await waitUntil(() => q(chat, '[part="error"]'), 'error shown');
      expect(text(q(chat, '[part="error"]'))).to.contain('Select the text and copy it instead');
      expect(text(q(chat, '[part="copy-button"]'))).to.equal('Copy');
    } finally {
      if (clipboard) Object.defineProperty(navigator, 'clipboard', clipboard);
      else delete (navigator as { clipboard?: unknown }).clipboard;
    }
  });
});
