import { consume } from '@lit/context';
import type { Tessera } from '@tessera/core';
import { presetNameSchema, themeCss } from '@tessera/themes';
import type { PresetName, ThemeInput } from '@tessera/themes/schema';
import { LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { startupErrorContext, tesseraContext, themeContext } from './contexts.js';
import { canonicalLocale, inheritedLang } from './i18n/locale.js';
import { Localizer } from './i18n/localizer.js';
import type { MessageTable } from './i18n/messages.js';
import { onMessagesRegistered, parseMessageTable } from './i18n/registry.js';

/** The part of a `MediaQueryList` that `theme="auto"` uses (a test may hand in its own). */
export type ColorSchemeQuery = Pick<MediaQueryList, 'matches' | 'addEventListener' | 'removeEventListener'>;

/** The OS colour scheme query, or undefined where there is no `matchMedia`. */
export function prefersDarkQuery(): ColorSchemeQuery | undefined {
  return typeof globalThis.matchMedia === 'function'
    ? globalThis.matchMedia('(prefers-color-scheme: dark)')
    : undefined;
}

/**
 * Base of every Tessera widget: receives the Tessera instance and the theme from `@lit/context`
 * (or from its own `tessera` property), and applies the theme's variables to its shadow root.
 *
 * Theme variables are set on `:host` from an adopted stylesheet, so CSS a partner writes for the
 * element from outside (`tessera-chat { --tessera-color-accent: … }`) always wins.
 *
 * With the preset `auto` (from the `theme` attribute or the provided appearance) the widget follows
 * `prefers-color-scheme`: dark when the OS asks for dark, light otherwise, and it re-themes live
 * when the OS setting changes. It listens only while connected and only while its preset is `auto`.
 */
export class TesseraElement extends LitElement {
  /** The Tessera instance, set directly (npm use) or provided by an ancestor (script tag). */
  @property({ attribute: false })
  tessera: Tessera | undefined;

  @consume({ context: tesseraContext, subscribe: true })
  @state()
  protected contextTessera: Tessera | undefined;

  /** Why the embed could not start, provided by the script-tag loader; shown as the error state. */
  @consume({ context: startupErrorContext, subscribe: true })
  @state()
  protected startupError: { code: string; message: string } | undefined;

  /** The partner theme, provided by an ancestor (the script-tag loader provides the hosted one). */
  @consume({ context: themeContext, subscribe: true })
  @property({ attribute: false })
  appearance: ThemeInput | undefined;

  /**
   * Preset name, overriding the provided theme's preset: `light`, `dark`, `high-contrast`,
   * `thermal`, or `auto` (follows the OS colour scheme). An unknown name is ignored.
   */
  @property({ reflect: true })
  theme: string | undefined;

  /**
   * Language of the widget's words, dates and numbers (a BCP 47 tag: `de`, `ar`, `pt-BR`). Unset,
   * it is the `lang` of the closest ancestor (across shadow roots), then the document's, then
   * English. Layout direction follows `dir`, as everywhere in HTML: set `dir="rtl"` with `lang="ar"`.
   */
  @property()
  locale: string | undefined;

  /**
   * This element's own sentences by message id, over the registered translations (see
   * `registerMessages`). Unknown ids are refused with a `validation` TesseraError; missing ids fall
   * back to the locale's table, then English.
   */
  get messages(): MessageTable | undefined {
    return this.#messages;
  }
  set messages(value: MessageTable | undefined) {
    const old = this.#messages;
    this.#messages = value === undefined ? undefined : parseMessageTable(value);
    this.#localizer = undefined;
    this.requestUpdate('messages', old);
  }

  #messages: MessageTable | undefined;
  #localizer: Localizer | undefined;
  #stopMessages: (() => void) | undefined;

  readonly #themeSheet = new CSSStyleSheet();
  /** The query `auto` is listening to, while it is. */
  #listening: ColorSchemeQuery | undefined;
  readonly #onSchemeChange = (): void => this.#applyTheme();

  /** The words and formats of the widget's locale (resolved as `locale` says). */
  get i18n(): Localizer {
    const locale = canonicalLocale(this.locale) ?? canonicalLocale(inheritedLang(this)) ?? 'en';
    if (this.#localizer?.locale !== locale) this.#localizer = new Localizer(locale, this.#messages);
    return this.#localizer;
  }

  protected get instance(): Tessera | undefined {
    return this.tessera ?? this.contextTessera;
  }

  /**
   * The media query `auto` follows. Overridable so a test (or a host that forces a scheme) can hand
   * in its own; the default is `matchMedia('(prefers-color-scheme: dark)')`.
   */
  protected colorSchemeQuery(): ColorSchemeQuery | undefined {
    return prefersDarkQuery();
  }

  protected override firstUpdated(changed: PropertyValues): void {
    super.firstUpdated(changed);
    const root = this.renderRoot as ShadowRoot;
    root.adoptedStyleSheets = [this.#themeSheet, ...root.adoptedStyleSheets];
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('appearance') || changed.has('theme') || !this.hasUpdated) this.#applyTheme();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#applyTheme();
    // A translation registered after the widget rendered shows without a reload.
    this.#stopMessages = onMessagesRegistered(() => {
      this.#localizer = undefined;
      this.requestUpdate();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#listen(undefined);
    this.#stopMessages?.();
    this.#stopMessages = undefined;
  }

  #listen(query: ColorSchemeQuery | undefined): void {
    if (query === this.#listening) return;
    this.#listening?.removeEventListener('change', this.#onSchemeChange);
    query?.addEventListener('change', this.#onSchemeChange);
    this.#listening = query;
  }

  #applyTheme(): void {
    const preset = presetNameSchema.safeParse(this.theme);
    const input: ThemeInput = { ...this.appearance, ...(preset.success ? { preset: preset.data } : {}) };
    const requested: PresetName | undefined = presetNameSchema.safeParse(input.preset ?? 'light').data;
    // Follow the OS only while connected and only for `auto`; otherwise stop listening.
    const query = requested === 'auto' && this.isConnected ? (this.#listening ?? this.colorSchemeQuery()) : undefined;
    this.#listen(query);
    const scheme = { prefersDark: query?.matches ?? false };
    try {
      this.#themeSheet.replaceSync(themeCss(input, ':host', scheme));
    } catch {
      // An invalid theme must not blank the widget: fall back to the preset alone.
      this.#themeSheet.replaceSync(themeCss({ preset: requested ?? 'light' }, ':host', scheme));
    }
  }
}
