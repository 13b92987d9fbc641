import { expect, fixture, html } from '@open-wc/testing';
import { presetVariables } from '@tessera/themes';
import { html as litHtml } from 'lit';
import { type ColorSchemeQuery, TesseraElement } from './tessera-element.js';

/** A stand-in for `matchMedia('(prefers-color-scheme: dark)')` whose answer the test controls. */
class FakeSchemeQuery extends EventTarget implements ColorSchemeQuery {
  matches = false;
  listeners = 0;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void {
    this.listeners += 1;
    super.addEventListener(type, listener);
  }
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void {
    this.listeners -= 1;
    super.removeEventListener(type, listener);
  }
  /** What the browser does when the OS setting changes. */
  set(dark: boolean): void {
    this.matches = dark;
    this.dispatchEvent(new Event('change'));
  }
  // MediaQueryList's legacy members, unused by TesseraElement.
  readonly media = '(prefers-color-scheme: dark)';
}

let query = new FakeSchemeQuery();

class ThemedProbe extends TesseraElement {
  protected override colorSchemeQuery(): ColorSchemeQuery {
    return query;
  }
  override render() {
    return litHtml`<p>probe</p>`;
  }
}
customElements.define('tessera-theme-probe', ThemedProbe);

/** Uses the real `matchMedia` (the default `colorSchemeQuery`). */
class RealSchemeProbe extends TesseraElement {
  override render() {
    return litHtml`<p>probe</p>`;
  }
}
customElements.define('tessera-real-scheme-probe', RealSchemeProbe);

/** A colour variable as the browser computes it on the host (aliases resolved by the cascade). */
const computed = (el: Element, name: string): string => getComputedStyle(el).getPropertyValue(name).trim();

/** The literal a preset's variable resolves to, following its `var()` aliases. */
function literal(preset: Readonly<Record<string, string>>, name: string): string {
  let value = preset[name] ?? '';
  for (let m = /^var\((--[a-z0-9-]+)\)$/.exec(value); m?.[1]; m = /^var\((--[a-z0-9-]+)\)$/.exec(value)) {
    value = preset[m[1]] ?? '';
  }
  return value;
}

const probe = (preset: Readonly<Record<string, string>>) => ({
  surface: literal(preset, '--tessera-color-surface'),
  accent: literal(preset, '--tessera-color-accent'),
  focus: literal(preset, '--tessera-color-focus-ring'),
});
const seen = (el: Element) => ({
  surface: computed(el, '--tessera-color-surface'),
  accent: computed(el, '--tessera-color-accent'),
  focus: computed(el, '--tessera-color-focus-ring'),
});

describe('TesseraElement theming', () => {
  beforeEach(() => {
    query = new FakeSchemeQuery();
  });

  it('the presets under test are distinct, so a wrong preset cannot pass by accident', () => {
    const all = [
      presetVariables('light'),
      presetVariables('dark'),
      presetVariables('high-contrast'),
      presetVariables('thermal'),
    ].map((p) => JSON.stringify(probe(p)));
    expect(new Set(all).size).to.equal(4);
  });

  for (const name of ['high-contrast', 'thermal', 'dark', 'light'] as const) {
    it(`applies the ${name} preset's variables when theme="${name}"`, async () => {
      const el = await fixture<ThemedProbe>(html`<tessera-theme-probe theme=${name}></tessera-theme-probe>`);
      expect(seen(el)).to.deep.equal(probe(presetVariables(name)));
    });
  }

  it('switches preset when the theme attribute changes', async () => {
    const el = await fixture<ThemedProbe>(html`<tessera-theme-probe theme="light"></tessera-theme-probe>`);
    el.theme = 'thermal';
    await el.updateComplete;
    expect(seen(el)).to.deep.equal(probe(presetVariables('thermal')));
    el.setAttribute('theme', 'high-contrast');
    await el.updateComplete;
    expect(seen(el)).to.deep.equal(probe(presetVariables('high-contrast')));
  });

  it('theme="auto" follows the colour scheme query, live', async () => {
    query.matches = true;
    const el = await fixture<ThemedProbe>(html`<tessera-theme-probe theme="auto"></tessera-theme-probe>`);
    expect(seen(el)).to.deep.equal(probe(presetVariables('dark')));
    query.set(false);
    await el.updateComplete;
    expect(seen(el)).to.deep.equal(probe(presetVariables('light')));
    query.set(true);
    expect(seen(el)).to.deep.equal(probe(presetVariables('dark')));
  });

  it('an appearance with preset auto follows the query too', async () => {
    query.matches = true;
    const el = await fixture<ThemedProbe>(
      html`<tessera-theme-probe .appearance=${{ preset: 'auto', variables: {} }}></tessera-theme-probe>`,
    );
    expect(seen(el)).to.deep.equal(probe(presetVariables('dark')));
  });

  it('listens only while connected and only while auto', async () => {
    const el = await fixture<ThemedProbe>(html`<tessera-theme-probe theme="auto"></tessera-theme-probe>`);
    expect(query.listeners).to.equal(1);
    el.remove();
    expect(query.listeners).to.equal(0);
    document.body.append(el);
    await el.updateComplete;
    expect(query.listeners).to.equal(1);
    el.theme = 'thermal';
    await el.updateComplete;
    expect(query.listeners).to.equal(0);
    // No longer auto: an OS change leaves the chosen preset alone.
    query.set(true);
    expect(seen(el)).to.deep.equal(probe(presetVariables('thermal')));
    el.remove();
  });

  it('by default follows the real prefers-color-scheme media query', async () => {
    const el = await fixture<RealSchemeProbe>(
      html`<tessera-real-scheme-probe theme="auto"></tessera-real-scheme-probe>`,
    );
    const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
    expect(seen(el)).to.deep.equal(probe(dark ? presetVariables('dark') : presetVariables('light')));
  });
});
