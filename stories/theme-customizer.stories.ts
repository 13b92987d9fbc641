import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { Tessera } from '@tessera/core';
import type { ThemeInput } from '@tessera/themes';
import type { TesseraThemeCustomizer } from '@tessera/widgets/theme-customizer';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import '@tessera/widgets/theme-customizer';
import { seedLibrary } from './fixtures/library-export.js';
import { seedConversations } from './fixtures/long-conversation.js';
import { closeOnUnmount, type StoryTessera, tesseraLoader } from './fixtures/tessera-per-story.js';

// A type, not an interface: Storybook's shared loader and beforeEach take any args (an index signature).
type CustomizerArgs = {
  label: string;
  value: ThemeInput | undefined;
  /** Give the previews the story's seeded Tessera instead of the customizer's own empty one. */
  seeded: boolean;
};

/**
 * The theme customizer at a design tool's width. Its own chrome follows the toolbar's theme; the previews
 * follow the theme being edited. Every preview runs on a memory store and never reaches a network.
 */
const meta = {
  title: 'Themes/Theme customizer',
  component: 'tessera-theme-customizer',
  args: { label: 'Theme', value: undefined, seeded: false },
  argTypes: {
    label: { description: 'Heading and accessible name of the customizer.', control: 'text' },
    value: { description: 'The theme to start from (`{ preset, variables }`).', control: 'object' },
    seeded: { description: 'Previews show seeded conversations (a story instance over a memory store).' },
  },
  loaders: [tesseraLoader],
  beforeEach: closeOnUnmount,
  render: (args, { globals, loaded }) => html`<div style="max-width: 1400px; margin: 0 auto">
    <tessera-theme-customizer
      label=${args.label}
      theme=${globals.theme}
      .value=${args.value}
      .previewTessera=${args.seeded ? (loaded.tessera as Tessera) : undefined}
    ></tessera-theme-customizer>
  </div>`,
} satisfies Meta<CustomizerArgs>;

export default meta;
type Story = StoryObj<CustomizerArgs>;

async function readyCustomizer(canvasElement: HTMLElement): Promise<TesseraThemeCustomizer> {
  const customizer = canvasElement.querySelector('tessera-theme-customizer')!;
  await customizer.loaded;
  return customizer;
}

/** The light preset as it ships, previews empty. */
export const Default: Story = {};

/** A partner's brand theme loaded for editing, with conversations in the chat and library previews. */
export const BrandTheme: Story = {
  name: 'Brand theme, seeded previews',
  args: {
    seeded: true,
    value: {
      preset: 'light',
      variables: {
        '--tessera-color-accent': '#0f766e',
        '--tessera-color-focus-ring': '#0f766e',
        '--tessera-radius-scale': '0.5',
        '--tessera-font-body': '"Iowan Old Style", Georgia, serif',
      },
    },
  },
  parameters: {
    tessera: {
      seed: async (tessera) => {
        await seedConversations(tessera, 'llama3.2');
        await seedLibrary(tessera);
      },
    } satisfies StoryTessera,
  },
};

/** A theme whose text is too light for its surface: the contrast panel names the failing pairs. */
export const FailingContrast: Story = {
  name: 'Failing contrast',
  args: { value: { preset: 'light', variables: { '--tessera-color-text-muted': '#b0b7c3' } } },
  play: async ({ canvasElement }) => {
    const customizer = await readyCustomizer(canvasElement);
    await waitFor(() =>
      expect(customizer.shadowRoot?.querySelectorAll('[part~="contrast-fail"]').length).toBeGreaterThan(0),
    );
  },
};

/** Editing the dark preset, so its contrast and previews can be judged on their own. */
export const DarkPreset: Story = {
  name: 'Dark preset',
  args: { value: { preset: 'dark' } },
  globals: { theme: 'dark' },
};

/** A theme that cannot be edited (an unknown preset): the error says why and offers a way on. */
export const UnreadableTheme: Story = {
  name: 'Unreadable theme',
  args: { value: { preset: 'neon' } as unknown as ThemeInput },
  play: async ({ canvasElement }) => {
    const customizer = canvasElement.querySelector('tessera-theme-customizer')!;
    await waitFor(() => expect(customizer.shadowRoot?.querySelector('[part="error"]')).not.toBeNull());
  },
};
