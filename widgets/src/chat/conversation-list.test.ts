import { expect } from '@open-wc/testing';
import type { Tessera } from '@tessera/core';
import { openAiHandlers } from '../../../packages/core/test-support/openai-msw.js';
import { waitUntil } from '../shared/test-support/wait-until.js';
import type { TesseraChat } from './chat.element.js';
import {
  all,
  chatWith,
  focused,
  freshTessera,
  mockedSuite,
  q,
  seedConversation,
  shown,
  text,
} from './test-support/chat-fixture.js';

mockedSuite(...openAiHandlers());

/** Three conversations written a minute apart: "Mosaic tables" is the newest. */
async function threeConversations(tessera: Tessera) {
  const minute = (m: number) => new Date(Date.UTC(2025, 2, 14, 9, m)).toISOString();
  const grout = await seedConversation(tessera, 'Grout colours', 1, { updatedAt: minute(0) });
  const glass = await seedConversation(tessera, 'Cutting glass', 2, { updatedAt: minute(1) });
  const tables = await seedConversation(tessera, 'Mosaic tables', 1, { updatedAt: minute(2) });
  return { grout, glass, tables };
}

async function listed(chat: TesseraChat, count: number): Promise<string[]> {
  await waitUntil(() => all(chat, '[part="conversation-button"]').length === count, `${count} conversations listed`);
  return all(chat, '[part="conversation-button"]').map(text);
}

const row = (chat: TesseraChat, title: string) =>
  all(chat, '[part~="conversation"]').find((li) => text(li.querySelector('[part="conversation-button"]')) === title);

function rowButton(chat: TesseraChat, title: string, part: string): HTMLElement {
  const button = row(chat, title)?.querySelector<HTMLElement>(`[part="${part}"]`);
  if (!button) throw new Error(`No ${part} in the row of “${title}”`);
  return button;
}

describe('<tessera-chat conversations>', () => {
  it('lists past conversations newest first and opens the one chosen', async () => {
    const tessera = freshTessera();
    const { glass } = await threeConversations(tessera);
    const chat = await chatWith(tessera, { conversations: true });
    expect(await listed(chat, 3)).to.deep.equal(['Mosaic tables', 'Cutting glass', 'Grout colours']);
    expect(q(chat, '[aria-current="true"]')?.textContent).to.equal('Mosaic tables');
    expect(chat.matches(':state(conversations-open)')).to.equal(true);

    const selected = new Promise<CustomEvent>((resolve) =>
      chat.addEventListener('tessera-conversation-selected', (e) => resolve(e as CustomEvent), { once: true }),
    );
    rowButton(chat, 'Cutting glass', 'conversation-button').click();
    expect((await selected).detail.conversationId).to.equal(glass);
    await waitUntil(() => q(chat, '.title')?.textContent === 'Cutting glass', 'the conversation opened');
    await chat.loaded;
    await chat.updateComplete;
    expect(shown(chat)).to.deep.equal([
      'user: Question 1 of Cutting glass',
      'assistant: Answer 1 of Cutting glass.',
      'user: Question 2 of Cutting glass',
      'assistant: Answer 2 of Cutting glass.',
    ]);
    expect(q(chat, '[aria-current="true"]')?.textContent).to.equal('Cutting glass');
  });

  it('a new conversation joins the top of the list once its first message is sent', async () => {
    const tessera = freshTessera();
    await threeConversations(tessera);
    const chat = await chatWith(tessera, { conversations: true });
    await listed(chat, 3);
    (q(chat, '[part="new-chat-button"]') as HTMLButtonElement).click();
    await chat.send('Sealing a table');
    expect((await listed(chat, 4))[0]).to.equal('Sealing a table');
    expect(q(chat, '[aria-current="true"]')?.textContent).to.equal('Sealing a table');
  });

  it('search filters by title, and says so when nothing matches', async () => {
    const tessera = freshTessera();
    await threeConversations(tessera);
    const chat = await chatWith(tessera, { conversations: true });
    await listed(chat, 3);
    const search = q<HTMLInputElement>(chat, '[part="conversation-search"]') as HTMLInputElement;
    search.value = 'GLASS';
    search.dispatchEvent(new InputEvent('input'));
    expect(await listed(chat, 1)).to.deep.equal(['Cutting glass']);
    search.value = 'zebra';
    search.dispatchEvent(new InputEvent('input'));
    await listed(chat, 0);
    expect(text(q(chat, '[part="conversation-empty"]'))).to.equal('No conversation matches.');
  });

  it('renames in place: Enter saves (list, header, store), Escape cancels, focus returns to the row', async () => {
    const tessera = freshTessera();
    const { tables } = await threeConversations(tessera);
    const chat = await chatWith(tessera, { conversations: true });
    await listed(chat, 3);
    const renamed = new Promise<CustomEvent>((resolve) =>
      chat.addEventListener('tessera-conversation-renamed', (e) => resolve(e as CustomEvent), { once: true }),
    );
    rowButton(chat, 'Mosaic tables', 'rename-button').click();
    await waitUntil(() => focused(chat)?.getAttribute('part') === 'conversation-title-input', 'title input focused');
    const input = focused(chat) as HTMLInputElement;
    expect(input.value).to.equal('Mosaic tables');
    input.value = '  Our round table  ';
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    expect((await renamed).detail.conversationId).to.equal(tables);
    await waitUntil(() => focused(chat)?.getAttribute('part') === 'conversation-button', 'focus back on the row');
    expect(focused(chat)?.textContent).to.equal('Our round table');
    expect(await listed(chat, 3)).to.deep.equal(['Our round table', 'Cutting glass', 'Grout colours']);
    await waitUntil(() => q(chat, '.title')?.textContent === 'Our round table', 'the header follows');
    expect((await tessera.chat.conversations()).find((c) => c.id === tables)?.title).to.equal('Our round table');

    // F2 on the focused row renames too; Escape leaves the title as it was.
    focused(chat)?.dispatchEvent(new KeyboardEvent('keydown', { key: 'F2', bubbles: true, composed: true }));
    await waitUntil(() => focused(chat)?.getAttribute('part') === 'conversation-title-input', 'title input again');
    const again = focused(chat) as HTMLInputElement;
    again.value = 'Not this';
    again.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await waitUntil(() => focused(chat)?.getAttribute('part') === 'conversation-button', 'focus back after Escape');
    expect(focused(chat)?.textContent).to.equal('Our round table');
    expect((await tessera.chat.conversations()).find((c) => c.id === tables)?.title).to.equal('Our round table');
  });

  it('a title over 200 characters is refused with what to do, and the field stays open', async () => {
    const tessera = freshTessera();
    await threeConversations(tessera);
    const chat = await chatWith(tessera, { conversations: true });
    await listed(chat, 3);
    rowButton(chat, 'Grout colours', 'rename-button').click();
    await waitUntil(() => focused(chat)?.getAttribute('part') === 'conversation-title-input');
    const input = focused(chat) as HTMLInputElement;
    // maxlength stops typing, not a paste through script: the chat's own check is what is tested.
    input.value = 'x'.repeat(201);
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    await waitUntil(() => text(q(chat, '[part="conversation-notice"]')).includes('200'), 'the refusal shown');
    expect(q(chat, '[part="conversation-title-input"]')).to.exist;
  });

  it('deletes only after a confirmation, notes the signed receipt, and moves focus to the next conversation', async () => {
    const tessera = freshTessera();
    const { glass } = await threeConversations(tessera);
    const chat = await chatWith(tessera, { conversations: true });
    await listed(chat, 3);

    // Asking, then keeping it.
    rowButton(chat, 'Cutting glass', 'delete-button').click();
    await waitUntil(() => focused(chat)?.getAttribute('part') === 'cancel-delete-button', 'Cancel focused first');
    expect(text(q(chat, '.confirm'))).to.contain('Delete “Cutting glass” for good?');
    (focused(chat) as HTMLElement).click();
    await waitUntil(() => focused(chat)?.getAttribute('part') === 'delete-button', 'focus back on Delete');
    expect((await tessera.chat.conversations()).length).to.equal(3);

    // Asking with the Delete key, then confirming.
    const deleted = new Promise<CustomEvent>((resolve) =>
      chat.addEventListener('tessera-conversation-deleted', (e) => resolve(e as CustomEvent), { once: true }),
    );
    row(chat, 'Cutting glass')
      ?.querySelector('[part="conversation-button"]')
      ?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Delete', bubbles: true, composed: true }));
    await waitUntil(() => q(chat, '[part="confirm-delete-button"]'), 'confirmation shown');
    (q(chat, '[part="confirm-delete-button"]') as HTMLElement).click();
    const { detail } = await deleted;
    expect(detail.conversationId).to.equal(glass);
    expect(detail.receipt.conversationId).to.equal(glass);
    expect(detail.receipt.messageCount).to.equal(4);
    expect(detail.verified).to.equal(true);
    expect(await listed(chat, 2)).to.deep.equal(['Mosaic tables', 'Grout colours']);
    const notice = text(q(chat, '[part="conversation-notice"][role="status"]'));
    expect(notice).to.contain('Deleted “Cutting glass”');
    expect(notice).to.contain(`Receipt ${detail.receipt.hash.slice(0, 19)}`);
    expect(notice).to.contain('signature verified');
    await waitUntil(() => focused(chat)?.textContent === 'Grout colours', 'focus on the next conversation');
    expect((await tessera.chat.conversations()).map((c) => c.id)).to.not.include(glass);
  });

  it('deleting the conversation on screen leaves a new, empty one', async () => {
    const tessera = freshTessera();
    await threeConversations(tessera);
    const chat = await chatWith(tessera, { conversations: true });
    await listed(chat, 3);
    expect(q(chat, '.title')?.textContent).to.equal('Mosaic tables');
    rowButton(chat, 'Mosaic tables', 'delete-button').click();
    await waitUntil(() => q(chat, '[part="confirm-delete-button"]'));
    (q(chat, '[part="confirm-delete-button"]') as HTMLElement).click();
    await listed(chat, 2);
    await waitUntil(() => q(chat, '.title')?.textContent === 'New conversation', 'a new conversation shown');
    expect(all(chat, '[part~="message"]')).to.have.length(0);
    // Focus moves once the shortened list has rendered, which may be a frame after the title.
    await waitUntil(() => focused(chat)?.textContent === 'Cutting glass', 'focus on the next conversation');
  });

  it('arrow keys, Home and End move between conversations; only one row is in the tab order', async () => {
    const tessera = freshTessera();
    await threeConversations(tessera);
    const chat = await chatWith(tessera, { conversations: true });
    await listed(chat, 3);
    const buttons = () => all(chat, '[part="conversation-button"]');
    expect(buttons().map((b) => b.tabIndex)).to.deep.equal([0, -1, -1]);
    const press = (key: string) =>
      focused(chat)?.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
    const search = q(chat, '[part="conversation-search"]') as HTMLElement;
    search.focus();
    press('ArrowDown');
    await waitUntil(() => focused(chat)?.textContent === 'Mosaic tables', 'from the search to the list');
    press('ArrowDown');
    await waitUntil(() => focused(chat)?.textContent === 'Cutting glass');
    expect(buttons().map((b) => b.tabIndex)).to.deep.equal([-1, 0, -1]);
    press('End');
    await waitUntil(() => focused(chat)?.textContent === 'Grout colours');
    press('ArrowDown');
    await chat.updateComplete;
    expect(focused(chat)?.textContent).to.equal('Grout colours');
    press('Home');
    await waitUntil(() => focused(chat)?.textContent === 'Mosaic tables');
  });

  it('on a narrow chat the list is a closed panel: the toggle opens it, choosing closes it, Escape too', async () => {
    const tessera = freshTessera();
    await threeConversations(tessera);
    const chat = await chatWith(tessera, { conversations: true, box: 'width: 420px; height: 600px' });
    const toggle = q(chat, '[part="conversations-toggle"]') as HTMLButtonElement;
    await waitUntil(() => q(chat, '.sidebar'), 'list loaded');
    await waitUntil(() => toggle.getAttribute('aria-expanded') === 'false', 'closed on a narrow chat');
    expect(q(chat, '.sidebar')?.hidden).to.equal(true);
    toggle.click();
    await chat.updateComplete;
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(q(chat, '.sidebar')?.hidden).to.equal(false);
    await listed(chat, 3);
    rowButton(chat, 'Cutting glass', 'conversation-button').click();
    await chat.updateComplete;
    expect(q(chat, '.sidebar')?.hidden).to.equal(true);
    await waitUntil(() => q(chat, '.title')?.textContent === 'Cutting glass');

    toggle.click();
    await chat.updateComplete;
    (q(chat, '[part="conversation-search"]') as HTMLElement).focus();
    focused(chat)?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await chat.updateComplete;
    expect(q(chat, '.sidebar')?.hidden).to.equal(true);
    expect(focused(chat)).to.equal(toggle);
  });

  it('without the attribute there is no list and no toggle', async () => {
    const tessera = freshTessera();
    await threeConversations(tessera);
    const chat = await chatWith(tessera);
    expect(q(chat, '[part="conversations"]')).to.equal(null);
    expect(q(chat, '[part="conversations-toggle"]')).to.equal(null);
    expect(chat.matches(':state(conversations-open)')).to.equal(false);
  });
});
