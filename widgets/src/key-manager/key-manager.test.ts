import { expect, fixture, html } from '@open-wc/testing';
import type { Tessera } from '@tessera/core';
import { waitUntil } from '../shared/test-support/wait-until.js';
import type { TesseraKeysChangedEvent } from './events.js';
import { purgeVaultFrameStorage, vaultPage } from './fixtures/vault-page.js';
import type { TesseraKeyManager } from './key-manager.element.js';
import './index.js';

// The key manager on a page whose keys live in the real vault frame, msw answering the frame's calls
// (the Node suite covers key sync against the real server).
const USER_TOKEN = 'user-token-alice';
const GOOD_KEY = 'sk-proj-good-key-000001';
const WRONG_KEY = 'sk-proj-wrong-key-00009';
const PASSPHRASE = 'tiles of glass and gold leaf';

const { vaultApi, signedInPage } = vaultPage({ user: 'alice', userToken: USER_TOKEN, goodKey: GOOD_KEY });

/** In the element's shadow root, or inside a row of it. */
const q = <T extends HTMLElement = HTMLElement>(element: HTMLElement, selector: string) =>
  (element.shadowRoot ?? element).querySelector<T>(selector);
const text = (element: HTMLElement | undefined, selector: string) =>
  (element && q(element, selector)?.textContent?.replace(/\s+/g, ' ').trim()) ?? '';
const row = (manager: HTMLElement, provider: string) =>
  [...(manager.shadowRoot?.querySelectorAll<HTMLElement>('[part~="provider"]') ?? [])].find(
    (li) => li.querySelector('[part="provider-name"]')?.textContent === provider,
  );
const rowOf = (manager: HTMLElement, provider: string): HTMLElement => {
  const found = row(manager, provider);
  if (!found) throw new Error(`no row for ${provider}`);
  return found;
};

function fill(input: HTMLInputElement | null, value: string): void {
  if (!input) throw new Error('no such field');
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

async function managerFor(tessera: Tessera): Promise<TesseraKeyManager> {
  const manager = await fixture<TesseraKeyManager>(
    html`<tessera-key-manager .tessera=${tessera}></tessera-key-manager>`,
  );
  await waitUntil(() => row(manager, 'OpenAI'), 'providers listed');
  await waitUntil(() => q(manager, '[part="sync"]')?.getAttribute('aria-busy') === 'false', 'sync status read');
  return manager;
}

describe('<tessera-key-manager>', () => {
  let tessera: Tessera;
  const changes: string[] = [];
  const onChange = (event: TesseraKeysChangedEvent) => changes.push(`${event.detail.provider} ${event.detail.change}`);

  before(async () => {
    await purgeVaultFrameStorage();
    ({ tessera } = await signedInPage());
    document.body.addEventListener('tessera-keys-changed', onChange);
  });
  after(() => document.body.removeEventListener('tessera-keys-changed', onChange));

  it('adds a key once the provider accepts it, showing the check’s sentence when it refuses', async () => {
    const manager = await managerFor(tessera);
    expect(text(manager, '[part="empty"]')).to.contain('No keys yet');
    expect(text(row(manager, 'OpenAI'), '[part="key-status"]')).to.equal('No key');

    (rowOf(manager, 'OpenAI').querySelector('[part="edit-button"]') as HTMLButtonElement).click();
    await manager.updateComplete;
    const input = rowOf(manager, 'OpenAI').querySelector<HTMLInputElement>('[part="key-input"]');
    await waitUntil(() => manager.shadowRoot?.activeElement === input, 'the key field has focus');
    expect(input?.type).to.equal('password');

    fill(input, WRONG_KEY);
    (rowOf(manager, 'OpenAI').querySelector('[part="save-button"]') as HTMLButtonElement).click();
    const refusal = (await tessera.mux.checkKey({ provider: 'openai', apiKey: WRONG_KEY })).message;
    await waitUntil(
      () => rowOf(manager, 'OpenAI').querySelector('[part="field-message"][role="alert"]'),
      'refusal shown',
    );
    expect(rowOf(manager, 'OpenAI').querySelector('[part="field-message"]')?.textContent?.trim()).to.equal(refusal);
    expect(rowOf(manager, 'OpenAI').querySelector('[part="key-input"]')?.getAttribute('aria-invalid')).to.equal('true');
    expect(
      rowOf(manager, 'OpenAI').querySelector('[part="save-anyway-button"]'),
      'a refused key cannot be forced',
    ).to.equal(null);
    expect(await tessera.keys.list()).to.deep.equal([]);
    expect(changes).to.deep.equal([]);

    fill(rowOf(manager, 'OpenAI').querySelector<HTMLInputElement>('[part="key-input"]'), GOOD_KEY);
    (rowOf(manager, 'OpenAI').querySelector('[part="save-button"]') as HTMLButtonElement).click();
    await waitUntil(() => changes.length === 1, 'tessera-keys-changed fired');
    expect(changes).to.deep.equal(['openai added']);
    await waitUntil(() => text(row(manager, 'OpenAI'), '[part="masked-key"]') === 'sk-…0001', 'masked key shown');
    expect(rowOf(manager, 'OpenAI').querySelector('[part="key-form"]')).to.equal(null);
    expect(text(manager, '[part="announcement"]')).to.equal('OpenAI key saved.');
    expect(manager.shadowRoot?.innerHTML.includes(GOOD_KEY)).to.equal(false);
    expect((await tessera.keys.list()).map((key) => key.provider)).to.deep.equal(['openai']);
  });

  it('removes a key', async () => {
    const manager = await managerFor(tessera);
    changes.length = 0;
    (rowOf(manager, 'OpenAI').querySelector('[part="remove-button"]') as HTMLButtonElement).click();
    await waitUntil(() => changes.length === 1, 'tessera-keys-changed fired');
    expect(changes).to.deep.equal(['openai removed']);
    await waitUntil(() => text(row(manager, 'OpenAI'), '[part="key-status"]') === 'No key', 'row says no key');
    expect(await tessera.keys.list()).to.deep.equal([]);
  });

  it('turns sync on with a confirmed passphrase, and after the browser purged the vault restores the keys', async function () {
    const first = await tessera.keys.sync.status();
    if (first.state === 'unavailable' && /not set up/.test(first.message ?? '')) {
      console.warn('Skipped: createTessera() does not build key sync yet (packages/core/src/tessera.ts).');
      this.skip();
    }
    await tessera.keys.set('openai', GOOD_KEY);
    const manager = await managerFor(tessera);
    expect(q(manager, '[part="sync-form"]'), 'sync is off: the form to turn it on is shown').to.exist;

    const passphrase = q<HTMLInputElement>(manager, '[part="passphrase-input"]');
    const confirm = q<HTMLInputElement>(manager, '[part="confirm-input"]');
    fill(passphrase, 'too short');
    await manager.updateComplete;
    expect(text(manager, '[part="strength"]')).to.contain('Too short');
    fill(passphrase, PASSPHRASE);
    fill(confirm, `${PASSPHRASE}!`);
    await manager.updateComplete;
    expect(text(manager, '[part="strength"]')).to.equal('Strong.');
    const requests = vaultApi.log.length;
    (q(manager, '[part="enable-button"]') as HTMLButtonElement).click();
    await waitUntil(() => q(manager, '[part="sync-error"]'), 'mismatch shown');
    expect(text(manager, '[part="sync-error"]')).to.contain('The two passphrases differ');
    expect(vaultApi.log.slice(requests), 'nothing sent').to.deep.equal([]);

    fill(confirm, PASSPHRASE);
    (q(manager, '[part="enable-button"]') as HTMLButtonElement).click();
    await waitUntil(() => text(manager, '[part="sync-status"]').startsWith('Sync is on'), 'sync on');
    const stored = new TextDecoder().decode(vaultApi.stored('alice', 'keyring'));
    expect(stored).to.contain('"PBKDF2-SHA-256"');
    for (const secret of [GOOD_KEY, 'openai', PASSPHRASE]) expect(stored.includes(secret), secret).to.equal(false);
    expect(manager.shadowRoot?.innerHTML.includes(PASSPHRASE)).to.equal(false);

    // Next visit, storage intact: the frame kept its passphrase-derived key, so no passphrase is asked.
    manager.remove();
    for (const frame of document.querySelectorAll('iframe[title="Tessera key vault"]')) frame.remove();
    ({ tessera } = await signedInPage());
    const revisit = await managerFor(tessera);
    expect(text(revisit, '[part="sync-status"]')).to.match(/^Sync is on/);
    revisit.remove();

    // Next visit after the browser wiped the frame's storage: a new frame, a new page instance.
    await purgeVaultFrameStorage();
    ({ tessera } = await signedInPage());
    expect(await tessera.keys.list()).to.deep.equal([]);
    const after = await managerFor(tessera);
    expect(text(after, '[part="sync-status"]')).to.equal(
      'Your keys are saved in your vault. Enter your passphrase to restore them.',
    );

    changes.length = 0;
    fill(q<HTMLInputElement>(after, '[part="passphrase-input"]'), 'not the passphrase at all');
    (q(after, '[part="restore-button"]') as HTMLButtonElement).click();
    await waitUntil(() => q(after, '[part="sync-error"]'), 'refusal shown');
    expect(text(after, '[part="sync-error"]')).to.match(/^That passphrase does not unlock your saved keys\./);
    expect(await tessera.keys.list()).to.deep.equal([]);

    fill(q<HTMLInputElement>(after, '[part="passphrase-input"]'), PASSPHRASE);
    (q(after, '[part="restore-button"]') as HTMLButtonElement).click();
    await waitUntil(() => text(after, '[part="sync-status"]').startsWith('Sync is on'), 'restored');
    expect(changes).to.deep.equal(['openai restored']);
    await waitUntil(() => text(row(after, 'OpenAI'), '[part="masked-key"]') === 'sk-…0001', 'restored key listed');
    expect(text(after, '[part="announcement"]')).to.equal('Restored from your vault: OpenAI.');
    // The key itself came back, not only its mask: the provider accepts it.
    expect((await tessera.keys.validate('openai')).status).to.equal('valid');
  });
});
