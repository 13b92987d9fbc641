import { expect } from '@open-wc/testing';
import { setupWorker } from 'msw/browser';
import { openAiHandlers } from '../../../packages/core/test-support/openai-msw.js';
import { waitUntil } from '../shared/test-support/wait-until.js';
import type { TesseraChat } from './chat.element.js';
import { loadMarkdown, markdownRenderer } from './parts/markdown-blocks.js';
import {
  all,
  chatWith,
  closeInstances,
  freshTessera,
  idle,
  q,
  seedConversation,
  sendAndWait,
  text,
} from './test-support/chat-fixture.js';

// A provider that writes slowly enough for a test to act while the answer streams.
const SLOW = 'https://slow-provider.test/v1';
const worker = setupWorker(...openAiHandlers(SLOW, { wordDelayMs: 30 }));
before(() => worker.start({ quiet: true, onUnhandledRequest: 'bypass' }));
after(() => worker.stop());
afterEach(closeInstances);

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
const list = (chat: TesseraChat) => q(chat, '[part="messages"]') as HTMLElement;
const fromBottom = (el: HTMLElement) => el.scrollHeight - el.scrollTop - el.clientHeight;
const streamingBubble = (chat: TesseraChat) => q(chat, '[data-status="streaming"] [part="bubble"]');

/** Waits until the answer being written has grown past `length` characters. */
async function grown(chat: TesseraChat, length: number): Promise<number> {
  await waitUntil(() => text(streamingBubble(chat)).length > length, `the answer grew past ${length} characters`);
  return text(streamingBubble(chat)).length;
}

describe('<tessera-chat> streaming', () => {
  it('follows the answer at the bottom; scrolling up stops that and offers Jump to latest, which resumes it', async () => {
    const tessera = freshTessera();
    await seedConversation(tessera, 'Long', 15);
    const chat = await chatWith(tessera, { baseURL: SLOW, box: 'width: 700px; height: 360px' });
    await waitUntil(() => fromBottom(list(chat)) <= 4, 'a loaded conversation shows its end');
    expect(q(chat, '[part="jump-button"]')).to.equal(null);

    // Long enough that it is still streaming after every step below, however slow the machine;
    // it is stopped at the end.
    const received = sendAndWait(chat, words(400));
    let length = await grown(chat, 40);
    expect(fromBottom(list(chat))).to.be.at.most(4, 'following while at the bottom');

    list(chat).scrollTop = 0;
    await waitUntil(() => q(chat, '[part="jump-button"]'), 'Jump to latest offered');
    expect(chat.matches(':state(scrolled-up)')).to.equal(true);
    length = await grown(chat, length + 60);
    expect(list(chat).scrollTop).to.equal(0, 'the list stays where the user put it');

    (q(chat, '[part="jump-button"]') as HTMLButtonElement).click();
    await chat.updateComplete;
    expect(fromBottom(list(chat))).to.be.at.most(4);
    expect(q(chat, '[part="jump-button"]')).to.equal(null);
    expect(chat.matches(':state(scrolled-up)')).to.equal(false);
    await grown(chat, length + 60);
    expect(fromBottom(list(chat))).to.be.at.most(4, 'following again');
    chat.stop();
    await received;
  });

  it('only the answer being written re-renders while it streams: not the list, not finished answers', async () => {
    const tessera = freshTessera();
    await seedConversation(tessera, 'Earlier', 2, { answer: (i) => `A **finished** answer, number ${i + 1}.` });
    const chat = await chatWith(tessera, { baseURL: SLOW });
    await chat.updateComplete;
    const finished = q(chat, '[part~="message-assistant"] [part="bubble"]') as HTMLElement;
    expect(text(finished)).to.equal('A finished answer, number 1.');

    // Every change to a finished answer's DOM, every list render that happens mid-answer, and every
    // Markdown render with its input.
    const finishedChanges: MutationRecord[] = [];
    new MutationObserver((records) => finishedChanges.push(...records)).observe(finished, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
    let streamedFrames = 0;
    let listRendersMidAnswer = 0;
    chat.addController({
      hostUpdated: () => {
        const partial = text(streamingBubble(chat));
        if (partial.startsWith('You said:')) listRendersMidAnswer++;
      },
    });
    const rendered: string[] = [];
    await loadMarkdown();
    const render = markdownRenderer.render;
    markdownRenderer.render = (markdown, labels) => {
      rendered.push(markdown);
      return render?.(markdown, labels) ?? '';
    };
    try {
      const received = sendAndWait(chat, words(40));
      await waitUntil(() => streamingBubble(chat), 'the answer started');
      new MutationObserver(() => streamedFrames++).observe(streamingBubble(chat) as HTMLElement, {
        subtree: true,
        childList: true,
        characterData: true,
      });
      await received;
      await idle(chat);
    } finally {
      markdownRenderer.render = render;
    }
    expect(streamedFrames).to.be.above(5, 'the answer was shown growing, frame after frame');
    expect(listRendersMidAnswer).to.equal(0, 'no render of the list while the answer streamed');
    expect(finishedChanges).to.deep.equal([], 'the finished answer was not touched');
    expect(rendered.some((m) => m.includes('finished'))).to.equal(false, 'its Markdown was not rendered again');
    expect(rendered.length).to.be.above(5, 'the streaming answer was rendered as it grew');
    expect(text(q(chat, '[part~="message-assistant"]:last-of-type [part="bubble"]'))).to.equal(
      `You said: ${words(40)}`,
    );
  });

  it('an answer starting and ending renders its own rows only; the other rows’ buttons follow on their own', async () => {
    const tessera = freshTessera();
    await seedConversation(tessera, 'Earlier', 4);
    const chat = await chatWith(tessera, { baseURL: SLOW });
    const regenerate = () => all(chat, '[part="regenerate-button"]').map((b) => (b as HTMLButtonElement).disabled);
    expect(regenerate()).to.deep.equal([false, false, false, false]);

    // A row asks for its buttons' words each time it renders: the lookups count the rows rendered.
    const i18n = chat.i18n;
    const t = i18n.t;
    const asked: string[] = [];
    i18n.t = function (this: typeof i18n, ...args: Parameters<typeof t>) {
      asked.push(args[0]);
      return t.apply(this, args);
    };
    try {
      const received = sendAndWait(chat, words(30));
      await waitUntil(() => streamingBubble(chat), 'the answer started');
      expect(regenerate()).to.deep.equal([true, true, true, true], 'no other answer may start meanwhile');
      await received;
      await idle(chat);
    } finally {
      i18n.t = t;
    }
    expect(regenerate()).to.deep.equal([false, false, false, false, false]);
    const rendered = (id: string) => asked.filter((asking) => asking === id).length;
    expect(rendered('chat.message.regenerate')).to.equal(1, 'of the answers, only the new one rendered its buttons');
    expect(rendered('chat.message.edit')).to.equal(1, 'of the questions, only the new one');
  });

  it('renders the whole list every frame in the benchmark baseline (so the test above can tell)', async () => {
    const tessera = freshTessera();
    const chat = await chatWith(tessera, { baseURL: SLOW });
    chat.renderEveryFrame = true;
    chat.requestUpdate();
    let listRendersMidAnswer = 0;
    chat.addController({
      hostUpdated: () => {
        if (text(streamingBubble(chat)).startsWith('You said:')) listRendersMidAnswer++;
      },
    });
    await sendAndWait(chat, words(20));
    await idle(chat);
    expect(listRendersMidAnswer).to.be.above(3);
    expect(text(q(chat, '[part~="message-assistant"] [part="bubble"]'))).to.equal(`You said: ${words(20)}`);
  });

  it('Stop keeps what arrived of a long answer, and the answer keeps its DOM', async () => {
    const tessera = freshTessera();
    const chat = await chatWith(tessera, { baseURL: SLOW });
    const received = sendAndWait(chat, words(200));
    await grown(chat, 30);
    const bubble = streamingBubble(chat);
    chat.stop();
    await received;
    await idle(chat);
    const answer = q(chat, '[part~="message-assistant"] [part="bubble"]');
    expect(answer).to.equal(bubble, 'the row became the finished answer in place');
    expect(text(answer)).to.match(/^You said: word0 word1/);
    expect(text(q(chat, '[part="status"]'))).to.contain('Incomplete');
  });
});
