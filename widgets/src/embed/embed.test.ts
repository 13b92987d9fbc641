import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { TesseraError } from '@tessera/core';
import { HttpResponse, http } from 'msw';
import { setupWorker } from 'msw/browser';
import type { TesseraChat } from '../chat/chat.element.js';
import { boot } from './embed.js';

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
const worker = setupWorker(
  http.get(`${API}v1/config`, ({ request }) => {
    seenKeys.push(request.headers.get('Tessera-Publishable-Key'));
    return HttpResponse.json(config);
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

  it('keeps keys in the vault frame, provides the instance, and themes widgets from the hosted config', async () => {
    const tessera = await boot({ publishableKey: 'pk_test_acme', apiUrl: API, prefix: 'acme' });
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
  });
});
