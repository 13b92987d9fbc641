import { expect, fixture, html } from '@open-wc/testing';
import { axeViolations, describeViolations, expectAccessible } from './axe.js';

// The helper must see what a user meets inside shadow roots, or every widget check would pass blind.
class ShadowSample extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: 'open' }).innerHTML = this.getAttribute('content') ?? '';
  }
}
customElements.define('axe-shadow-sample', ShadowSample);

describe('expectAccessible (axe-core, WCAG 2.1 A/AA)', () => {
  it('finds an unnamed button and text without contrast inside a shadow root, and lists them', async () => {
    const host = await fixture(html`<div>
      <axe-shadow-sample
        content='<button></button><p style="color:#bbb;background:#fff">Faint text</p>'
      ></axe-shadow-sample>
    </div>`);
    const ids = (await axeViolations(host)).map((v) => v.id).sort();
    expect(ids).to.deep.equal(['button-name', 'color-contrast']);
    let thrown: Error | undefined;
    try {
      await expectAccessible(host, 'sample');
    } catch (error) {
      thrown = error as Error;
    }
    expect(thrown?.message).to.match(/^sample: 2 axe violation\(s\)/);
    expect(thrown?.message).to.contain('button-name (critical) at axe-shadow-sample >>> button');
    expect(thrown?.message).to.contain('color-contrast (serious)');
  });

  it('passes a named button with enough contrast', async () => {
    const host = await fixture(html`<div>
      <axe-shadow-sample content='<button>Send</button><p style="color:#333;background:#fff">Text</p>'></axe-shadow-sample>
    </div>`);
    expect(describeViolations(await axeViolations(host))).to.equal('');
    await expectAccessible(host);
  });
});
