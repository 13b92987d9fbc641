import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { createTessera, type Tessera, uuidv7 } from '@tessera/core';
import { sendKeys } from '@web/test-runner-commands';
import type {
  TesseraConversationDeletedEvent,
  TesseraExportCompletedEvent,
  TesseraImportCompletedEvent,
} from '../shared/events.js';
import { chatgptExportFile, T0 } from '../shared/test-support/chatgpt-export.js';
import { waitUntil } from '../shared/test-support/wait-until.js';
import type { TesseraLibrary } from './library.element.js';
import './index.js';

const instances: Tessera[] = [];
afterEach(async () => {
  await Promise.all(instances.splice(0).map((t) => t.close()));
});

/** A Tessera instance over a fresh, real IndexedDB database (encrypted at rest, as in production). */
function freshTessera(): Tessera {
  const tessera = createTessera({ store: 'indexeddb', databaseName: `library-test-${uuidv7()}` });
  instances.push(tessera);
  return tessera;
}

async function libraryFor(tessera: Tessera): Promise<TesseraLibrary> {
  const library = await fixture<TesseraLibrary>(html`<tessera-library .tessera=${tessera}></tessera-library>`);
  await library.loaded;
  await library.updateComplete;
  return library;
}

/** A library over a store that already holds the fixture, with every row's summary read. */
async function seededLibrary(): Promise<{ tessera: Tessera; library: TesseraLibrary }> {
  const tessera = freshTessera();
  await tessera.io.import(chatgptExportFile());
  const library = await libraryFor(tessera);
  await waitUntil(
    () => all(library, '[part="row-messages"]').every((cell) => /\d/.test(cell.textContent ?? '')),
    'summaries read',
  );
  return { tessera, library };
}

const q = (el: TesseraLibrary, selector: string) => el.shadowRoot?.querySelector(selector) as HTMLElement | null;
const all = (el: TesseraLibrary, selector: string) =>
  [...(el.shadowRoot?.querySelectorAll(selector) ?? [])] as HTMLElement[];
const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const titles = (el: TesseraLibrary) => all(el, '[part="row-title"]').map((th) => text(th));
const row = (el: TesseraLibrary, title: string) =>
  all(el, '[part="row"]').find((tr) => text(tr.querySelector('[part="row-title"]')) === title);
const focused = (el: TesseraLibrary) => el.shadowRoot?.activeElement as HTMLElement | null;

function chooseFiles(el: TesseraLibrary, files: File[]): void {
  const input = q(el, 'input[type="file"]') as HTMLInputElement;
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

function search(el: TesseraLibrary, value: string): void {
  const input = q(el, '[part="search"]') as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

describe('<tessera-library>', () => {
  it('says what to do when nothing is stored, and how the store protects data', async () => {
    const library = document.createElement('tessera-library');
    library.tessera = freshTessera();
    (await fixture(html`<div></div>`)).append(library);
    await library.updateComplete;
    // The first render comes before IndexedDB answers.
    expect(text(q(library, '[part="loading"]'))).to.equal('Loading your library…');
    expect(library.matches(':state(loading)')).to.equal(true);
    await library.loaded;
    await library.updateComplete;
    expect(library.matches(':state(loading)')).to.equal(false);
    expect(text(q(library, '[part="empty"]'))).to.contain('Nothing here yet — import an export from ChatGPT, Claude');
    expect(library.matches(':state(empty)')).to.equal(true);
    expect(q(library, '[part="table"]')).to.equal(null);
    expect(text(q(library, '[part="storage-kind"]'))).to.equal('This browser (IndexedDB)');
    expect(text(q(library, '[part="storage-encryption"]'))).to.equal('AES-GCM-256, key kept by this device');
    expect(text(q(library, '[part="storage-count"]'))).to.equal('0');
    expect((q(library, '[part="export-button"]') as HTMLButtonElement).disabled).to.equal(true);
  });

  it('lists what a real store holds: source, messages, models, visibility, consent, dates', async () => {
    const { library } = await seededLibrary();
    expect(titles(library).sort()).to.deep.equal(['Keeping bees', 'Mosaic table']);
    const bees = row(library, 'Keeping bees')!;
    expect(text(bees.querySelector('[part="row-source"]'))).to.equal('ChatGPT');
    expect(text(bees.querySelector('[part="row-messages"]'))).to.equal('2');
    expect(text(bees.querySelector('[part="row-models"]'))).to.equal('gpt-4o');
    expect(text(bees.querySelector('[part="row-visibility"]'))).to.equal('Private');
    expect(text(bees.querySelector('[part="row-consent"]'))).to.equal('Private');
    expect(bees.querySelector('time')?.getAttribute('datetime')).to.equal(new Date(T0 * 1000).toISOString());
    expect(text(q(library, '[part="storage-count"]'))).to.equal('2');
    // Table semantics: column headers, and each row named by its title.
    expect(all(library, '[part="table"] thead th[scope="col"]').length).to.equal(11);
    expect(bees.querySelector('th[scope="row"]')).to.exist;
    expect(bees.querySelector('[part="delete-button"]')?.getAttribute('aria-label')).to.equal('Delete “Keeping bees”');
  });

  it('imports a file chosen through the input and reports every skipped item with its reason', async () => {
    const tessera = freshTessera();
    const library = await libraryFor(tessera);
    const completed = oneEvent(library, 'tessera-import-completed') as Promise<TesseraImportCompletedEvent>;
    chooseFiles(library, [chatgptExportFile()]);
    const report = (await completed).detail;
    expect(report.format).to.equal('chatgpt');
    expect(report.conversations).to.equal(2);
    await waitUntil(() => q(library, '[part="import-report"]'), 'report shown');
    expect(text(q(library, '[part="import-conversations"]'))).to.equal('2');
    expect(text(q(library, '[part="import-messages"]'))).to.equal('4');
    const skipped = all(library, '[part="import-skipped"] li').map((li) => text(li));
    expect(skipped.length).to.equal(2);
    expect(skipped.some((s) => s.includes('author role "critic" is not one Tessera knows'))).to.equal(true);
    expect(skipped.some((s) => s.includes('Broken one') && s.includes('no message tree'))).to.equal(true);
    const status = q(library, '[role="status"][aria-live="polite"]');
    expect(text(status)).to.equal('Imported 2 conversations from ChatGPT, 2 skipped.');
    await waitUntil(() => titles(library).length === 2, 'imported conversations listed');
    expect((await tessera.chat.conversations()).length).to.equal(2);
    await waitUntil(() => text(q(library, '[part="activity"]')).includes('Imported 2 conversations from ChatGPT'));
  });

  it('imports files dropped on the drop zone', async () => {
    const library = await libraryFor(freshTessera());
    const zone = q(library, '[part="drop-zone"]')!;
    const transfer = new DataTransfer();
    transfer.items.add(chatgptExportFile());
    const over = new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true });
    zone.dispatchEvent(over);
    expect(over.defaultPrevented).to.equal(true, 'the zone accepts files');
    await library.updateComplete;
    expect(library.matches(':state(dragging)')).to.equal(true);
    const completed = oneEvent(library, 'tessera-import-completed') as Promise<TesseraImportCompletedEvent>;
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    expect((await completed).detail.conversations).to.equal(2);
    await library.updateComplete;
    expect(library.matches(':state(dragging)')).to.equal(false);
    await waitUntil(() => titles(library).length === 2, 'dropped export listed');
  });

  it('Cancel stops a running import and says what is kept', async () => {
    const tessera = freshTessera();
    const library = await libraryFor(tessera);
    chooseFiles(library, [chatgptExportFile()]);
    await library.updateComplete;
    expect(library.matches(':state(importing)')).to.equal(true);
    expect(q(library, '[part="import-progress"] progress')).to.exist;
    // The file has not been read yet (reading a Blob takes a task; rendering took a microtask).
    (q(library, '[part="cancel-button"]') as HTMLButtonElement).click();
    await waitUntil(() => q(library, '[part="import-error"]'), 'stop shown');
    expect(text(q(library, '[part="import-error"]'))).to.contain('Import stopped');
    expect(q(library, '[part="cancel-button"]')).to.equal(null);
    expect(await tessera.chat.conversations()).to.deep.equal([]);
  });

  it('searches titles at once and message text once read', async () => {
    const { library } = await seededLibrary();
    search(library, 'BEES');
    await library.updateComplete;
    expect(titles(library)).to.deep.equal(['Keeping bees']);
    // "grout" is only in a message of "Mosaic table".
    search(library, 'grout');
    await waitUntil(() => titles(library).join() === 'Mosaic table', 'message text searched');
    expect(text(q(library, '[part="search-status"]'))).to.equal('1 of 2 conversations matches.');
    search(library, 'hive mentor');
    await waitUntil(() => titles(library).join() === 'Keeping bees', 'every word must match');
    search(library, 'no such words anywhere');
    await library.updateComplete;
    expect(titles(library)).to.deep.equal([]);
    expect(text(q(library, '[part="empty"]'))).to.equal('No conversation matches “no such words anywhere”.');
    search(library, '');
    await library.updateComplete;
    expect(titles(library).length).to.equal(2);
  });

  it('exports everything as a JSON archive that imports into another store', async () => {
    const { library } = await seededLibrary();
    const exported = oneEvent(library, 'tessera-export-completed') as Promise<TesseraExportCompletedEvent>;
    (q(library, '[part="export-button"]') as HTMLButtonElement).click();
    const { detail } = await exported;
    expect(detail.format).to.equal('json');
    expect(detail.conversationIds).to.equal(undefined);
    await library.updateComplete;
    const link = q(library, '[part="download-link"]') as HTMLAnchorElement;
    expect(link.href.startsWith('blob:')).to.equal(true);
    expect(link.getAttribute('download')).to.equal(detail.filename);
    expect(focused(library)).to.equal(link);
    // The link serves the same bytes as the event's Blob.
    expect(await (await fetch(link.href)).text()).to.equal(await detail.blob.text());

    const other = freshTessera();
    const report = await other.io.import(detail.blob);
    expect(report.format).to.equal('tessera-archive');
    expect(report.skipped).to.deep.equal([]);
    expect((await other.chat.conversations()).map((c) => c.title).sort()).to.deep.equal([
      'Keeping bees',
      'Mosaic table',
    ]);
  });

  it('exports only the selected conversations, in the chosen format', async () => {
    const { library } = await seededLibrary();
    (row(library, 'Mosaic table')!.querySelector('[part="select"]') as HTMLInputElement).click();
    const format = q(library, '[part="export-format"]') as HTMLSelectElement;
    format.value = 'markdown';
    format.dispatchEvent(new Event('change'));
    await library.updateComplete;
    expect(text(q(library, '[part="export-button"]'))).to.equal('Export 1 selected');
    const exported = oneEvent(library, 'tessera-export-completed') as Promise<TesseraExportCompletedEvent>;
    (q(library, '[part="export-button"]') as HTMLButtonElement).click();
    const { detail } = await exported;
    expect(detail.format).to.equal('markdown');
    expect(detail.filename.endsWith('.md')).to.equal(true);
    const markdown = await detail.blob.text();
    expect(markdown).to.contain('Mosaic table');
    expect(markdown).to.contain('Sanded grout');
    expect(markdown).not.to.contain('Keeping bees');
  });

  it('deletes after a confirmation, with a receipt that verifies, and the row gone', async () => {
    const { tessera, library } = await seededLibrary();
    const bees = (await tessera.chat.conversations()).find((c) => c.title === 'Keeping bees')!;
    (row(library, 'Keeping bees')!.querySelector('[part="delete-button"]') as HTMLButtonElement).click();
    await waitUntil(() => (q(library, 'dialog') as HTMLDialogElement).open, 'dialog opened');
    expect(text(q(library, '#confirm-heading'))).to.equal('Delete “Keeping bees” for good?');
    expect(text(q(library, '#confirm-text'))).to.contain('Its 2 messages will be destroyed');

    const deleted = oneEvent(library, 'tessera-conversation-deleted') as Promise<TesseraConversationDeletedEvent>;
    (q(library, '[part="confirm-delete-button"]') as HTMLButtonElement).click();
    const { detail } = await deleted;
    expect(detail.conversationId).to.equal(bees.id);
    expect(detail.verified).to.equal(true);
    expect(detail.receipt.acuHashes.length).to.equal(2);
    await library.updateComplete;

    expect((q(library, 'dialog') as HTMLDialogElement).open).to.equal(false);
    expect(titles(library)).to.deep.equal(['Mosaic table']);
    expect((await tessera.chat.conversations()).map((c) => c.title)).to.deep.equal(['Mosaic table']);
    expect(text(q(library, '#receipt-heading'))).to.equal('Deleted “Keeping bees”');
    expect(text(q(library, '[part="receipt-status"]'))).to.contain('Receipt verified');
    expect(text(q(library, '[part="receipt-count"]'))).to.contain('2 sealed messages (ACUs)');
    expect(text(q(library, '[part="receipt-hash"]'))).to.equal(detail.receipt.hash);
    expect(text(q(library, '[part="receipt-method"]'))).to.contain('Crypto-shredded');

    // The receipt offered for download is the signed one, and it verifies on its own.
    const link = q(library, '[part="receipt-download"]') as HTMLAnchorElement;
    expect(link.getAttribute('download')).to.equal(`tessera-deletion-receipt-${bees.id}.json`);
    const downloaded = await (await fetch(link.href)).json();
    expect(downloaded).to.deep.equal(detail.receipt);
    expect(await tessera.store.verifyReceipt(downloaded)).to.deep.equal({ ok: true });
    expect((await tessera.store.verifyReceipt({ ...downloaded, acuHashes: [] })).ok).to.equal(false);

    await waitUntil(() => text(q(library, '[part="activity"]')).includes('Deleted a conversation (2 sealed messages)'));
    const entry = all(library, '[part="activity-entry"]').find((tr) => text(tr).includes('Deleted a conversation'))!;
    expect(text(entry)).to.contain(detail.receipt.hash);
    expect(text(entry.lastElementChild)).to.equal('library');
  });

  it('verifies a conversation, and names the broken message after the store was tampered with', async () => {
    const { tessera, library } = await seededLibrary();
    const tiles = row(library, 'Mosaic table')!;
    (tiles.querySelector('[part="verify-button"]') as HTMLButtonElement).click();
    await waitUntil(() => tiles.querySelector('[part="verify-status"].verified'), 'verified');
    expect(text(tiles.querySelector('[part="verify-status"]'))).to.equal(
      'Intact: 2 messages checked, hashes and signatures match.',
    );

    // Someone with access to the store rewrites the first message of the conversation.
    const conversationId = (await tessera.chat.conversations()).find((c) => c.title === 'Mosaic table')!.id;
    const store = await tessera.store.open();
    const [first] = await store.listAcus(conversationId);
    await store.putAcus([{ ...first!, content: { ...first!.content, text: 'Use any glue you like.' } }]);

    (tiles.querySelector('[part="verify-button"]') as HTMLButtonElement).click();
    await waitUntil(() => tiles.querySelector('[part="verify-status"].broken'), 'broken chain shown');
    const status = text(tiles.querySelector('[part="verify-status"]'));
    expect(status).to.contain(`Broken at message 1 of 2 (${first!.id})`);
    expect(status).to.contain('changed after it was sealed');
    expect(text(q(library, '[role="status"][aria-live="polite"]'))).to.contain('“Mosaic table”: Broken at message 1');
  });

  it('shows a store it cannot open as a sentence, not as an empty library', async () => {
    // A real failure: the database on disk has a newer version than this code opens.
    const databaseName = `library-test-${uuidv7()}`;
    await new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(databaseName, 99);
      request.onsuccess = () => {
        request.result.close();
        resolve();
      };
      request.onerror = () => reject(request.error);
    });
    const tessera = createTessera({ store: 'indexeddb', databaseName });
    instances.push(tessera);
    // The audit log cannot record the failed open either; it says so as a warning, expected here.
    tessera.events.on('warning', () => {});
    const library = document.createElement('tessera-library');
    library.tessera = tessera;
    const errored = oneEvent(library, 'tessera-error-occurred');
    (await fixture(html`<div></div>`)).append(library);
    expect((await errored).detail.code).to.equal('storage');
    await library.loaded;
    await library.updateComplete;
    const alert = q(library, '[part="error"][role="alert"]');
    expect(text(alert)).to.contain('written by a newer version of Tessera. Reload the page');
    expect(text(alert)).not.to.contain('Error:');
    expect(q(library, '[part="retry-button"]')).to.exist;
    expect(library.matches(':state(error)')).to.equal(true);
    expect(q(library, '[part="empty"]')).to.equal(null);
  });

  it('keyboard: Enter asks, Escape cancels back to the button, Tab and Enter delete, focus lands on the receipt', async () => {
    const { tessera, library } = await seededLibrary();
    const button = row(library, 'Keeping bees')!.querySelector('[part="delete-button"]') as HTMLButtonElement;
    const dialog = q(library, 'dialog') as HTMLDialogElement;
    button.focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => dialog.open, 'dialog opened by Enter');
    await library.updateComplete;
    expect(focused(library)?.getAttribute('part')).to.equal('confirm-cancel-button');

    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !dialog.open, 'closed by Escape');
    await library.updateComplete;
    expect(focused(library)).to.equal(button);
    expect((await tessera.chat.conversations()).length).to.equal(2);

    await sendKeys({ press: 'Enter' });
    await waitUntil(() => dialog.open, 'dialog opened again');
    await library.updateComplete;
    await sendKeys({ press: 'Tab' });
    expect(focused(library)?.getAttribute('part')).to.equal('confirm-delete-button');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => focused(library)?.id === 'receipt-heading', 'focus on the receipt');
    expect(titles(library)).to.deep.equal(['Mosaic table']);
  });
});
