import { fixture, html } from '@open-wc/testing';
import { createTessera, type Tessera, uuidv7 } from '@tessera/core';
import type { TesseraLibrary } from '../library/library.element.js';
import { expectAccessible } from '../shared/test-support/axe.js';
import { chatgptExportFile } from '../shared/test-support/chatgpt-export.js';
import { waitUntil } from '../shared/test-support/wait-until.js';
import '../library/index.js';

// WCAG 2.1 A/AA as axe checks it (shadow DOM included), for each state a user meets, in every preset.
const PRESETS = ['light', 'dark', 'high-contrast', 'thermal'] as const;

const instances: Tessera[] = [];
afterEach(async () => {
  await Promise.all(instances.splice(0).map((t) => t.close()));
});

async function libraryIn(theme: string): Promise<TesseraLibrary> {
  const tessera = createTessera({ store: 'indexeddb', databaseName: `a11y-library-${uuidv7()}` });
  instances.push(tessera);
  const library = await fixture<TesseraLibrary>(
    html`<tessera-library .tessera=${tessera} theme=${theme}></tessera-library>`,
  );
  await library.loaded;
  await library.updateComplete;
  return library;
}

const q = (library: TesseraLibrary, selector: string) => library.shadowRoot?.querySelector<HTMLElement>(selector);

async function imported(library: TesseraLibrary): Promise<void> {
  await library.importFiles([chatgptExportFile()]);
  await library.loaded;
  await waitUntil(() => q(library, '[part="import-report"]') && q(library, '[part="row"]'), 'report and rows shown');
  // The summaries (source, models) are read after the rows: check the table as the user ends up seeing it.
  await waitUntil(() => !library.shadowRoot?.textContent?.includes('Reading…'), 'row summaries read');
}

for (const theme of PRESETS) {
  describe(`<tessera-library> accessibility, ${theme}`, () => {
    it('empty', async () => {
      const library = await libraryIn(theme);
      await waitUntil(() => q(library, '[part="empty"]'), 'empty state');
      await expectAccessible(library, `library empty (${theme})`);
    });

    it('import report', async () => {
      const library = await libraryIn(theme);
      await imported(library);
      await expectAccessible(library, `library import report (${theme})`);
    });

    it('populated', async () => {
      const library = await libraryIn(theme);
      await imported(library);
      q(library, '[part="import-report"] [part="dismiss-button"]')?.click();
      await library.updateComplete;
      await expectAccessible(library, `library populated (${theme})`);
    });

    it('delete dialog open', async () => {
      const library = await libraryIn(theme);
      await imported(library);
      q(library, '[part="delete-button"]')?.click();
      await waitUntil(() => library.shadowRoot?.querySelector('dialog')?.open, 'dialog open');
      await expectAccessible(library, `library delete dialog (${theme})`);
    });
  });
}
