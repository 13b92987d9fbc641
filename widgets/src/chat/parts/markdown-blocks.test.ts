import { expect } from '@open-wc/testing';
import { languagesSettled } from '../../shared/highlight.js';
import { renderMarkdown } from '../../shared/markdown.js';
import {
  blockFinal,
  blockHtml,
  loadMarkdown,
  markdownReady,
  markdownRenderer,
  onHighlightSettled,
  splitBlocks,
} from './markdown-blocks.js';

const ANSWER = [
  '# Laying the tiles',
  '',
  'Start at the centre and work **outwards**.',
  '',
  '- nippers',
  '- a trowel',
  '',
  '- a sponge, loose list item',
  '  with a second line',
  '',
  '1. mix',
  '2. spread',
  '',
  '```js',
  'const gap = 2;',
  '',
  'const tiles = 600;',
  '```',
  '',
  '> Grout last.',
  '',
  '| tile | mm |',
  '| --- | --- |',
  '| glass | 20 |',
  '',
  '    indented code',
  '',
  'The end.',
].join('\n');

const normalize = (html: string) => html.replace(/\s+/g, ' ').replace(/> </g, '><').trim();

describe('Markdown block by block', () => {
  // First, while nothing has loaded the renderer yet.
  it('until the renderer has loaded, shows a block as escaped plain text, and does not keep it', async () => {
    expect(markdownReady()).to.equal(false);
    expect(blockHtml('**bold** <img src=x onerror=alert(1)>')).to.equal(
      '<p class="plain">**bold** &lt;img src=x onerror=alert(1)&gt;</p>',
    );
    await loadMarkdown();
    expect(markdownReady()).to.equal(true);
    expect(blockHtml('**bold**')).to.contain('<strong>bold</strong>');
  });

  it('splits at blank lines between blocks, never inside a fence or a list', () => {
    expect(splitBlocks(ANSWER).map((b) => b.split('\n')[0])).to.deep.equal([
      '# Laying the tiles',
      'Start at the centre and work **outwards**.',
      '- nippers',
      '```js',
      '> Grout last.',
      '| tile | mm |',
      '    indented code',
      'The end.',
    ]);
    expect(splitBlocks('one')).to.deep.equal(['one']);
    expect(splitBlocks('')).to.deep.equal(['']);
  });

  it('renders the same HTML as the whole answer at once', () => {
    const byBlock = splitBlocks(ANSWER)
      .map((block) => blockHtml(block))
      .join('');
    expect(normalize(byBlock)).to.equal(normalize(renderMarkdown(ANSWER)));
  });

  it('an unclosed fence (an answer still streaming) stays one block', () => {
    expect(splitBlocks('Here:\n\n```\ncode\n\nmore code')).to.deep.equal(['Here:\n', '```\ncode\n\nmore code']);
  });

  it('renders each block once; a block still being written is not kept, and not rendered again when it ends', () => {
    const calls: string[] = [];
    const render = markdownRenderer.render;
    markdownRenderer.render = (markdown, labels) => {
      calls.push(markdown);
      return render?.(markdown, labels) ?? '';
    };
    try {
      const block = `A paragraph seen once ${Math.random()}`;
      expect(blockHtml(block)).to.equal(blockHtml(block));
      expect(calls).to.deep.equal([block]);
      const partial = `Still writ ${Math.random()}`;
      const grown = `${partial}ing`;
      blockHtml(partial, false);
      const last = blockHtml(grown, false);
      expect(blockFinal(grown)).to.equal(false, 'not kept while being written');
      // The answer ended on that text: the block is kept, from the render already done.
      expect(blockHtml(grown)).to.equal(last);
      expect(blockFinal(grown)).to.equal(true);
      // Only the last block written is remembered: an older one renders again.
      blockHtml(partial, false);
      expect(calls.slice(1)).to.deep.equal([partial, grown, partial]);
    } finally {
      markdownRenderer.render = render;
    }
  });

  it('keeps each language’s chrome apart: the same block renders once per language, then comes from the cache', () => {
    const calls: string[] = [];
    const render = markdownRenderer.render;
    markdownRenderer.render = (markdown, labels) => {
      calls.push(`${labels.copy}: ${markdown}`);
      return render?.(markdown, labels) ?? '';
    };
    const de = { copy: 'Kopieren', copyLabel: 'Code kopieren', table: 'Tabelle' };
    try {
      const block = `\`\`\`\ncode ${Math.random()}\n\`\`\``;
      const button = (html: string) => new DOMParser().parseFromString(html, 'text/html').querySelector('button');
      expect(button(blockHtml(block))?.textContent).to.equal('Copy');
      expect(button(blockHtml(block, true, de))?.textContent).to.equal('Kopieren');
      expect(button(blockHtml(block, true, { ...de }))?.getAttribute('aria-label')).to.equal('Code kopieren');
      expect(button(blockHtml(block))?.textContent).to.equal('Copy');
      expect(calls).to.deep.equal([`Copy: ${block}`, `Kopieren: ${block}`], 'once per language, equal words alike');
      expect(blockFinal(block, de)).to.equal(true);
      expect(blockFinal(block, { ...de, table: 'Tabellen' })).to.equal(false, 'other words: not rendered yet');
    } finally {
      markdownRenderer.render = render;
    }
  });

  it('does not keep a code block waiting for its language, and says when to render it again', async () => {
    await languagesSettled(); // the js of the tests above
    const block = '```swift\nlet tiles = 600\n```';
    let settled = 0;
    const stop = onHighlightSettled(() => settled++);
    try {
      expect(blockHtml(block)).not.to.contain('hljs-');
      expect(blockFinal(block)).to.equal(false, 'plain while swift loads: not kept');
      await languagesSettled();
      expect(settled).to.equal(1);
      expect(blockHtml(block)).to.contain('<span class="hljs-keyword">let</span>');
      expect(blockFinal(block)).to.equal(true);
      expect(blockFinal('```klingon\nqaStaH\n```')).to.equal(false);
      blockHtml('```klingon\nqaStaH\n```');
      expect(blockFinal('```klingon\nqaStaH\n```')).to.equal(true, 'an unknown language is final at once');
    } finally {
      stop();
    }
  });
});
