import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { html, render } from 'lit';
import { languagesSettled, setLanguageLoader } from '../../shared/highlight.js';
import { Localizer } from '../../shared/i18n/localizer.js';
import { waitUntil } from '../../shared/test-support/wait-until.js';
import { answerBody } from './answer-body.js';
import { LiveText } from './live-text.js';
import { loadMarkdown, markdownRenderer } from './markdown-blocks.js';

const en = new Localizer('en');
const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));

/** An answer body in a bubble, inside a shadow root as in the chat. */
function mount(text: string, live?: LiveText): { bubble: HTMLElement; update: (t: string, l?: LiveText) => void } {
  const host = document.createElement('div');
  document.body.append(host);
  const root = host.attachShadow({ mode: 'open' });
  const bubble = document.createElement('div');
  root.append(bubble);
  const update = (t: string, l?: LiveText) => render(html`${answerBody(t, l, en)}`, bubble);
  update(text, live);
  return { bubble, update };
}

/** Replaces navigator.clipboard for one test: `writeText` records, or refuses when `refuse` is set. */
function fakeClipboard(refuse = false): { written: string[]; restore: () => void } {
  const original = Object.getOwnPropertyDescriptor(navigator, 'clipboard');
  const written: string[] = [];
  Object.defineProperty(navigator, 'clipboard', {
    configurable: true,
    value: {
      writeText: async (text: string) => {
        if (refuse) throw new DOMException('Write permission denied.', 'NotAllowedError');
        written.push(text);
      },
    },
  });
  const restore = () => {
    if (original) Object.defineProperty(navigator, 'clipboard', original);
    else delete (navigator as { clipboard?: unknown }).clipboard;
  };
  return { written, restore };
}

before(() => loadMarkdown());
afterEach(() => {
  for (const el of [...document.body.children]) if (el.shadowRoot) el.remove();
});

describe('answer body: streaming', () => {
  it('when the answer ends, renders none of its blocks again, nor replaces their DOM', async () => {
    const nonce = Math.random();
    const paragraphs = Array.from({ length: 12 }, (_, i) => `Row ${i + 1} of ${nonce}: press each tile **down**.`);
    const live = new LiveText();
    const { bubble, update } = mount('', live);
    for (const paragraph of paragraphs) {
      live.append(`${paragraph}\n\n`);
      await frame();
    }
    live.append('The end, nearly');
    await frame();
    await frame();
    const shown = [...bubble.querySelectorAll('p')];
    expect(shown).to.have.length(13);

    const rendered: string[] = [];
    const render = markdownRenderer.render;
    markdownRenderer.render = (markdown, labels) => {
      rendered.push(markdown);
      return render?.(markdown, labels) ?? '';
    };
    try {
      // The answer ends with what the last frame showed, then once more with a last word that never had a frame.
      update(live.text);
      expect(rendered).to.deep.equal([], 'no block rendered again');
      expect([...bubble.querySelectorAll('p')]).to.deep.equal(shown, 'every block kept its DOM');
      update(`${live.text}.`);
      expect(rendered).to.deep.equal(['The end, nearly.'], 'only the block that changed');
      expect([...bubble.querySelectorAll('p')].slice(0, 12)).to.deep.equal(shown.slice(0, 12));
    } finally {
      markdownRenderer.render = render;
    }
  });
});

describe('answer body: code blocks', () => {
  it('streams an open fence as plain code, and highlights it once the fence closes', async () => {
    let loads = 0;
    const previous = setLanguageLoader('kotlin', () => {
      loads++;
      return previous();
    });
    try {
      const live = new LiveText();
      const { bubble } = mount('', live);
      live.append('Here:\n\n```kotlin\nval tiles = 600');
      await frame();
      await frame();
      expect(bubble.querySelector('pre code')?.textContent).to.equal('val tiles = 600');
      live.append('\nfun grout() = tiles');
      await frame();
      await frame();
      expect(bubble.querySelectorAll('pre span').length).to.equal(0, 'no highlighting while the fence is open');
      expect(loads).to.equal(0, 'nor a language load');
      live.append('\n```');
      await frame();
      await frame();
      await languagesSettled();
      // No more text after the fence: the answer highlights when the language arrives all the same.
      await waitUntil(() => bubble.querySelector('pre .hljs-keyword'), 'the closed fence was highlighted');
      expect(loads).to.equal(1);
      expect(bubble.querySelector('pre code')?.textContent).to.equal('val tiles = 600\nfun grout() = tiles');
    } finally {
      setLanguageLoader('kotlin', previous);
    }
  });

  it('a finished answer whose language was not loaded yet highlights when it arrives', async () => {
    const { bubble } = mount('Config:\n\n```yaml\ntiles: 600\n```\n\nDone.');
    expect(bubble.querySelector('pre code')?.textContent).to.equal('tiles: 600');
    const paragraph = bubble.querySelector('p');
    await languagesSettled();
    await waitUntil(() => bubble.querySelector('pre .hljs-attr'), 'the code was highlighted');
    expect(bubble.querySelector('p')).to.equal(paragraph, 'the blocks around it kept their DOM');
  });

  it('Copy copies the raw code, not its HTML, says Copied, and works from the keyboard', async () => {
    const code = 'const tag = "<b>bold</b>" && a < b;\n// done';
    const { bubble } = mount(`\`\`\`js\n${code}\n\`\`\``);
    await languagesSettled();
    await waitUntil(() => bubble.querySelector('pre .hljs-keyword'), 'highlighted');
    const clipboard = fakeClipboard();
    try {
      const button = bubble.querySelector('button[part="code-copy-button"]') as HTMLButtonElement;
      button.click();
      await waitUntil(() => clipboard.written.length === 1, 'copied');
      expect(clipboard.written).to.deep.equal([code]);
      expect(button.textContent).to.equal('Copied');
      button.focus();
      await sendKeys({ press: 'Enter' });
      await sendKeys({ press: 'Space' });
      await waitUntil(() => clipboard.written.length === 3, 'copied with Enter and Space');
      expect(clipboard.written).to.deep.equal([code, code, code]);
    } finally {
      clipboard.restore();
    }
  });

  it('a refused clipboard selects the code instead, with no error', async () => {
    const { bubble } = mount('```\nnpm install tessera\n```');
    const clipboard = fakeClipboard(true);
    try {
      const button = bubble.querySelector('button[part="code-copy-button"]') as HTMLButtonElement;
      button.click();
      await waitUntil(() => button.textContent === 'Selected', 'the button said what to do');
      expect(getSelection()?.toString()).to.equal('npm install tessera');
      expect(button.getAttribute('aria-label')).to.contain('Ctrl+C');
    } finally {
      clipboard.restore();
    }
  });
});
