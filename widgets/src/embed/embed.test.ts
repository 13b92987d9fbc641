import { expect, fixture, html } from '@open-wc/testing';
import type { TesseraError } from '@tessera/core';
import { HttpResponse, http } from 'msw';
import { setupWorker } from 'msw/browser';
import type { TesseraChat } from '../chat/chat.element.js';
import { waitUntil } from '../shared/test-support/wait-until.js';
import { boot } from './embed.js';
import { embedSettingsSchema } from './settings.js';

// One page per test file: boot() provides to the whole document, once, as a real embed does.
// The API is this test server: it serves the vault frame (see web-test-runner.config.mjs), and msw
// answers /v1/config.
const API = `${location.origin}/`;
const config = {
  partner: { id: 'acme', name: 'Acme' },
  theme: { preset: 'light', variables: { '--tessera-color-accent': 'rgb(200, 10, 60)' } },
  widgets: ['chat'],
  providers: ['openai-compatible'],
};
const seenKeys: (string | null)[] = [];
const seenTokens: (string | null)[] = [];
const worker = setupWorker(
  http.get(`${API}v1/config`, ({ request }) => {
    seenKeys.push(request.headers.get('Tessera-Publishable-Key'));
    return HttpResponse.json(config);
  }),
  http.get(`${API}v1/vault/blobs`, ({ request }) => {
    seenTokens.push(request.headers.get('Authorization'));
    return HttpResponse.json({ blobs: [], cursor: '0', hasMore: false });
  }),
);
before(() => worker.start({ quiet: true, onUnhandledRequest: 'bypass' }));
after(() => worker.stop());

describe('script-tag embed', () => {
  it('refuses invalid settings, and the chat shows why instead of loading forever', async () => {
    let thrown: unknown;
    try {
      await boot({ publishableKey: 'sk_live_not_a_publishable_key' });
    } catch (error) {
      thrown = error;
    }
    expect((thrown as TesseraError).code).to.equal('validation');
    const chat = await fixture<TesseraChat>(html`<tessera-chat></tessera-chat>`);
    await waitUntil(() => chat.shadowRoot?.querySelector('[part="error"]'), 'error state shown');
    expect(chat.shadowRoot?.querySelector('[part="error"]')?.textContent).to.contain('publishableKey');
    expect(chat.matches(':state(error)')).to.equal(true);
    chat.remove();
  });

  it('takes userToken as the token or a function returning it, and nothing else', () => {
    const getter = async () => 'user.jwt';
    expect(embedSettingsSchema.parse({ userToken: 'user.jwt' }).userToken).to.equal('user.jwt');
    expect(embedSettingsSchema.parse({ userToken: getter }).userToken).to.equal(getter);
    for (const userToken of [42, '', { token: 'x' }]) {
      const parsed = embedSettingsSchema.safeParse({ userToken });
      expect(parsed.success, JSON.stringify(userToken)).to.equal(false);
    }
    expect(embedSettingsSchema.safeParse({ userToken: 42 }).error?.issues[0]?.message).to.contain('userToken');
  });

  it('keeps keys in the vault frame, provides the instance, and themes widgets from the hosted config', async () => {
    let asked = 0;
    const tessera = await boot({
      publishableKey: 'pk_test_acme',
      apiUrl: API,
      prefix: 'acme',
      userToken: async () => `user.jwt.${++asked}`,
    });
    const frame = document.querySelector<HTMLIFrameElement>('iframe[title="Tessera key vault"]');
    expect(frame?.src).to.equal(`${API}vault/frame.html?pk=pk_test_acme`);
    expect(frame?.hidden).to.equal(true);
    await tessera.keys.set('openai', 'sk-in-the-frame-000001');
    expect((await tessera.keys.list()).map((k) => k.masked)).to.deep.equal(['sk-…0001']);
    expect('reveal' in tessera.keys).to.equal(false);
    const chat = await fixture<TesseraChat>(html`<acme-chat></acme-chat>`);
    await waitUntil(() => seenKeys.length > 0, 'config requested');
    expect(seenKeys).to.deep.equal(['pk_test_acme']);
    await waitUntil(
      () => getComputedStyle(chat).getPropertyValue('--tessera-color-accent').trim() === 'rgb(200, 10, 60)',
      'partner accent applied',
    );
    expect((chat as unknown as { instance: unknown }).instance).to.equal(tessera);
    // The instance signs its user-scoped calls with the page's userToken.
    await tessera.api.vault.list();
    expect(seenTokens).to.deep.equal(['Bearer user.jwt.1']);
  });

  it('loads the library and the key manager only when the page uses them, and upgrades them in place', async () => {
    // The embed above registered the chat at once under its prefix, and nothing else.
    expect(customElements.get('acme-chat')).to.not.equal(undefined);
    expect(customElements.get('acme-library')).to.equal(undefined);
    expect(customElements.get('acme-key-manager')).to.equal(undefined);
    const library = document.createElement('acme-library');
    document.body.append(library);
    await waitUntil(() => customElements.get('acme-library') !== undefined, 'library loaded once on the page');
    await waitUntil(() => library.shadowRoot !== null, 'the element already on the page was upgraded');
    expect(customElements.get('acme-key-manager')).to.equal(undefined);
    const holder = document.createElement('div');
    holder.innerHTML = '<acme-key-manager></acme-key-manager>';
    document.body.append(holder);
    await waitUntil(() => customElements.get('acme-key-manager') !== undefined, 'key manager loaded when added');
    library.remove();
    holder.remove();
  });
});
