import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { Tessera } from '@tessera/core';
import type { TesseraChat } from '@tessera/widgets';
import '@tessera/widgets/chat';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import {
  seedBranchedConversation,
  seedConversations,
  seedLongConversation,
  seedVeryLongConversation,
} from './fixtures/long-conversation.js';
import { replayFetch } from './fixtures/replay-fetch.js';
import { closeOnUnmount, type StoryTessera, tesseraLoader } from './fixtures/tessera-per-story.js';

// A type, not an interface: Storybook's shared loader and beforeEach take any args (an index signature).
type ChatArgs = {
  provider: string;
  model: string;
  baseUrl: string;
  conversations: boolean;
};

const STREAMED_ANSWER = [
  'A tessera is one of the small tiles a mosaic is made of: stone, glass or ceramic, cut roughly square.',
  '\n\nLaid side by side with a thin line of grout, thousands of them make a picture that **no single tile shows**.',
  '\n\n- Roman floors used stone\n- Byzantine walls used glass, some backed with gold leaf',
].join('');

/** The chat inside a box of a realistic embed size, themed by the toolbar (or a story's pinned `theme` global). */
const meta = {
  title: 'Widgets/Chat',
  component: 'tessera-chat',
  args: {
    provider: 'openai-compatible',
    model: 'llama3.2',
    baseUrl: 'http://localhost:11434/v1',
    conversations: false,
  },
  argTypes: {
    provider: {
      description: 'Provider id for the next message. `openai` asks for a key, which the gallery does not hold.',
      control: 'select',
      options: ['', 'openai-compatible', 'openai'],
    },
    model: { description: 'Model for the next message; shown in the header and under each answer.', control: 'text' },
    baseUrl: {
      name: 'base-url',
      description: "Provider's API base URL. Requests are replayed in the page, never sent.",
      control: 'text',
    },
    conversations: {
      description: 'Shows the list of past conversations (search, rename, delete); a panel over the chat below 640px.',
      control: 'boolean',
    },
  },
  loaders: [tesseraLoader],
  beforeEach: closeOnUnmount,
  render: (args, { globals, loaded }) => html`<div
    style="height: 560px; max-width: ${args.conversations ? 980 : 720}px; margin: 0 auto"
  >
    <tessera-chat
      .tessera=${loaded.tessera as Tessera}
      provider=${args.provider}
      model=${args.model}
      base-url=${args.baseUrl}
      ?conversations=${args.conversations}
      theme=${globals.theme}
    ></tessera-chat>
  </div>`,
} satisfies Meta<ChatArgs>;

export default meta;
type Story = StoryObj<ChatArgs>;

/** The chat on the page, once it has read its conversation from the store. */
async function loadedChat(canvasElement: HTMLElement): Promise<TesseraChat> {
  const chat = canvasElement.querySelector('tessera-chat')!;
  // The chat reads its conversation asynchronously and marks the log busy meanwhile; a message sent before that
  // ends could be replaced by the (empty) conversation being loaded.
  await waitFor(() =>
    expect(chat.shadowRoot?.querySelector('[part="messages"]')?.getAttribute('aria-busy')).toBe('false'),
  );
  return chat;
}

/**
 * A new user: no key, no server, no provider. The chat says exactly what to do, with a button that opens the key
 * manager (its code loads only then); the composer waits.
 */
export const Empty: Story = { args: { provider: '', model: '', baseUrl: '' } };

/** The key manager open in its dialog over the chat, as the onboarding button (or the header's Keys) opens it. */
export const KeyManager: Story = {
  args: { provider: '', model: '', baseUrl: '' },
  play: async ({ canvasElement }) => {
    const chat = await loadedChat(canvasElement);
    await chat.openKeyManager();
    await waitFor(() =>
      expect(chat.shadowRoot?.querySelector<HTMLDialogElement>('[part="key-dialog"]')?.open).toBe(true),
    );
  },
};

/** Provider and model set, nothing said yet. Messages typed here get an echo, replayed without a network. */
export const Ready: Story = {};

/** An answer being written, word by word, at a human pace. */
export const Streaming: Story = {
  parameters: { tessera: { fetch: replayFetch({ kind: 'answer', text: STREAMED_ANSWER }) } satisfies StoryTessera },
  play: async ({ canvasElement }) => {
    const chat = await loadedChat(canvasElement);
    // Not awaited: the story counts as rendered at once, and the answer goes on streaming on screen.
    void chat.send('What is a tessera?');
  },
};

/** The provider refused the key (OpenAI's real 401 body): the chat shows what happened and what to do. */
export const ErrorState: Story = {
  name: 'Error',
  parameters: { tessera: { fetch: replayFetch({ kind: 'invalid-key' }) } satisfies StoryTessera },
  play: async ({ canvasElement }) => {
    const chat = await loadedChat(canvasElement);
    await chat.send('Hello?');
    await waitFor(() => expect(chat.shadowRoot?.querySelector('[part="error"]')).not.toBeNull());
    // A refused key offers the way out: the key manager.
    await expect(chat.shadowRoot?.querySelector('[part="open-keys-button"]')).not.toBeNull();
  },
};

/** A returning user's conversation of 40 messages, seeded in the store before the chat reads it. */
export const LongConversation: Story = {
  parameters: { tessera: { seed: (tessera) => seedLongConversation(tessera, 'llama3.2') } satisfies StoryTessera },
};

/** The long conversation in the dark preset, page included. */
export const DarkTheme: Story = {
  ...LongConversation,
  globals: { theme: 'dark' },
};

/**
 * Past conversations beside the chat, newest first: search by title, rename in place (Enter saves, Escape cancels;
 * F2 on a focused row), delete after a confirmation (Delete key), with the signed receipt noted. Below 640px wide the
 * list is a panel the ☰ button opens.
 */
export const ConversationList: Story = {
  args: { conversations: true },
  parameters: { tessera: { seed: (tessera) => seedConversations(tessera, 'llama3.2') } satisfies StoryTessera },
};

/**
 * Versions of messages: the first answer was regenerated and the second question edited and sent again. ‹ 2/2 ›
 * switches between versions; Regenerate and Edit add more. The model only ever sees the branch on screen.
 */
export const Branches: Story = {
  parameters: { tessera: { seed: (tessera) => seedBranchedConversation(tessera, 'llama3.2') } satisfies StoryTessera },
  play: async ({ canvasElement }) => {
    const chat = await loadedChat(canvasElement);
    await waitFor(() => expect(chat.shadowRoot?.querySelectorAll('[part="branch-position"]').length).toBe(2));
  },
};

/**
 * 500 messages, with an answer streaming into the end of them: the newest rows render first, rows off screen skip
 * layout and paint, and only the answer being written re-renders. Scroll up while it streams: the chat stops
 * following and offers "Jump to latest".
 */
export const VeryLongConversation: Story = {
  parameters: {
    tessera: {
      seed: (tessera) => seedVeryLongConversation(tessera, 'llama3.2'),
      fetch: replayFetch({ kind: 'answer', text: Array(40).fill(STREAMED_ANSWER).join('\n\n'), wordDelayMs: 20 }),
    } satisfies StoryTessera,
  },
  play: async ({ canvasElement }) => {
    const chat = await loadedChat(canvasElement);
    void chat.send('Tell me everything about tesserae.');
  },
};
