import { expect, fixture, html } from '@open-wc/testing';
import { type MessageRecord, type Tessera, uuidv7 } from '@tessera/core';
import { MSW_PROVIDER_BASE_URL } from '../../../packages/core/test-support/openai-msw.js';
import { ar } from '../shared/i18n/locales/ar.js';
import { de } from '../shared/i18n/locales/de.js';
import { en } from '../shared/i18n/messages.js';
import { waitUntil } from '../shared/test-support/wait-until.js';
import type { TesseraChat } from './chat.element.js';
import { all, closeInstances, freshTessera, q, seedConversation, text } from './test-support/chat-fixture.js';

afterEach(closeInstances);

interface Mount {
  lang?: string;
  dir?: 'ltr' | 'rtl';
  width?: number;
  conversations?: boolean;
}

/** A chat inside a container with the page's `lang` and `dir`, once it has read its conversation. */
async function chatIn(tessera: Tessera, { lang = 'en', dir = 'ltr', width = 900, conversations = false }: Mount) {
  const box = await fixture<HTMLDivElement>(html`<div lang=${lang} dir=${dir} style="width: ${width}px; height: 600px">
    <tessera-chat .tessera=${tessera} provider="openai-compatible" model="browser-model"
      base-url=${MSW_PROVIDER_BASE_URL} ?conversations=${conversations}></tessera-chat>
  </div>`);
  const chat = box.querySelector('tessera-chat') as TesseraChat;
  await chat.loaded;
  await chat.updateComplete;
  return chat;
}

const placeholder = (chat: TesseraChat) => (q(chat, '#input') as HTMLTextAreaElement).placeholder;
const rect = (chat: TesseraChat, selector: string) => (q(chat, selector) as HTMLElement).getBoundingClientRect();

/** One question answered twice (two versions of the answer), as a returning user would have it. */
async function seedTwoAnswers(tessera: Tessera): Promise<void> {
  const store = await tessera.store.open();
  const conversationId = uuidv7();
  const at = new Date().toISOString();
  const base = { conversationId, status: 'complete', createdAt: at, updatedAt: at } as const;
  const question: MessageRecord = { ...base, id: uuidv7(), parentId: null, role: 'user', text: 'Which grout?' };
  await store.putMessage(question);
  for (const answer of ['Sanded.', 'Epoxy.']) {
    await store.putMessage({ ...base, id: uuidv7(), parentId: question.id, role: 'assistant', text: answer });
  }
  await store.putConversation({ id: conversationId, title: 'Grout', createdAt: at, updatedAt: at });
}

describe('<tessera-chat> languages and direction', () => {
  it('speaks Arabic under lang="ar": empty state, placeholder and buttons', async () => {
    const chat = await chatIn(freshTessera(), { lang: 'ar', dir: 'rtl' });
    // The Arabic table loads on first use, then the chat renders again.
    await waitUntil(() => placeholder(chat) === ar['chat.inputPlaceholder'], 'Arabic placeholder');
    expect(chat.i18n.locale).to.equal('ar');
    expect(text(q(chat, '[part="empty"]'))).to.equal(ar['chat.ready'].replace('{model}', 'browser-model'));
    expect(text(q(chat, '[part="send-button"]'))).to.equal(ar['chat.send']);
    expect(text(q(chat, '[part="new-chat-button"]'))).to.equal(ar['chat.newChat']);
    expect(text(q(chat, '[part="keys-button"]'))).to.equal(ar['chat.keys']);
    expect(q(chat, '[part="attach-button"]')?.getAttribute('aria-label')).to.equal(ar['chat.attach.label']);
    expect(q(chat, '[part="base"]')?.getAttribute('aria-label')).to.equal(ar['chat.label']);
  });

  it('speaks German under lang="de", and English stays the default', async () => {
    const german = await chatIn(freshTessera(), { lang: 'de' });
    await waitUntil(() => placeholder(german) === de['chat.inputPlaceholder'], 'German placeholder');
    expect(text(q(german, '[part="send-button"]'))).to.equal(de['chat.send']);
    expect(text(q(german, '.title'))).to.equal(de['chat.newConversation']);

    const english = await chatIn(freshTessera(), {});
    expect(placeholder(english)).to.equal(en['chat.inputPlaceholder']);
    expect(text(q(english, '[part="send-button"]'))).to.equal('Send');
  });

  it('mirrors right to left: the send button is on the left in Arabic, on the right in English', async () => {
    const rtl = await chatIn(freshTessera(), { lang: 'ar', dir: 'rtl' });
    expect(rect(rtl, '[part="send-button"]').right).to.be.at.most(rect(rtl, '#input').left);

    const ltr = await chatIn(freshTessera(), {});
    expect(rect(ltr, '[part="send-button"]').left).to.be.at.least(rect(ltr, '#input').right);
  });

  it('puts the conversation list on the inline-start side: right in Arabic, left in English, as a panel too', async () => {
    for (const [dir, width] of [
      ['rtl', 900],
      ['ltr', 900],
      ['rtl', 420],
    ] as const) {
      const tessera = freshTessera();
      await seedConversation(tessera, 'Grout colours', 1);
      const chat = await chatIn(tessera, { lang: dir === 'rtl' ? 'ar' : 'en', dir, width, conversations: true });
      if (width < 640) {
        // The chat learns its width from a ResizeObserver, and the list's code loads on first use:
        // a click before the chat knows it is narrow would be undone when it finds out.
        await waitUntil(() => q(chat, '[part="base"]')?.classList.contains('narrow'), 'laid out as narrow');
        await waitUntil(
          () => q(chat, '[part="conversations-toggle"]')?.getAttribute('aria-expanded') === 'false',
          'closed on a narrow chat',
        );
        q(chat, '[part="conversations-toggle"]')?.click();
        await waitUntil(() => chat.matches(':state(conversations-open)'), 'the panel opened');
      }
      await waitUntil(() => all(chat, '[part="conversation-button"]').length === 1, 'the list shown');
      await chat.updateComplete;
      const list = rect(chat, '.sidebar');
      const base = rect(chat, '[part="base"]');
      if (dir === 'rtl') {
        expect(list.right, `${width}px, rtl`).to.be.closeTo(base.right, 1);
        expect(list.left, `${width}px, rtl`).to.be.greaterThan(base.left + 1);
      } else {
        expect(list.left, `${width}px, ltr`).to.be.closeTo(base.left, 1);
        expect(list.right, `${width}px, ltr`).to.be.lessThan(base.right - 1);
      }
      if (dir === 'rtl') {
        await waitUntil(
          () => text(q(chat, '[part="rename-button"]')) === ar['chat.list.renameButton'],
          'Arabic list buttons',
        );
        expect(q(chat, '[part="conversation-search"]')?.getAttribute('placeholder')).to.equal(ar['chat.list.search']);
      }
    }
  });

  it('mirrors the ‹ › version buttons: "previous" on the right in Arabic, its arrow flipped', async () => {
    const tessera = freshTessera();
    await seedTwoAnswers(tessera);
    const rtl = await chatIn(tessera, { lang: 'ar', dir: 'rtl' });
    await waitUntil(() => q(rtl, '[part="branch-nav"]'), 'versions shown');
    await waitUntil(
      () =>
        q(rtl, '[part="branch-previous-button"]')?.getAttribute('aria-label') === ar['chat.message.previousVersion'],
      'Arabic labels',
    );
    const previous = rect(rtl, '[part="branch-previous-button"]');
    const next = rect(rtl, '[part="branch-next-button"]');
    expect(previous.left).to.be.at.least(next.right);
    expect(getComputedStyle(q(rtl, '[part="branch-previous-button"]') as HTMLElement).transform).not.to.equal('none');
    expect(text(q(rtl, '[part="branch-position"]'))).to.match(/^[٠-٩0-9]\/[٠-٩0-9]$/);

    const ltr = await chatIn(tessera, {});
    await waitUntil(() => q(ltr, '[part="branch-nav"]'), 'versions shown');
    expect(rect(ltr, '[part="branch-previous-button"]').right).to.be.at.most(
      rect(ltr, '[part="branch-next-button"]').left,
    );
    expect(getComputedStyle(q(ltr, '[part="branch-previous-button"]') as HTMLElement).transform).to.equal('none');
  });

  it('labels code blocks and tables of an answer in the chat’s language', async () => {
    const tessera = freshTessera();
    await seedConversation(tessera, 'Code', 1, {
      answer: () => 'Like this:\n\n```js\nlet grout = 1;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n',
    });
    const chat = await chatIn(tessera, { lang: 'ar', dir: 'rtl' });
    await waitUntil(
      () => text(q(chat, '[part="code-copy-button"]')) === ar['chat.code.copy'],
      'the Copy button in Arabic',
    );
    expect(q(chat, '[part="code-copy-button"]')?.getAttribute('aria-label')).to.equal(ar['chat.code.copyLabel']);
    expect(q(chat, '[part="table-scroll"]')?.getAttribute('aria-label')).to.equal(ar['chat.code.table']);
    expect(text(q(chat, '[part="regenerate-button"]'))).to.equal(ar['chat.message.regenerateButton']);
  });

  it('two chats in two languages show the same answer, each with the chrome in its own words', async () => {
    const tessera = freshTessera();
    await seedConversation(tessera, 'Code', 1, { answer: () => 'Like this:\n\n```js\nlet grout = 2;\n```\n' });
    const german = await chatIn(tessera, { lang: 'de' });
    const english = await chatIn(tessera, { lang: 'en' });
    await waitUntil(() => text(q(german, '[part="code-copy-button"]')) === de['chat.code.copy'], 'Copy in German');
    expect(q(german, '[part="code-copy-button"]')?.getAttribute('aria-label')).to.equal(de['chat.code.copyLabel']);
    expect(text(q(english, '[part="code-copy-button"]'))).to.equal(en['chat.code.copy']);
    expect(q(english, '[part="code-copy-button"]')?.getAttribute('aria-label')).to.equal(en['chat.code.copyLabel']);
    expect(text(q(german, '[part="code-language"]'))).to.equal('js');
  });
});
