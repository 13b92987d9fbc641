import { expect, fixture, html } from '@open-wc/testing';
import { createTessera, type Tessera, uuidv7 } from '@tessera/core';
import { expectAccessible } from '../shared/test-support/axe.js';
import { chatgptExportFile } from '../shared/test-support/chatgpt-export.js';
import { waitUntil } from '../shared/test-support/wait-until.js';
import type { TesseraLibrary } from './library.element.js';
import './index.js';

// The library in Arabic, right to left, against the same library in English: the words come from
// the Arabic table, counts and dates from Intl, and the layout is mirrored (positions measured).
const instances: Tessera[] = [];
afterEach(async () => {
  await Promise.all(instances.splice(0).map((t) => t.close()));
});

async function libraryIn(dir: 'ltr' | 'rtl', lang: string): Promise<TesseraLibrary> {
  const tessera = createTessera({ store: 'indexeddb', databaseName: `i18n-library-${uuidv7()}` });
  instances.push(tessera);
  const box = await fixture<HTMLDivElement>(html`<div dir=${dir} lang=${lang} style="width: 1100px">
    <tessera-library .tessera=${tessera}></tessera-library>
  </div>`);
  const library = box.querySelector('tessera-library') as TesseraLibrary;
  await library.loaded;
  // Shipped translations load on first use; the import's report is worded when it ends, so the
  // language must have arrived before the import starts.
  if (lang !== 'en') {
    await waitUntil(() => words(library, '#library-heading') !== 'Your library', `the ${lang} translation shown`);
  }
  await library.importFiles([chatgptExportFile()]);
  await library.loaded;
  await waitUntil(() => library.shadowRoot?.querySelectorAll('[part="row"]').length === 2, 'two rows');
  await waitUntil(
    () =>
      [...(library.shadowRoot?.querySelectorAll('[part="row-messages"]') ?? [])].every((td) => td.textContent !== '…'),
    'summaries read',
  );
  return library;
}

const el = (library: TesseraLibrary, selector: string) => {
  const found = library.shadowRoot?.querySelector<HTMLElement>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
};
const box = (library: TesseraLibrary, selector: string) => el(library, selector).getBoundingClientRect();
const words = (library: TesseraLibrary, selector: string) =>
  el(library, selector).textContent?.replace(/\s+/g, ' ').trim();

/** Where the text of `element` sits inside it: its distance from the element's left and right edges. */
function textInset(element: HTMLElement): { left: number; right: number } {
  const range = document.createRange();
  range.selectNodeContents(element);
  const text = range.getBoundingClientRect();
  const outer = element.getBoundingClientRect();
  return { left: text.left - outer.left, right: outer.right - text.right };
}

describe('<tessera-library> in Arabic, right to left', () => {
  it('speaks Arabic, with counts and dates from Intl, and a plural form Arabic has (two)', async () => {
    const library = await libraryIn('rtl', 'ar');
    expect(library.i18n.locale).to.equal('ar');
    expect(words(library, '#library-heading')).to.equal('مكتبتك');
    expect(words(library, '#conversations-heading')).to.equal('المحادثات');
    expect(words(library, '#import-report-heading')).to.equal('تم الاستيراد من ChatGPT');
    expect(words(library, '[part="export-button"]')).to.equal('تصدير الكل');
    expect(el(library, '[part="search"]').getAttribute('placeholder')).to.equal('العناوين ونصوص الرسائل');
    expect(words(library, '[role="status"][aria-live="polite"]')).to.match(/^تم استيراد محادثتان من ChatGPT/);
    const created = el(library, '[part="row"] time');
    expect(created.textContent?.trim()).to.equal(
      new Intl.DateTimeFormat('ar', { dateStyle: 'medium' }).format(Date.parse(created.getAttribute('datetime') ?? '')),
    );
    expect(words(library, '[part="storage-count"]')).to.equal(new Intl.NumberFormat('ar').format(2));
    expect(library.shadowRoot?.textContent, 'no English left in the visible text').not.to.match(
      /\b(Conversations|Import|Export|Search|Storage|Activity|Delete|Verify|Messages)\b/,
    );
    await expectAccessible(library, 'library in Arabic');
  });

  it('mirrors the layout: columns, toolbar and text run from the right', async () => {
    const ltr = await libraryIn('ltr', 'en');
    const rtl = await libraryIn('rtl', 'ar');
    const selectColumn = 'thead th.select';
    const titleColumn = 'thead th:nth-child(2)';

    // Columns: the selection checkbox comes first, on the left in English and on the right in Arabic.
    expect(box(ltr, selectColumn).left).to.be.below(box(ltr, titleColumn).left);
    expect(box(rtl, selectColumn).left).to.be.above(box(rtl, titleColumn).left);

    // Toolbar: search first, then the export controls.
    expect(box(ltr, '[part="search"]').left).to.be.below(box(ltr, '[part="export-button"]').left);
    expect(box(rtl, '[part="search"]').left).to.be.above(box(rtl, '[part="export-button"]').left);

    // Text starts at the start edge: headers and the title of each row hug the right in Arabic.
    for (const selector of [titleColumn, '[part="row-title"]']) {
      const english = textInset(el(ltr, selector));
      const arabic = textInset(el(rtl, selector));
      expect(english.left, `${selector} in English`).to.be.below(english.right);
      expect(arabic.right, `${selector} in Arabic`).to.be.below(arabic.left);
    }

    // The title sits at the start of the header bar.
    const heading = (library: TesseraLibrary) => {
      const header = box(library, '[part="header"]');
      const title = box(library, '#library-heading');
      return { left: title.left - header.left, right: header.right - title.right };
    };
    expect(heading(ltr).left).to.be.below(heading(ltr).right);
    expect(heading(rtl).right).to.be.below(heading(rtl).left);

    // The bulleted list of skipped items is indented on the start side.
    const list = el(rtl, '[part="import-skipped"]');
    expect(getComputedStyle(list).paddingRight).not.to.equal('0px');
    expect(getComputedStyle(el(ltr, '[part="import-skipped"]')).paddingLeft).not.to.equal('0px');
  });

  it('speaks German where the page is German', async () => {
    const library = await libraryIn('ltr', 'de');
    expect(words(library, '#library-heading')).to.equal('Deine Bibliothek');
    expect(words(library, '[role="status"][aria-live="polite"]')).to.match(/^2 Unterhaltungen aus ChatGPT importiert/);
    expect(words(library, 'thead th:nth-child(3)')).to.equal('Quelle');
  });
});
