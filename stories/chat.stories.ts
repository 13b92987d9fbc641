import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { Tessera } from '@tessera/core';
import type { TesseraChat } from '@tessera/widgets';
import '@tessera/widgets/chat';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import { seedLongConversation } from './fixtures/long-conversation.js';
import { replayFetch } from './fixtures/replay-fetch.js';
import { closeOnUnmount, type StoryTessera, tesseraLoader } from './fixtures/tessera-per-story.js';

// A type, not an interface: Storybook's shared loader and beforeEach take any args (an index signature).
type ChatArgs = {
  provider: string;
  model: string;
  baseUrl: string;
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
  args: { provider: 'openai-compatible', model: 'llama3.2', baseUrl: 'http://localhost:11434/v1' },
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
  },
  loaders: [tesseraLoader],
  beforeEach: closeOnUnmount,
  render: (args, { globals, loaded }) => html`<div style="height: 560px; max-width: 720px; margin: 0 auto">
    <tessera-chat
      .tessera=${loaded.tessera as Tessera}
      provider=${args.provider}
      model=${args.model}
      base-url=${args.baseUrl}
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

/** No provider chosen yet: the chat says what to do and the composer is disabled. */
export const Empty: Story = { args: { provider: '', model: '', baseUrl: '' } };

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
