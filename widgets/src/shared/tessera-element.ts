import { consume } from '@lit/context';
import type { Tessera } from '@tessera/core';
import { presetNameSchema, themeCss } from '@tessera/themes';
import type { ThemeInput } from '@tessera/themes/schema';
import { LitElement, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { startupErrorContext, tesseraContext, themeContext } from './contexts.js';

/**
 * Base of every Tessera widget: receives the Tessera instance and the theme from `@lit/context`
 * (or from its own `tessera` property), and applies the theme's variables to its shadow root.
 *
 * Theme variables are set on `:host` from an adopted stylesheet, so CSS a partner writes for the
 * element from outside (`tessera-chat { --tessera-color-accent: … }`) always wins.
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

  /** Preset name, overriding the provided theme's preset: `light` or `dark`. */
  @property({ reflect: true })
  theme: string | undefined;

  readonly #themeSheet = new CSSStyleSheet();

  protected get instance(): Tessera | undefined {
    return this.tessera ?? this.contextTessera;
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
  }

  #applyTheme(): void {
    const preset = presetNameSchema.safeParse(this.theme);
    const input: ThemeInput = { ...this.appearance, ...(preset.success ? { preset: preset.data } : {}) };
    try {
      this.#themeSheet.replaceSync(themeCss(input));
    } catch {
      // An invalid theme must not blank the widget: fall back to the preset alone.
      const fallback = presetNameSchema.safeParse(input.preset);
      this.#themeSheet.replaceSync(themeCss({ preset: fallback.success ? fallback.data : 'light' }));
    }
  }
}
