import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { presetNameSchema } from '@tessera/themes/schema';
import { html, type TemplateResult } from 'lit';
import { expect, within } from 'storybook/test';
import {
  type EmbedOptions,
  EXAMPLE_OPTIONS,
  embedSnippet,
  FRAMEWORKS,
  type Framework,
  type SnippetFile,
} from '../examples/embed-snippets.js';

// A type, not an interface: Storybook's args take any keys (an index signature).
type SnippetArgs = EmbedOptions & { framework: Framework };

const FRAMEWORK_NAMES: Record<Framework, string> = {
  'script-tag': 'Script tag',
  react: 'React',
  vue: 'Vue 3',
  angular: 'Angular',
};

const NOTES: Partial<Record<Framework, string>> = {
  'script-tag':
    'The setup file must be a file of your own: a strict Content-Security-Policy allows no inline script (docs/csp.md).',
  react: 'The React components register the tessera- tags; the prefix applies to the script tag, Vue and Angular.',
  vue: 'Add the isCustomElement line to the vue() plugin you already have in vite.config.ts.',
  angular: 'Under a strict CSP, set "inlineCritical": false in angular.json (docs/csp.md).',
};

const styles = html`<style>
  .snippet { font-family: system-ui, sans-serif; max-width: 880px; margin: 0 auto; }
  .file { margin-block: 16px; border: 1px solid #c9ced6; border-radius: 8px; overflow: hidden; }
  .file header { display: flex; justify-content: space-between; align-items: center; gap: 8px;
    padding: 6px 10px; background: #eef0f3; color: #1d2330; font-size: 14px; }
  .file pre { margin: 0; padding: 12px; overflow-x: auto; background: #151a22; color: #e6e9ee;
    font-size: 13px; line-height: 1.45; }
  .file button { font: inherit; padding: 3px 10px; border-radius: 6px; border: 1px solid #8a93a3;
    background: #fff; color: #1d2330; cursor: pointer; }
  .file button:focus-visible { outline: 2px solid #3557d6; outline-offset: 2px; }
  .note { color: #4a5261; font-size: 14px; }
  .status { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
</style>`;

/** Copies the file's code, and says so (or says why not) in the button and to screen readers. */
async function copy(event: Event, file: SnippetFile): Promise<void> {
  const button = event.currentTarget as HTMLButtonElement;
  const status = button.closest('.file')?.querySelector<HTMLElement>('[role="status"]');
  let message: string;
  try {
    await navigator.clipboard.writeText(file.code);
    message = `Copied ${file.path}`;
  } catch {
    message = 'The browser refused the clipboard: select the code and copy it.';
  }
  if (status) status.textContent = message;
  button.textContent = 'Copied';
  setTimeout(() => {
    button.textContent = 'Copy';
  }, 1500);
}

function fileView(file: SnippetFile): TemplateResult {
  return html`<section class="file" aria-label=${file.path}>
    <header>
      <code>${file.path}</code>
      <span role="status" class="status"></span>
      <button type="button" @click=${(event: Event) => copy(event, file)}>Copy</button>
    </header>
    <pre><code data-language=${file.language}>${file.code}</code></pre>
  </section>`;
}

/**
 * The code a partner pastes to embed the chat, for the script tag, React, Vue or Angular, written from
 * the controls. It is the very code the framework examples use: their end-to-end tests check that each
 * example's embed file equals this page's output for the examples' options.
 */
const meta = {
  title: 'Embedding/Embed snippet',
  args: {
    ...EXAMPLE_OPTIONS,
    publishableKey: 'pk_live_acme123',
    apiUrl: 'https://tessera.example.com/',
    framework: 'script-tag',
  },
  argTypes: {
    framework: {
      description: 'Where the chat goes.',
      control: 'inline-radio',
      options: [...FRAMEWORKS],
      labels: FRAMEWORK_NAMES,
    },
    publishableKey: {
      name: 'publishable key',
      description: '`pk_live_…` or `pk_test_…`; empty for none.',
      control: 'text',
    },
    apiUrl: {
      name: 'API URL',
      description: "Tessera's API; empty for none (keys stay in page memory).",
      control: 'text',
    },
    preset: { name: 'theme preset', control: 'select', options: presetNameSchema.options },
    accent: {
      name: 'accent colour',
      description: '`--tessera-color-accent`; empty keeps the preset’s.',
      control: 'color',
    },
    prefix: { description: 'Tag prefix: `acme` gives `<acme-chat>`.', control: 'text' },
  },
  render: ({ framework, ...options }) => {
    const files = embedSnippet(framework, options);
    return html`${styles}
      <div class="snippet">
        <h2>${FRAMEWORK_NAMES[framework]}</h2>
        ${NOTES[framework] ? html`<p class="note">${NOTES[framework]}</p>` : ''}
        ${files.map(fileView)}
      </div>`;
  },
} satisfies Meta<SnippetArgs>;

export default meta;
type Story = StoryObj<SnippetArgs>;

/** One script tag, a setup file for the queue, and the element where the chat goes. */
export const ScriptTag: Story = {
  name: 'Script tag',
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await expect(canvas.getByText(/data-publishable-key/).textContent).toContain(args.publishableKey);
    await expect(canvas.getAllByRole('button', { name: 'Copy' })).toHaveLength(2);
  },
};

/** `@tessera/widgets/react`: the chat as a React component, events as typed props. */
export const React: Story = { args: { framework: 'react' } };

/** A Vue 3 single-file component, and the one line Vite's Vue plugin needs. */
export const Vue: Story = { args: { framework: 'vue' } };

/** An Angular standalone component with `CUSTOM_ELEMENTS_SCHEMA`. */
export const Angular: Story = { args: { framework: 'angular' } };
