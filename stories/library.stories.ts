import type { Meta, StoryObj } from '@storybook/web-components-vite';
import type { Tessera } from '@tessera/core';
import type { TesseraLibrary } from '@tessera/widgets/library';
import '@tessera/widgets/library';
import { html } from 'lit';
import { expect, waitFor } from 'storybook/test';
import { libraryExportFile, seedLibrary } from './fixtures/library-export.js';
import { closeOnUnmount, type StoryTessera, tesseraLoader } from './fixtures/tessera-per-story.js';

// A type, not an interface: Storybook's shared loader and beforeEach take any args (an index signature).
type LibraryArgs = {
  label: string;
};

/** The library at a dashboard's width, themed by the toolbar (or a story's pinned `theme` global). */
const meta = {
  title: 'Widgets/Library',
  component: 'tessera-library',
  args: { label: 'Your library' },
  argTypes: {
    label: { description: 'Heading and accessible name of the library.', control: 'text' },
  },
  loaders: [tesseraLoader],
  beforeEach: closeOnUnmount,
  render: (args, { globals, loaded }) => html`<div style="max-width: 1100px; margin: 0 auto">
    <tessera-library .tessera=${loaded.tessera as Tessera} label=${args.label} theme=${globals.theme}></tessera-library>
  </div>`,
} satisfies Meta<LibraryArgs>;

export default meta;
type Story = StoryObj<LibraryArgs>;

/** The library on the page, once it has read the store. */
async function loadedLibrary(canvasElement: HTMLElement): Promise<TesseraLibrary> {
  const library = canvasElement.querySelector('tessera-library')!;
  await library.loaded;
  return library;
}

const part = (library: TesseraLibrary, name: string) => library.shadowRoot?.querySelector(`[part="${name}"]`);

/** A new user: nothing stored yet; the library says what to do. */
export const Empty: Story = {};

/** Three conversations imported from ChatGPT earlier, with their sources, models, visibility and dates. */
export const Populated: Story = {
  parameters: { tessera: { seed: seedLibrary } satisfies StoryTessera },
};

/** An export just imported: the report lists what was stored and each skipped item with its reason. */
export const ImportReport: Story = {
  name: 'Import report',
  play: async ({ canvasElement }) => {
    const library = await loadedLibrary(canvasElement);
    await library.importFiles([libraryExportFile()]);
    await waitFor(() => expect(part(library, 'import-report')).not.toBeNull());
  },
};

/** A conversation deleted: the signed receipt, verified, ready to download. */
export const AfterDelete: Story = {
  name: 'After delete',
  parameters: { tessera: { seed: seedLibrary } satisfies StoryTessera },
  play: async ({ canvasElement }) => {
    const library = await loadedLibrary(canvasElement);
    await waitFor(() => expect(part(library, 'delete-button')).not.toBeNull());
    (part(library, 'delete-button') as HTMLButtonElement).click();
    await waitFor(() => expect(part(library, 'confirm-delete-button')).not.toBeNull());
    (part(library, 'confirm-delete-button') as HTMLButtonElement).click();
    await waitFor(() => expect(part(library, 'receipt-status')?.textContent).toContain('Receipt verified'));
  },
};

/** The populated library in the high-contrast preset, page included. */
export const HighContrast: Story = {
  ...Populated,
  name: 'High contrast',
  globals: { theme: 'high-contrast' },
};
