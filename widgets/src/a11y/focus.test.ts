import { expect, fixture, html } from '@open-wc/testing';
import { createTessera, type Tessera, uuidv7 } from '@tessera/core';
import { sendKeys } from '@web/test-runner-commands';
import type { TesseraLibrary } from '../library/library.element.js';
import { chatgptExportFile } from '../shared/test-support/chatgpt-export.js';
import { waitUntil } from '../shared/test-support/wait-until.js';
import '../library/index.js';

// Keyboard only: Tab reaches every control of a populated library in order, and each one shows a
// focus ring (WCAG 2.4.7) whose colour stands out from the surface around it (3:1, WCAG 1.4.11), in
// every preset. axe cannot check either: it never moves focus.
const PRESETS = ['light', 'dark', 'high-contrast', 'thermal'] as const;

const instances: Tessera[] = [];
afterEach(async () => {
  await Promise.all(instances.splice(0).map((t) => t.close()));
});

/** The element focused, through shadow roots. */
function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** sRGB relative luminance of a computed `rgb(…)` colour. */
function luminance(color: string): number {
  const [r = 0, g = 0, b = 0] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** The first opaque background behind `element`, crossing out of shadow roots. */
function backgroundBehind(element: Element): string {
  let node: Element | null = element.parentElement ?? (element.getRootNode() as ShadowRoot).host ?? null;
  while (node) {
    const bg = getComputedStyle(node).backgroundColor;
    if (bg && !/rgba\(.*,\s*0\)$/.test(bg) && bg !== 'transparent') return bg;
    node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host as Element | undefined) ?? null;
  }
  return 'rgb(255, 255, 255)';
}

for (const theme of PRESETS) {
  it(`<tessera-library> (${theme}): Tab reaches every control, each with a visible focus ring`, async () => {
    const tessera = createTessera({ store: 'indexeddb', databaseName: `focus-library-${uuidv7()}` });
    instances.push(tessera);
    const page = await fixture<HTMLDivElement>(html`<div>
      <button id="before">Before</button>
      <tessera-library .tessera=${tessera} theme=${theme}></tessera-library>
      <button id="after">After</button>
    </div>`);
    const library = page.querySelector('tessera-library') as TesseraLibrary;
    await library.loaded;
    await library.importFiles([chatgptExportFile()]);
    await library.loaded;
    await waitUntil(() => library.shadowRoot?.querySelectorAll('[part="row"]').length === 2, 'rows shown');

    (page.querySelector('#before') as HTMLButtonElement).focus();
    const reached: string[] = [];
    for (let i = 0; i < 80; i++) {
      await sendKeys({ press: 'Tab' });
      const active = deepActive();
      if (!active || active.id === 'after') break;
      const name = active.getAttribute('part') ?? active.localName;
      reached.push(name);
      const style = getComputedStyle(active);
      expect(style.outlineStyle, `${name} shows a focus ring`).not.to.equal('none');
      expect(Number.parseFloat(style.outlineWidth), `${name} ring width`).to.be.at.least(2);
      expect(contrast(style.outlineColor, backgroundBehind(active)), `${name} ring contrast`).to.be.at.least(3);
    }
    expect(deepActive()?.id, 'Tab leaves the library: no trap').to.equal('after');
    for (const part of ['file-button', 'search', 'export-format', 'export-button', 'verify-button', 'delete-button']) {
      expect(reached, `reaches ${part}`).to.include(part);
    }
  });
}
