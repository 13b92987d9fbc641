import { expect } from '@open-wc/testing';
import type { Tessera } from '@tessera/core';
import { HttpResponse, http } from 'msw';
import { setupWorker } from 'msw/browser';
import { waitUntil } from '../shared/test-support/wait-until.js';
import { type EmbedModule, startEmbed, type TesseraFunction } from './start-embed.js';

// One page per test file: the embed provides to the whole document, once, as on a partner's page.
// The API is this test server (it serves the vault frame); msw answers /v1/config with a hosted theme.
const API = `${location.origin}/`;
const HOSTED_SURFACE = 'rgb(250, 240, 230)';
const worker = setupWorker(
  http.get(`${API}v1/config`, () =>
    HttpResponse.json({
      partner: { id: 'acme', name: 'Acme' },
      theme: {
        preset: 'light',
        variables: { '--tessera-color-accent': 'rgb(200, 10, 60)', '--tessera-color-surface': HOSTED_SURFACE },
      },
      widgets: ['chat'],
      providers: ['openai-compatible'],
    }),
  ),
);
before(() => worker.start({ quiet: true, onUnhandledRequest: 'bypass' }));
after(() => worker.stop());

const page = window as unknown as { tessera?: TesseraFunction };
const cssVariable = (element: Element, name: string) => getComputedStyle(element).getPropertyValue(name).trim();

/** Resolves with the next window event of that name. */
const nextWindowEvent = (name: string) =>
  new Promise<CustomEvent>((resolve) =>
    window.addEventListener(name, (e) => resolve(e as CustomEvent), { once: true }),
  );

describe('script-tag loader: the tessera() queue', () => {
  it('a start that fails reaches error listeners, queued or later, fires tessera-error, and never runs ready', async () => {
    const seen: string[] = [];
    const failed = nextWindowEvent('tessera-error');
    const tessera = startEmbed({
      settings: {},
      queued: [
        ['ready', () => seen.push('ready')],
        ['on', 'error', () => seen.push('queued error listener')],
      ],
      // A real failed import: the chunk is not there.
      load: () => import(/* @vite-ignore */ `${location.origin}/no-such-folder/embed.js`) as Promise<EmbedModule>,
    });
    const event = await failed;
    expect(event.detail.error).to.be.instanceOf(Error);
    expect(seen).to.deep.equal(['queued error listener']);

    let late: unknown;
    tessera('on', 'error', (error) => {
      late = error;
    });
    tessera('ready', () => seen.push('ready'));
    expect(late).to.equal(event.detail.error);
    expect(seen).to.deep.equal(['queued error listener']);
  });

  it('replays the stub’s queue in order once ready, themes every widget with the appearance, then runs calls at once', async () => {
    const order: string[] = [];
    // Upgraded when the embed registers the widgets: it subscribes to the embed's theme first.
    const early = document.createElement('queued-chat');
    document.body.append(early);

    // The stub partners put in their own script file (docs/embedding.md), word for word.
    const w = page as { tessera: TesseraFunction };
    w.tessera =
      w.tessera ||
      function () {
        // biome-ignore lint/complexity/noArguments: the documented stub is plain ES5, pasted as is.
        // biome-ignore lint/suspicious/noAssignInExpressions: as is.
        (w.tessera.q = w.tessera.q || []).push(arguments);
      };
    w.tessera('set', 'settings', { prefix: 'queued' });
    w.tessera('ready', () => order.push('ready 1'));
    w.tessera('on', 'keys-changed', (provider) => order.push(`keys-changed ${provider}`));
    w.tessera('set', 'appearance', { variables: { '--tessera-color-accent': 'rgb(1, 2, 3)' } });
    let fromReady: Tessera | undefined;
    w.tessera('ready', (tessera) => {
      order.push('ready 2');
      fromReady = tessera;
    });
    expect(w.tessera.q).to.have.length(5);

    const ready = nextWindowEvent('tessera-ready');
    ready.then(() => order.push('tessera-ready'));
    w.tessera = startEmbed({
      settings: { publishableKey: 'pk_test_acme', apiUrl: API },
      queued: w.tessera.q ?? [],
      load: () => import('../embed/embed.js'),
    });
    const tessera = (await ready).detail.tessera as Tessera;

    expect(order).to.deep.equal(['ready 1', 'ready 2', 'tessera-ready']);
    expect(fromReady).to.equal(tessera);
    expect(customElements.get('queued-chat'), 'the queued prefix reached the embed').to.not.equal(undefined);
    w.tessera('ready', () => order.push('ready 3'));
    expect(order.at(-1), 'a call after ready runs at once').to.equal('ready 3');
    await tessera.keys.set('openai', 'sk-queued-listener-0001');
    expect(order.at(-1)).to.equal('keys-changed openai');

    // The appearance wins over the hosted accent; the hosted surface, which it does not set, still applies.
    const late = document.createElement('queued-chat');
    document.body.append(late);
    for (const chat of [early, late]) {
      await waitUntil(() => cssVariable(chat, '--tessera-color-surface') === HOSTED_SURFACE, 'hosted theme applied');
      expect(cssVariable(chat, '--tessera-color-accent')).to.equal('rgb(1, 2, 3)');
    }

    w.tessera('set', 'appearance', { preset: 'dark', variables: { '--tessera-color-accent': 'rgb(4, 5, 6)' } });
    for (const chat of [early, late]) {
      await waitUntil(() => cssVariable(chat, '--tessera-color-accent') === 'rgb(4, 5, 6)', 'appearance replaced');
    }
    w.tessera('set', 'appearance', undefined);
    await waitUntil(() => cssVariable(late, '--tessera-color-accent') === 'rgb(200, 10, 60)', 'hosted accent back');
  });

  it('ignores settings set after the loader ran, and says so on the console', () => {
    const logged: unknown[][] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => logged.push(args);
    try {
      page.tessera?.('set', 'settings', { prefix: 'too-late' });
      page.tessera?.('reload' as 'ready', () => {});
    } finally {
      console.error = consoleError;
    }
    expect(String(logged[0]?.[0])).to.contain('came after tessera.js started');
    expect(String(logged[1]?.[0])).to.contain('is not a command');
  });
});
