import { expect, fixture, html } from '@open-wc/testing';
import { isTesseraError } from '@tessera/core';
import { LitElement } from 'lit';
import { TesseraElement } from '../tessera-element.js';
import { waitUntil } from '../test-support/wait-until.js';
import { keysEnglish } from './english/keys.js';
import { libraryEnglish } from './english/library.js';
import { formatMessage } from './format-message.js';
import { ar } from './locales/ar.js';
import { de } from './locales/de.js';
import { directionOf, Localizer } from './localizer.js';
import { en, keysMessageIds, libraryMessageIds, type MessageId, messageIds } from './messages.js';
import { lookupMessage, onMessagesRegistered, provideEnglish, registerMessages } from './registry.js';

/** Every shipped English sentence, wherever it lives. */
const english: Record<MessageId, string> = { ...en, ...libraryEnglish, ...keysEnglish };

/** The placeholder names a sentence uses (`{count, plural, …}` counts as `count`; branches `one {…}` do not). */
function placeholders(message: string): string[] {
  const names = message.matchAll(/(?<!(?:zero|one|two|few|many|other|=-?\d+)\s*)\{(\w+)(?=[,}])/g);
  return [...new Set([...names].map((m) => m[1] ?? ''))].sort();
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('formatMessage', () => {
  it('fills placeholders, formats numbers for the locale, and leaves an unfilled one visible', () => {
    expect(formatMessage('en', 'Save {filename} ({size})', { filename: 'a.json', size: '2 kB' })).to.equal(
      'Save a.json (2 kB)',
    );
    expect(formatMessage('de', '{count} Stück', { count: 1234.5 })).to.equal('1.234,5 Stück');
    expect(formatMessage('ar', '{count}', { count: 1234 })).to.equal(new Intl.NumberFormat('ar').format(1234));
    expect(formatMessage('en', 'Hello {name}')).to.equal('Hello {name}');
  });

  it('picks plural branches by exact value, then by Intl.PluralRules (Arabic has six forms)', () => {
    const sentence = 'Imported {n, plural, =0 {nothing} one {# file} other {# files}}';
    expect(formatMessage('en', sentence, { n: 0 })).to.equal('Imported nothing');
    expect(formatMessage('en', sentence, { n: 1 })).to.equal('Imported 1 file');
    expect(formatMessage('en', sentence, { n: 1500 })).to.equal('Imported 1,500 files');
    const arabic = ar['library.activity.import'];
    const forms = [0, 1, 2, 5, 11, 100].map((count) => formatMessage('ar', arabic, { count }));
    expect(forms).to.deep.equal([
      'استورد لا محادثات',
      'استورد محادثة واحدة',
      'استورد محادثتان',
      `استورد ${new Intl.NumberFormat('ar').format(5)} محادثات`,
      `استورد ${new Intl.NumberFormat('ar').format(11)} محادثة`,
      `استورد ${new Intl.NumberFormat('ar').format(100)} محادثة`,
    ]);
  });

  it('keeps a # inside a parameter', () => {
    expect(
      formatMessage('en', '{n, plural, one {# in {title}} other {# in {title}}}', { n: 2, title: 'Issue #4' }),
    ).to.equal('2 in Issue #4');
  });
});

/** The only entries a translation may leave as in English: a brand name and a cipher's name. */
const SAME_IN_EVERY_LANGUAGE = new Set<MessageId>([
  'library.source.tessera',
  'library.storage.encrypted',
  'common.listSeparator',
  // German borrows these words from English.
  'library.import.heading',
  'keys.local.kind',
  'keys.local.optional',
  'keys.sync.passphrase',
  'chat.label',
]);

describe('message tables', () => {
  it("the table every page loads holds only the chat's English; each other widget's comes with it", () => {
    expect(Object.keys(en).filter((id) => !/^(common|chat)\./.test(id))).to.deep.equal([]);
    expect(Object.keys(libraryEnglish)).to.deep.equal([...libraryMessageIds]);
    expect(Object.keys(keysEnglish)).to.deep.equal([...keysMessageIds]);
    expect(Object.keys(english).sort(), 'every id has English').to.deep.equal([...messageIds].sort());
    expect(new Set(messageIds).size, 'no id in two groups').to.equal(messageIds.length);
  });

  // Runs before anything in this file provides the key manager's English.
  it("a widget's English joins the fallback when its code provides it; widgets re-render", () => {
    let rerenders = 0;
    const stop = onMessagesRegistered(() => rerenders++);
    expect(lookupMessage('en', 'keys.label'), 'before: the id, never a blank').to.equal('keys.label');
    provideEnglish(keysEnglish);
    expect(lookupMessage('en', 'keys.label')).to.equal(keysEnglish['keys.label']);
    expect(lookupMessage('pt-BR', 'keys.add'), 'the fallback of a language with no table').to.equal(
      keysEnglish['keys.add'],
    );
    provideEnglish(keysEnglish);
    stop();
    expect(rerenders, 'told once, not again for the same sentences').to.equal(1);
  });

  for (const [name, table] of [
    ['German', de],
    ['Arabic', ar],
  ] as const) {
    it(`${name} translates every id, with the same placeholders as English`, () => {
      const ids = Object.keys(table).sort();
      expect(ids).to.deep.equal([...messageIds].sort());
      for (const id of messageIds) {
        expect(placeholders(table[id]), id).to.deep.equal(placeholders(english[id]));
        if (!SAME_IN_EVERY_LANGUAGE.has(id)) expect(table[id], `${id} is translated`).not.to.equal(english[id]);
      }
    });
  }

  it('refuses unknown ids with a validation error naming them, and falls back to English for missing ones', () => {
    const error = thrown(() =>
      registerMessages('fr', { 'library.label': 'Votre bibliothèque', 'library.lable': 'x' } as never),
    );
    expect(isTesseraError(error) && error.code).to.equal('validation');
    expect((error as Error).message).to.contain('`library.lable`');
    expect(lookupMessage('fr', 'library.label'), 'nothing registered from a refused table').to.equal(
      libraryEnglish['library.label'],
    );

    registerMessages('fr', { 'library.label': 'Votre bibliothèque' });
    expect(lookupMessage('fr', 'library.label')).to.equal('Votre bibliothèque');
    expect(lookupMessage('fr-CA', 'library.label'), 'a region falls back to its language').to.equal(
      'Votre bibliothèque',
    );
    expect(lookupMessage('fr', 'library.loading'), 'missing ids fall back to English').to.equal(
      libraryEnglish['library.loading'],
    );
    expect(thrown(() => registerMessages('not a tag!', {}))).to.satisfy(isTesseraError);
  });
});

describe('Localizer', () => {
  it('formats dates, sizes, money and lists through Intl, and knows the direction', () => {
    const de = new Localizer('de');
    const iso = '2026-01-03T10:42:00.000Z';
    expect(de.date(iso)).to.equal(new Intl.DateTimeFormat('de', { dateStyle: 'medium' }).format(Date.parse(iso)));
    expect(de.bytes(1536)).to.equal(new Intl.NumberFormat('de', { style: 'unit', unit: 'kilobyte' }).format(1.5));
    expect(new Localizer('en').bytes(512)).to.equal('512 bytes');
    expect(de.currency(1.5)).to.equal('1,50\u00a0$');
    expect(new Localizer('en').currency(0.0042)).to.equal('$0.0042');
    expect(new Localizer('en').list(['A', 'B', 'C'])).to.equal('A, B, and C');
    expect(de.list(['A', 'B'])).to.equal('A und B');
    expect(directionOf('ar')).to.equal('rtl');
    expect(directionOf('he-IL')).to.equal('rtl');
    expect(directionOf('de')).to.equal('ltr');
  });
});

// The probes render library sentences; the library's module provides their English as it loads.
provideEnglish(libraryEnglish);

class LocaleProbe extends TesseraElement {
  override render() {
    return html`<p>${this.i18n.t('library.label' satisfies MessageId)}</p>`;
  }
}
customElements.define('i18n-locale-probe', LocaleProbe);

class ShadowParent extends LitElement {
  override render() {
    return html`<i18n-locale-probe></i18n-locale-probe>`;
  }
}
customElements.define('i18n-shadow-parent', ShadowParent);

const words = (el: Element) => el.shadowRoot?.textContent?.trim();

describe('TesseraElement locale', () => {
  it('follows the closest lang, across shadow roots; `locale` wins; unknown tags fall back to English', async () => {
    const box = await fixture<HTMLDivElement>(html`<div lang="de"><i18n-locale-probe></i18n-locale-probe>
      <div lang="ar"><i18n-shadow-parent></i18n-shadow-parent></div></div>`);
    const probe = box.querySelector('i18n-locale-probe') as LocaleProbe;
    // Shipped translations load on first use, then the widgets re-render in them.
    await waitUntil(() => words(probe) === 'Deine Bibliothek', 'German loaded and shown');
    const nested = box
      .querySelector('i18n-shadow-parent')
      ?.shadowRoot?.querySelector('i18n-locale-probe') as LocaleProbe;
    await nested.updateComplete;
    expect(nested.i18n.locale).to.equal('ar');
    await waitUntil(() => words(nested) === 'مكتبتك', 'Arabic loaded and shown');
    probe.locale = 'ar';
    await probe.updateComplete;
    expect(words(probe)).to.equal('مكتبتك');
    probe.locale = '!!';
    await probe.updateComplete;
    expect(words(probe)).to.equal('Deine Bibliothek');
  });

  it('takes per-element messages (validated), and re-renders when a translation is registered', async () => {
    const probe = await fixture<LocaleProbe>(html`<i18n-locale-probe locale="pt-BR"></i18n-locale-probe>`);
    expect(words(probe)).to.equal('Your library');
    registerMessages('pt', { 'library.label': 'Sua biblioteca' });
    await probe.updateComplete;
    expect(words(probe)).to.equal('Sua biblioteca');
    probe.messages = { 'library.label': 'Acervo' };
    await probe.updateComplete;
    expect(words(probe)).to.equal('Acervo');
    const error = thrown(() => {
      probe.messages = { 'library.nope': 'x' } as never;
    });
    expect(isTesseraError(error) && error.code).to.equal('validation');
    expect(words(probe), 'a refused table changes nothing').to.equal('Acervo');
  });
});
