import { setupWorker } from 'msw/browser';
import { MSW_PROVIDER_BASE_URL, openAiHandlers } from '../../../packages/core/test-support/openai-msw.js';
import type { TesseraChat } from '../chat/chat.element.js';
import { chatWith, closeInstances, freshTessera, q, seedConversation } from '../chat/test-support/chat-fixture.js';
import { expectAccessible } from '../shared/test-support/axe.js';
import { waitUntil } from '../shared/test-support/wait-until.js';

// WCAG 2.1 A/AA as axe checks it (shadow DOM included): the chat empty, with messages, while an
// answer streams, with an error, and with the conversation list open, in every preset.
const PRESETS = ['light', 'dark', 'high-contrast', 'thermal'] as const;
// A provider slow enough for the check to run while the answer is still being written.
const SLOW = 'https://slow-a11y-provider.test/v1';
const worker = setupWorker(...openAiHandlers(), ...openAiHandlers(SLOW, { wordDelayMs: 200 }));
before(() => worker.start({ quiet: true, onUnhandledRequest: 'bypass' }));
after(() => worker.stop());
afterEach(closeInstances);

async function idle(chat: TesseraChat): Promise<void> {
  await waitUntil(() => !chat.matches(':state(streaming)'), 'the answer ended');
  await chat.updateComplete;
}

function send(chat: TesseraChat, text: string): void {
  const input = q<HTMLTextAreaElement>(chat, '#input');
  if (!input) throw new Error('no composer');
  input.value = text;
  input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
}

async function themed(chat: TesseraChat, theme: string): Promise<TesseraChat> {
  chat.theme = theme;
  await chat.updateComplete;
  return chat;
}

for (const theme of PRESETS) {
  describe(`<tessera-chat> accessibility, ${theme}`, () => {
    it('empty', async () => {
      const chat = await themed(await chatWith(freshTessera()), theme);
      await waitUntil(() => q(chat, '[part="empty"]'), 'empty state');
      await expectAccessible(chat, `chat empty (${theme})`);
    });

    it('with messages', async () => {
      const tessera = freshTessera();
      await seedConversation(tessera, 'Mosaic tables', 3);
      const chat = await themed(await chatWith(tessera), theme);
      await waitUntil(() => q(chat, '[part~="message"]'), 'messages shown');
      await expectAccessible(chat, `chat with messages (${theme})`);
    });

    it('streaming', async () => {
      const chat = await themed(await chatWith(freshTessera(), { baseURL: SLOW }), theme);
      send(chat, 'one two three four five six seven eight nine ten eleven twelve');
      await waitUntil(() => chat.matches(':state(streaming)') && q(chat, '[part="stop-button"]'), 'streaming');
      await expectAccessible(chat, `chat streaming (${theme})`);
      q(chat, '[part="stop-button"]')?.click();
      await idle(chat);
    });

    it('error', async () => {
      const chat = await themed(
        await chatWith(freshTessera(), { model: 'fail-401', baseURL: MSW_PROVIDER_BASE_URL }),
        theme,
      );
      send(chat, 'hello');
      await waitUntil(() => q(chat, '[part="error"]'), 'error shown');
      await idle(chat);
      await expectAccessible(chat, `chat error (${theme})`);
    });

    it('conversation list open', async () => {
      const tessera = freshTessera();
      await seedConversation(tessera, 'Mosaic tables', 1);
      await seedConversation(tessera, 'Grout colours', 1);
      const chat = await themed(
        await chatWith(tessera, { conversations: true, box: 'width: 420px; height: 600px' }),
        theme,
      );
      const toggle = q<HTMLButtonElement>(chat, '[part="conversations-toggle"]');
      await waitUntil(() => toggle?.getAttribute('aria-expanded') === 'false', 'list closed on a narrow chat');
      toggle?.click();
      await waitUntil(() => q(chat, '[part="conversation-button"]'), 'list open with its conversations');
      await expectAccessible(chat, `chat conversation list open (${theme})`);
    });
  });
}
