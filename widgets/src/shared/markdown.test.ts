import { expect } from '@open-wc/testing';
import { languagesSettled, setLanguageLoader } from './highlight.js';
import { highlightPending, renderMarkdown } from './markdown.js';

const dom = (html: string): DocumentFragment => {
  const template = document.createElement('template');
  template.innerHTML = html;
  return template.content;
};

/** Every way a payload could run: scripts, handlers, `javascript:` in any attribute, injected elements. */
function expectInert(html: string): void {
  const root = dom(html);
  expect(root.querySelectorAll('script, img, iframe, object, embed, svg, style, form, input').length).to.equal(0);
  for (const el of root.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      expect(attr.name, `${el.tagName} ${attr.name}`).not.to.match(/^on/i);
      expect(attr.value, `${el.tagName} ${attr.name}`).not.to.match(/javascript:|data:|vbscript:/i);
    }
  }
}

/** Counts the loads of a language chunk, so a test can tell one was not even requested. */
function countLoads(module: string): { count: number; restore: () => void } {
  const counter = { count: 0, restore: () => {} };
  const previous = setLanguageLoader(module, () => {
    counter.count++;
    return previous();
  });
  counter.restore = () => setLanguageLoader(module, previous);
  return counter;
}

describe('safe Markdown: code blocks', () => {
  it('highlights a closed fence once its language has loaded: spans with classes, and nothing else', async () => {
    const md = '```python\ndef tile(n):\n    return "grout"  # last\n```';
    expect(dom(renderMarkdown(md)).querySelectorAll('pre span').length).to.equal(0, 'plain until the chunk is in');
    expect(highlightPending()).to.equal(true);
    await languagesSettled();
    const code = dom(renderMarkdown(md)).querySelector('pre > code') as HTMLElement;
    expect(highlightPending()).to.equal(false);
    expect(code.className).to.equal('language-python');
    expect(code.querySelector('.hljs-keyword')?.textContent).to.equal('def');
    expect(code.querySelector('.hljs-string')?.textContent).to.equal('"grout"');
    expect(code.querySelector('.hljs-comment')?.textContent).to.equal('# last');
    expect(code.textContent).to.equal('def tile(n):\n    return "grout"  # last');
    for (const el of code.querySelectorAll('*')) {
      expect(el.tagName).to.equal('SPAN');
      expect([...el.attributes].map((a) => a.name)).to.deep.equal(['class']);
      expect(el.className).to.match(/^(hljs-[a-z-]+|[a-z]+_+)( (hljs-[a-z-]+|[a-z]+_+))*$/);
    }
  });

  it('does not highlight a fence still open mid-stream, nor load its language for it', async () => {
    const rust = countLoads('rust');
    try {
      const open = '```rust\nfn main() {\n    let tiles = 600;';
      expect(dom(renderMarkdown(open)).querySelectorAll('pre span').length).to.equal(0);
      expect(highlightPending()).to.equal(false);
      // A longer opening fence is not closed by a shorter one inside it.
      renderMarkdown('````rust\nfn a() {}\n```');
      expect(highlightPending()).to.equal(false);
      expect(rust.count).to.equal(0, 'an open fence asks for no language');

      const closed = `${open}\n}\n\`\`\``;
      renderMarkdown(closed);
      expect(highlightPending()).to.equal(true);
      await languagesSettled();
      expect(rust.count).to.equal(1);
      expect(dom(renderMarkdown(closed)).querySelector('.hljs-keyword')?.textContent).to.equal('fn');
      expect(dom(renderMarkdown(open)).querySelectorAll('pre span').length).to.equal(0, 'still open: still plain');
    } finally {
      rust.restore();
    }
  });

  it('renders unknown languages, and fences without one, as plain code, loading nothing', () => {
    for (const md of ['```klingon\nqaStaH nuq?\n```', '```\nplain <b>text</b>\n```', '    indented code']) {
      const root = dom(renderMarkdown(md));
      expect(highlightPending(), md).to.equal(false);
      expect(root.querySelectorAll('pre span').length, md).to.equal(0);
      expect(root.querySelectorAll('pre b').length, md).to.equal(0);
    }
    const root = dom(renderMarkdown('```klingon\nqaStaH nuq?\n```'));
    expect(root.querySelector('[part="code-language"]')?.textContent).to.equal('klingon');
    expect(root.querySelector('code')?.textContent).to.equal('qaStaH nuq?');
  });

  it('leaves plain code, and no error, when a language chunk fails to load', async () => {
    const previous = setLanguageLoader('go', () => Promise.reject(new TypeError('Failed to fetch module')));
    try {
      const md = '```go\nfunc main() {}\n```';
      renderMarkdown(md);
      expect(highlightPending()).to.equal(true);
      await languagesSettled();
      const html = renderMarkdown(md);
      expect(highlightPending()).to.equal(false, 'a failed language is final: plain code');
      expect(dom(html).querySelectorAll('pre span').length).to.equal(0);
      expect(dom(html).textContent?.trim()).to.equal('goCopyfunc main() {}');
    } finally {
      setLanguageLoader('go', previous);
    }
  });

  it('gives a code block a header with its language and a Copy button, outside the sanitized content', () => {
    const root = dom(renderMarkdown('```js\nlet a = 1;\n```'));
    const block = root.querySelector('[part="code-block"]') as HTMLElement;
    expect(block.querySelector('[part="code-language"]')?.textContent).to.equal('js');
    const button = block.querySelector('button[part="code-copy-button"]') as HTMLButtonElement;
    expect(button.type).to.equal('button');
    expect(button.textContent).to.equal('Copy');
    expect(button.getAttribute('aria-label')).to.equal('Copy code');
    expect(block.querySelector('pre > code')?.textContent).to.equal('let a = 1;');
  });

  it('writes the chrome of code blocks and tables in the words it is given, as text', () => {
    const labels = { copy: 'Kopieren', copyLabel: 'Code "kopieren" <b>jetzt</b>', table: 'Tabelle & mehr' };
    const html = renderMarkdown('```js\nlet a = 1;\n```\n\n| a | b |\n| --- | --- |\n| 1 | 2 |', labels);
    expectInert(html);
    const root = dom(html);
    const button = root.querySelector('button[part="code-copy-button"]') as HTMLButtonElement;
    expect(button.textContent).to.equal('Kopieren');
    expect(button.getAttribute('aria-label')).to.equal('Code "kopieren" <b>jetzt</b>');
    expect(root.querySelectorAll('b').length).to.equal(0, 'a label is never markup');
    expect(root.querySelector('[part="table-scroll"]')?.getAttribute('aria-label')).to.equal('Tabelle & mehr');
    // Without words: English.
    expect(dom(renderMarkdown('```\nx\n```')).querySelector('button')?.textContent).to.equal('Copy');
  });
});

describe('safe Markdown: XSS stays inert', () => {
  it('a language name cannot break out of its attribute or label', async () => {
    for (const md of [
      '```"><img src=x onerror=alert(1)>\ncode\n```',
      "```js' onmouseover='alert(1)\ncode\n```",
      '```javascript:alert(1)\ncode\n```',
      '```<script>alert(1)</script>\ncode\n```',
    ]) {
      const html = renderMarkdown(md);
      expectInert(html);
      const root = dom(html);
      expect(root.querySelector('code')?.hasAttribute('class'), md).to.equal(false);
      expect(root.querySelector('[part="code-language"]'), md).to.equal(null);
      expect(root.querySelector('code')?.textContent, md).to.equal('code');
    }
  });

  it('HTML and links inside a fence stay text, highlighted or not', async () => {
    const payload = '</code></pre><img src=x onerror=alert(1)><script>alert(1)</script>[x](javascript:alert(1))';
    for (const lang of ['xml', 'javascript', 'klingon', '']) {
      const md = `\`\`\`${lang}\n${payload}\n\`\`\``;
      renderMarkdown(md);
      await languagesSettled();
      const html = renderMarkdown(md);
      expectInert(html);
      expect(dom(html).querySelectorAll('a').length, lang).to.equal(0);
      expect(dom(html).querySelector('code')?.textContent, lang).to.equal(payload);
    }
    expect(dom(renderMarkdown(`\`\`\`xml\n${payload}\n\`\`\``)).querySelector('.hljs-tag')).to.exist;
  });

  it('raw HTML with highlight classes is shown as text: the span allowance is for highlight.js only', () => {
    const root = dom(renderMarkdown('<span class="hljs-keyword code-copy" onclick="alert(1)">x</span>'));
    expect(root.querySelectorAll('span').length).to.equal(0);
    expect(root.textContent).to.contain('<span class="hljs-keyword');
  });
});

describe('safe Markdown: links and tables', () => {
  it('links open in a new tab without opener or referrer', () => {
    const a = dom(renderMarkdown('[site](https://tessera.test/a) and <https://tessera.test/b>')).querySelectorAll('a');
    expect(a.length).to.equal(2);
    for (const link of a) {
      expect(link.getAttribute('target')).to.equal('_blank');
      expect(link.getAttribute('rel')?.split(' ')).to.include.members(['noopener', 'noreferrer']);
    }
    expect(dom(renderMarkdown('[m](mailto:hi@tessera.test)')).querySelector('a')?.getAttribute('href')).to.equal(
      'mailto:hi@tessera.test',
    );
  });

  it('refuses unsafe schemes, however they are spelled', () => {
    for (const md of [
      '[a](javascript:alert(1))',
      '[b](JaVaScRiPt:alert(1))',
      '[c](java&#x09;script:alert(1))',
      '[d](&#106;avascript:alert(1))',
      '[e](data:text/html,<script>alert(1)</script>)',
      '[f](vbscript:msgbox(1))',
      '<javascript:alert(1)>',
      '[g]\n\n[g]: javascript:alert(1)',
      '![h](javascript:alert(1))',
    ]) {
      const html = renderMarkdown(md);
      expectInert(html);
      for (const link of dom(html).querySelectorAll('a')) expect(link.hasAttribute('href'), md).to.equal(false);
    }
  });

  it('puts a table in a keyboard-scrollable container', () => {
    const root = dom(renderMarkdown('| tile | mm |\n| --- | --- |\n| glass | 20 |'));
    const scroll = root.querySelector('[part="table-scroll"]') as HTMLElement;
    expect(scroll.firstElementChild?.tagName).to.equal('TABLE');
    expect(scroll.getAttribute('tabindex')).to.equal('0');
  });
});
