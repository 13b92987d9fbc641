import { expect, fixture, html } from '@open-wc/testing';
import { ATTACHMENT_LIMITS } from '@tessera/core';
import { openAiHandlers } from '../../../packages/core/test-support/openai-msw.js';
import { waitUntil } from '../shared/test-support/wait-until.js';
import type { TesseraChat } from './chat.element.js';
import { all, chatWith, freshTessera, idle, mockedSuite, q, sendAndWait, text } from './test-support/chat-fixture.js';

// Files attached in the composer, what the provider receives, and how sent images are shown.
const bodies: { messages: { role: string; content: unknown }[] }[] = [];
const worker = mockedSuite(...openAiHandlers());
worker.events.on('request:start', async ({ request }) => {
  if (request.url.endsWith('/chat/completions')) bodies.push(await request.clone().json());
});
afterEach(() => {
  bodies.length = 0;
});

// A real 1×1 PNG.
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const pngBytes = () => Uint8Array.from(atob(PNG_BASE64), (c) => c.charCodeAt(0));
const png = (name = 'tile.png') => new File([pngBytes()], name, { type: 'image/png' });

/** Picks files with the composer's file input, as the file chooser does. */
function pick(chat: TesseraChat, files: File[]): void {
  const input = q<HTMLInputElement>(chat, '#attach-input') as HTMLInputElement;
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

const chips = (chat: TesseraChat) =>
  all(chat, '[part="attachment"]').map((chip) => text(chip.querySelector('.chip-name')));
const lastUserContent = () => bodies.at(-1)?.messages.at(-1)?.content;

describe('<tessera-chat> attachments', () => {
  it('sends an attached image to the provider and shows it in the user’s message', async () => {
    const chat = await chatWith(freshTessera());
    const button = q<HTMLButtonElement>(chat, '[part="attach-button"]') as HTMLButtonElement;
    expect(button.localName).to.equal('button');
    expect(button.disabled).to.equal(false);
    pick(chat, [png()]);
    await chat.updateComplete;
    expect(chips(chat)).to.deep.equal(['tile.png']);

    await sendAndWait(chat, 'What colour is this?');
    await idle(chat);
    const content = lastUserContent() as { type: string; image_url?: { url: string }; text?: string }[];
    expect(content.map((part) => part.type)).to.deep.equal(['image_url', 'text']);
    expect(content[0]?.image_url?.url).to.equal(`data:image/png;base64,${PNG_BASE64}`);
    expect(chips(chat), 'the composer is emptied').to.deep.equal([]);

    const img = q<HTMLImageElement>(chat, '[part~="message-user"] [part="attachment-image"]') as HTMLImageElement;
    expect(img.src.startsWith('blob:')).to.equal(true);
    expect(img.alt).to.equal('tile.png');
    await waitUntil(() => img.complete && img.naturalWidth === 1, 'the thumbnail loaded');

    // Leaving the page revokes the object URL.
    const url = img.src;
    chat.remove();
    let revoked = false;
    await fetch(url).catch(() => {
      revoked = true;
    });
    expect(revoked).to.equal(true);
  });

  it('a pasted image and a text file are attached as chips; remove takes one off', async () => {
    const chat = await chatWith(freshTessera());
    const transfer = new DataTransfer();
    transfer.items.add(png('pasted.png'));
    q(chat, '#input')?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true }));
    pick(chat, [new File(['# Notes\n'], 'notes.md', { type: 'text/markdown' })]);
    await chat.updateComplete;
    expect(chips(chat)).to.deep.equal(['pasted.png', 'notes.md']);

    (q(chat, '[part="attachment"] [part="remove-attachment-button"]') as HTMLButtonElement).click();
    await chat.updateComplete;
    expect(chips(chat)).to.deep.equal(['notes.md']);
    await sendAndWait(chat, 'Summarise');
    await idle(chat);
    const content = lastUserContent();
    expect(JSON.stringify(content)).to.contain('Attached file: notes.md');
    expect(JSON.stringify(content)).to.not.contain('image_url');
    expect(text(q(chat, '[part~="message-user"] [part="attachment-file"]'))).to.contain('notes.md');
  });

  it('a file over the limit is refused with a sentence before sending, and never sent', async () => {
    const chat = await chatWith(freshTessera());
    const big = new Uint8Array(ATTACHMENT_LIMITS.maxImageBytes + 1);
    big.set(pngBytes());
    pick(chat, [new File([big], 'huge.png', { type: 'image/png' })]);
    await chat.updateComplete;
    expect(text(q(chat, '[part="attachment-error"][role="alert"]'))).to.equal(
      'huge.png is 5.1 MB; images can be at most 5 MB.',
    );
    expect(chips(chat)).to.deep.equal([]);

    await sendAndWait(chat, 'plain question');
    await idle(chat);
    expect(lastUserContent()).to.equal('plain question');
    expect(q(chat, '[part="message-attachments"]')).to.equal(null);
  });

  it('more files than a message can carry: the extra ones are left out, with a sentence', async () => {
    const chat = await chatWith(freshTessera());
    const files = Array.from(
      { length: ATTACHMENT_LIMITS.maxCount + 1 },
      (_, i) => new File([`file ${i}`], `f${i}.txt`, { type: 'text/plain' }),
    );
    pick(chat, files);
    await chat.updateComplete;
    expect(chips(chat).length).to.equal(ATTACHMENT_LIMITS.maxCount);
    expect(text(q(chat, '[part="attachment-error"]'))).to.contain(`at most ${ATTACHMENT_LIMITS.maxCount} files`);
  });

  it('a model that cannot read images refuses images, and says so on the button', async () => {
    const chat = await fixture<TesseraChat>(
      html`<tessera-chat .tessera=${freshTessera()} provider="deepseek" model="deepseek-chat"></tessera-chat>`,
    );
    const button = q<HTMLButtonElement>(chat, '[part="attach-button"]') as HTMLButtonElement;
    await waitUntil(() => button.title.includes('cannot read images'), 'catalog read');
    expect(button.title).to.equal('DeepSeek V3 cannot read images: only text files can be attached.');
    expect(q<HTMLInputElement>(chat, '#attach-input')?.accept).to.not.contain('image/');

    pick(chat, [png()]);
    await chat.updateComplete;
    expect(text(q(chat, '[part="attachment-error"]'))).to.contain('DeepSeek V3 cannot read images');
    expect(chips(chat)).to.deep.equal([]);
    pick(chat, [new File(['a,b\n1,2\n'], 'table.csv', { type: 'text/csv' })]);
    await chat.updateComplete;
    expect(chips(chat)).to.deep.equal(['table.csv']);
  });
});
