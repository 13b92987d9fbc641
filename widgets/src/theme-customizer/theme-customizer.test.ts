import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { createTessera } from '@tessera/core';
import { presetVariables, resolveValue, themeSchema } from '@tessera/themes';
import { sendKeys } from '@web/test-runner-commands';
import { waitUntil } from '../shared/test-support/wait-until.js';
import type { TesseraThemeChangedEvent } from './events.js';
import type { TesseraThemeCustomizer } from './theme-customizer.element.js';
import './index.js';

// The customizer in Chromium with its real previews (chat, library, key manager on a memory store),
// read through the computed styles the browser gives each preview.

const ROLE_VARIABLES = [
  '--tessera-color-accent',
  '--tessera-color-on-accent',
  '--tessera-color-surface',
  '--tessera-color-surface-raised',
  '--tessera-color-text',
  '--tessera-color-border',
  '--tessera-color-focus-ring',
  '--tessera-radius-scale',
  '--tessera-space-scale',
  '--tessera-font-body',
];

const q = <T extends Element = HTMLElement>(customizer: TesseraThemeCustomizer, selector: string): T => {
  const found = customizer.shadowRoot?.querySelector<T>(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
};
const preview = (customizer: TesseraThemeCustomizer, noun: string): HTMLElement =>
  q(customizer, `[part="preview-item"][data-widget="${noun}"] > :last-child`);
const computed = (element: Element, name: string): string => getComputedStyle(element).getPropertyValue(name).trim();

async function settled(customizer: TesseraThemeCustomizer): Promise<void> {
  await customizer.updateComplete;
  for (const noun of ['chat', 'library', 'key-manager']) {
    await (preview(customizer, noun) as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
  }
}

async function customizerFor(value?: unknown): Promise<TesseraThemeCustomizer> {
  const customizer = await fixture<TesseraThemeCustomizer>(
    html`<tessera-theme-customizer .value=${value}></tessera-theme-customizer>`,
  );
  await customizer.loaded;
  await settled(customizer);
  return customizer;
}

async function type(customizer: TesseraThemeCustomizer, name: string, value: string): Promise<void> {
  const input = q<HTMLInputElement>(customizer, `#${name.slice(2)}`);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  await settled(customizer);
}

describe('tessera-theme-customizer', () => {
  it('re-themes every preview when the accent is edited, says so in an event, and fetches nothing', async () => {
    // Nothing the previews do may reach a network: count every fetch the page makes meanwhile.
    const pageFetch = globalThis.fetch;
    const fetched: string[] = [];
    globalThis.fetch = (input, init) => {
      fetched.push(String(input instanceof Request ? input.url : input));
      return pageFetch(input, init);
    };
    try {
      const customizer = await customizerFor();
      const before = computed(preview(customizer, 'chat'), '--tessera-color-accent');
      expect(before).to.equal(resolveValue(presetVariables('light'), 'var(--tessera-color-accent)'));

      const changed = oneEvent(customizer, 'tessera-theme-changed') as Promise<TesseraThemeChangedEvent>;
      await type(customizer, '--tessera-color-accent', '#ff0066');
      const event = await changed;

      for (const noun of ['chat', 'library', 'key-manager']) {
        expect(computed(preview(customizer, noun), '--tessera-color-accent'), noun).to.equal('#ff0066');
      }
      expect(event.detail.theme).to.deep.equal({
        preset: 'light',
        variables: { '--tessera-color-accent': '#ff0066' },
      });
      expect(event.composed && event.bubbles).to.equal(true);
      expect(fetched).to.deep.equal([]);
    } finally {
      globalThis.fetch = pageFetch;
    }
  });

  it('checks a key typed into the key manager preview without reaching a network', async () => {
    const pageFetch = globalThis.fetch;
    const fetched: string[] = [];
    globalThis.fetch = (input, init) => {
      fetched.push(String(input instanceof Request ? input.url : input));
      return pageFetch(input, init);
    };
    try {
      const customizer = await customizerFor();
      const manager = preview(customizer, 'key-manager');
      const openai = () =>
        [...(manager.shadowRoot?.querySelectorAll<HTMLElement>('[part~="provider"]') ?? [])].find(
          (li) => li.querySelector('[part="provider-name"]')?.textContent === 'OpenAI',
        );
      await waitUntil(() => openai(), 'providers listed');
      openai()?.querySelector<HTMLButtonElement>('[part="edit-button"]')?.click();
      await waitUntil(() => openai()?.querySelector('[part="key-input"]'), 'key form open');
      const input = openai()?.querySelector<HTMLInputElement>('[part="key-input"]');
      if (!input) throw new Error('no key input');
      input.value = 'sk-proj-preview-key-0001';
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      openai()?.querySelector<HTMLButtonElement>('[part="save-button"]')?.click();
      await waitUntil(() => openai()?.querySelector('[part="field-message"][role="alert"]'), 'the check answered');
      expect(fetched).to.deep.equal([]);
    } finally {
      globalThis.fetch = pageFetch;
    }
  });

  it('refuses an invalid value with the reason and keeps the last valid one', async () => {
    const customizer = await customizerFor();
    await type(customizer, '--tessera-color-accent', '#ff0066');

    await type(customizer, '--tessera-color-accent', 'url(https://evil.example/x.png)');
    const input = q<HTMLInputElement>(customizer, '#tessera-color-accent');
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    const error = q(customizer, `#${input.getAttribute('aria-describedby')}`);
    expect(error.textContent).to.contain('may not load resources');
    expect(computed(preview(customizer, 'chat'), '--tessera-color-accent')).to.equal('#ff0066');

    await type(customizer, '--tessera-color-accent', 'blurple');
    expect(q(customizer, '[part="field-error"]').textContent).to.contain('is not a CSS colour');
    expect(customizer.currentTheme.variables['--tessera-color-accent']).to.equal('#ff0066');
    expect(customizer.json).not.to.contain('blurple');

    await type(customizer, '--tessera-color-accent', '#00ff66');
    expect(input.getAttribute('aria-invalid')).to.equal('false');
    expect(customizer.shadowRoot?.querySelector('[part="field-error"]')).to.equal(null);
    expect(computed(preview(customizer, 'chat'), '--tessera-color-accent')).to.equal('#00ff66');
  });

  it('shows a failing contrast pair with its ratio', async () => {
    const customizer = await customizerFor();
    const row = () => q(customizer, '[data-fg="--tessera-color-text"][data-bg="--tessera-color-surface"]');
    expect(row().querySelector('[part="contrast-verdict"]')?.textContent?.trim()).to.equal('Pass');
    expect(customizer.shadowRoot?.querySelectorAll('[part~="contrast-fail"]').length).to.equal(0);

    await type(customizer, '--tessera-color-text', '#dddddd');
    expect(row().getAttribute('part')).to.contain('contrast-fail');
    expect(row().querySelector('[part="contrast-verdict"]')?.textContent?.trim()).to.equal('Fail');
    // #dddddd on white is 1.358:1, shown floored so a shown ratio never overstates a pass.
    expect(row().querySelector('[part="contrast-ratio"]')?.textContent?.trim()).to.equal('1.35:1');
    expect(q(customizer, '[part="contrast-summary"]').textContent).to.match(/pairs? fails? WCAG 2.1 AA/);
  });

  it('outputs JSON the theme schema accepts, with only the changes, that reproduces the look', async () => {
    const customizer = await customizerFor();
    q<HTMLSelectElement>(customizer, '[part="preset"]').value = 'dark';
    q(customizer, '[part="preset"]').dispatchEvent(new Event('change'));
    await type(customizer, '--tessera-color-accent', '#ffb347');
    await type(customizer, '--tessera-radius-scale', '2');
    await type(customizer, '--tessera-font-body', '"Atkinson Hyperlegible", sans-serif');

    const json = q<HTMLTextAreaElement>(customizer, '[part="json-output"]').value;
    const theme = themeSchema.parse(JSON.parse(json));
    expect(theme).to.deep.equal({
      preset: 'dark',
      variables: {
        '--tessera-color-accent': '#ffb347',
        '--tessera-radius-scale': '2',
        '--tessera-font-body': '"Atkinson Hyperlegible", sans-serif',
      },
    });

    const tessera = createTessera({ store: 'memory' });
    const applied = await fixture<HTMLElement & { updateComplete: Promise<unknown> }>(
      html`<tessera-chat .tessera=${tessera} .appearance=${theme}></tessera-chat>`,
    );
    await applied.updateComplete;
    const shown = preview(customizer, 'chat');
    for (const name of ROLE_VARIABLES) expect(computed(applied, name), name).to.equal(computed(shown, name));
    expect(computed(applied, '--tessera-color-surface')).to.equal(
      resolveValue(presetVariables('dark'), 'var(--tessera-color-surface)'),
    );

    // Loaded back into a customizer, the theme is the same theme.
    const reloaded = await customizerFor(theme);
    expect(reloaded.json).to.equal(json);
    await tessera.close();
  });

  it('outputs CSS that themes the widgets from a page stylesheet', async () => {
    const customizer = await customizerFor();
    await type(customizer, '--tessera-color-accent', '#ff0066');
    await type(customizer, '--tessera-space-scale', '1.5');
    const css = q<HTMLTextAreaElement>(customizer, '[part="css-output"]').value;
    expect(css).to.contain('tessera-chat,');
    expect(css).to.contain('tessera-key-manager');
    expect(css).to.contain('--tessera-color-accent: #ff0066;');
    expect(css).to.contain('--tessera-space-scale: 1.5;');
    expect(css).to.contain('--tessera-color-surface:');

    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    try {
      const tessera = createTessera({ store: 'memory' });
      const chat = await fixture<HTMLElement & { updateComplete: Promise<unknown> }>(
        html`<tessera-chat .tessera=${tessera}></tessera-chat>`,
      );
      await chat.updateComplete;
      expect(computed(chat, '--tessera-color-accent')).to.equal('#ff0066');
      expect(computed(chat, '--tessera-space-scale')).to.equal('1.5');
      await tessera.close();
    } finally {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    }
  });

  it('works from the keyboard: labelled fields in order, sliders by arrow keys, copy announced', async () => {
    const customizer = await customizerFor();
    const active = () => customizer.shadowRoot?.activeElement;

    q(customizer, '[part="preset"]').focus();
    await sendKeys({ press: 'Tab' });
    expect(active()?.getAttribute('aria-label')).to.equal('Accent: pick a colour');
    await sendKeys({ press: 'Tab' });
    expect(active()?.id).to.equal('tessera-color-accent');
    expect(q(customizer, 'label[for="tessera-color-accent"]').textContent).to.equal('Accent');
    await sendKeys({ type: '#123456' });
    await settled(customizer);
    expect(computed(preview(customizer, 'library'), '--tessera-color-accent')).to.equal('#123456');

    const radius = q<HTMLInputElement>(customizer, '#tessera-radius-scale');
    radius.focus();
    await sendKeys({ press: 'ArrowRight' });
    await settled(customizer);
    expect(radius.value).to.equal('1.1');
    expect(computed(preview(customizer, 'chat'), '--tessera-radius-scale')).to.equal('1.1');
    expect(q(customizer, '[part="scale-value"][for="tessera-radius-scale"]').textContent).to.equal('1.10×');

    const status = q(customizer, '[role="status"]');
    expect(status.textContent?.trim()).to.equal('');
    q(customizer, '[part="copy-json-button"]').focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => status.textContent?.trim() !== '', 'copy announced');
    // Whether the browser lets the page write the clipboard is its call; either way the user hears what happened.
    expect(status.textContent?.trim()).to.match(
      /^(Theme JSON copied to the clipboard\.|The browser did not allow copying)/,
    );
  });

  it('shows why a given theme cannot be edited, and starts over from a preset', async () => {
    const errors: string[] = [];
    const customizer = await fixture<TesseraThemeCustomizer>(
      html`<tessera-theme-customizer
        .value=${{ preset: 'neon' }}
        @tessera-error-occurred=${(e: CustomEvent<{ message: string }>) => errors.push(e.detail.message)}
      ></tessera-theme-customizer>`,
    );
    await customizer.updateComplete;
    const error = q(customizer, '[part="error"]');
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent).to.contain('This theme cannot be edited');
    expect(error.textContent).to.contain('preset');
    expect(errors).to.have.length(1);
    expect(customizer.shadowRoot?.querySelector('[part="controls"]')).to.equal(null);

    q(customizer, '[part="start-over-button"]').click();
    await customizer.loaded;
    await settled(customizer);
    expect(customizer.shadowRoot?.querySelector('[part="error"]')).to.equal(null);
    expect(customizer.currentTheme).to.deep.equal({ preset: 'light', variables: {} });
  });
});
