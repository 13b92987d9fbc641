import { ContextProvider } from '@lit/context';
import { createTessera, type Tessera, TesseraError } from '@tessera/core';
import {
  type CompiledPresetName,
  compiledPresetNameSchema,
  resolvePreset,
  resolveValue,
  type Theme,
  type ThemeInput,
  themeSchema,
  themeVariables,
} from '@tessera/themes';
import { nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { html } from 'lit/static-html.js';
import { themeContext } from '../shared/contexts.js';
import { TesseraErrorOccurredEvent } from '../shared/events.js';
import { prefersDarkQuery, TesseraElement } from '../shared/tessera-element.js';
import { TesseraThemeChangedEvent } from './events.js';
import { contrastPanel } from './parts/contrast-panel.js';
import { colorFields, fontFields, SCALE_DEFAULT, scaleFields, type ThemeField } from './parts/fields.js';
import { previewPanel } from './parts/preview-panel.js';
import {
  contrastRows,
  failsContrast,
  fieldError,
  themeCssFor,
  themeJson,
  themeOf,
  toHex,
} from './parts/theme-draft.js';
import { themeCustomizerStyles } from './theme-customizer.styles.js';

const PRESET_LABELS: Readonly<Record<CompiledPresetName, string>> = {
  light: 'Light',
  dark: 'Dark',
  'high-contrast': 'High contrast',
  thermal: 'Thermal',
};

/** The widgets previewed, by the noun of their tag. */
const PREVIEWED = ['chat', 'library', 'key-manager'] as const;

const SUFFIX = '-theme-customizer';

/**
 * A fetch for the previews' Tessera that never reaches a network: the preview shows the widgets'
 * look, not a partner's data, and must not spend a key or leak a request from a design tool.
 */
const noNetwork: typeof fetch = () =>
  Promise.reject(
    new TesseraError('network', 'The theme preview does not connect to providers. Try the chat in your app instead.'),
  );

/**
 * Edits a Tessera theme live: pick a preset, change role colours, fonts and the scale knobs for
 * spacing, radius and type, and see every widget (chat, library, key manager) restyle beside the
 * controls, with the WCAG contrast of each pair the presets must pass. The result is copied out as
 * JSON (`{ preset, variables }` with only what differs from the preset, the same JSON as the hosted
 * partner config and `appearance`) or as CSS for the widgets' tags.
 *
 * Every value is checked by the theme schema, then by the browser for its kind (a colour, a font
 * list, a number in range); an invalid value is shown with the reason and is not applied.
 *
 * The previews run on their own Tessera over a memory store whose `fetch` refuses every request, so
 * the customizer never reaches a network; seed it through `previewTessera` to show conversations.
 * They use the customizer's own tag prefix (`acme-theme-customizer` previews `acme-chat`), so the
 * widgets must be registered under that prefix (the customizer's entry registers `tessera-*`).
 *
 * @tagname tessera-theme-customizer
 * @summary Live theme editor with previews, contrast checks, and JSON or CSS output.
 *
 * @fires tessera-theme-changed - An edit was applied; `detail.theme` is `{ preset, variables }` (only what differs from the preset).
 * @fires tessera-error-occurred - The theme given in `value` could not be read (`code`, `message`).
 *
 * @csspart base - The outer container.
 * @csspart header - The title bar.
 * @csspart loading - Shown until the previewed widgets are registered.
 * @csspart error - Why the given theme could not be edited, with a button to start from a preset.
 * @csspart start-over-button - Discards the unreadable theme and starts from the light preset.
 * @csspart controls - The form of presets, colours, scales and fonts.
 * @csspart preset - The preset picker.
 * @csspart field - One variable's label, inputs and message; also `field-invalid` while its value is refused.
 * @csspart color-picker - A colour field's native colour input.
 * @csspart value-input - A field's text input (any CSS colour, a font list).
 * @csspart scale-input - A scale knob's slider; its value is shown in `scale-value`.
 * @csspart field-error - Why a value was refused.
 * @csspart reset-button - Drops every edit and returns to the preset.
 * @csspart preview - The previews; each widget sits in a `preview-item` with a `preview-caption`.
 * @csspart contrast - The contrast panel: `contrast-table`, rows `contrast-row` (also `contrast-fail`), `contrast-swatch`, `contrast-ratio`, `contrast-verdict`.
 * @csspart output - The output section; `json-output` and `css-output` text areas, `copy-json-button` and `copy-css-button`.
 *
 * @cssstate loading - The previews are not ready yet.
 * @cssstate error - The given theme could not be read.
 * @cssstate invalid - At least one field holds a refused value.
 * @cssstate contrast-fail - At least one contrast pair fails WCAG AA.
 *
 * @cssprop --tessera-color-accent - Buttons.
 * @cssprop --tessera-color-on-accent - Text on buttons.
 * @cssprop --tessera-color-surface - Background.
 * @cssprop --tessera-color-surface-raised - Header and panels.
 * @cssprop --tessera-color-surface-sunken - The output text areas.
 * @cssprop --tessera-color-border - Borders.
 * @cssprop --tessera-color-text - Text colour.
 * @cssprop --tessera-color-text-muted - Hints and captions.
 * @cssprop --tessera-color-danger - Refused values and failing pairs.
 * @cssprop --tessera-color-danger-surface - Error background.
 * @cssprop --tessera-color-focus-ring - Focus outline.
 * @cssprop --tessera-font-body - Text font.
 * @cssprop --tessera-font-mono - Values and output.
 * @cssprop --tessera-font-size-sm - Small text size.
 * @cssprop --tessera-font-size-md - Body text size.
 * @cssprop --tessera-space-xs - Extra-small spacing.
 * @cssprop --tessera-space-sm - Small spacing.
 * @cssprop --tessera-space-md - Medium spacing.
 * @cssprop --tessera-space-lg - Large spacing.
 * @cssprop --tessera-radius-sm - Radius of inputs and buttons.
 * @cssprop --tessera-radius-md - Radius of the customizer and its panels (unless --tessera-theme-customizer-radius is set).
 * @cssprop --tessera-theme-customizer-radius - Corner radius of the customizer and its panels.
 * @cssprop --tessera-theme-customizer-preview-height - Height of each preview (default 420px).
 */
export class TesseraThemeCustomizer extends TesseraElement {
  static override styles = themeCustomizerStyles;

  /** Accessible name and heading of the customizer. */
  @property() label = 'Theme';

  /**
   * The theme being edited. Set it to start from a partner's theme (a preset of `auto` is resolved
   * by the OS colour scheme); it follows every applied edit, so reading it gives the current theme.
   */
  @property({ attribute: false }) value: ThemeInput | undefined;

  /**
   * The Tessera the previews use. By default the customizer makes one over a memory store with a
   * `fetch` that refuses every request; set your own to seed conversations into the chat preview.
   */
  @property({ attribute: false }) previewTessera: Tessera | undefined;

  @state() private preset: CompiledPresetName = 'light';
  /** Applied values, by variable: only valid ones ever get here. */
  @state() private edited: Readonly<Record<string, string>> = {};
  /** What each field's text input holds, valid or not. */
  @state() private drafts: Readonly<Record<string, string>> = {};
  @state() private errors: Readonly<Record<string, string>> = {};
  @state() private loadError: string | undefined;
  @state() private ready = false;
  /** The latest sentence for the polite live region. */
  @state() private announcement = '';

  readonly #internals = this.attachInternals();
  /** The theme this element last wrote to `value`, so reading it back is not a new theme to load. */
  #written: ThemeInput | undefined;
  #ownTessera: Tessera | undefined;
  /**
   * The edited theme, provided to the previews: a theme provided from above the customizer (the
   * script-tag loader's hosted theme) must not reach them and undo the edits.
   */
  readonly #previewTheme = new ContextProvider(this, { context: themeContext });
  #providedJson = '';
  /** The theme of the last update, the same object while nothing changes (so previews are not re-themed). */
  #shown: Theme = { preset: 'light', variables: {} };

  /** The theme as it stands: `{ preset, variables }` with only what differs from the preset. */
  get currentTheme(): Theme {
    return themeOf(this.preset, this.edited);
  }

  /** The current theme as JSON, as the JSON output shows it. */
  get json(): string {
    return themeJson(this.currentTheme);
  }

  /** The current theme as CSS for the previewed widgets' tags, as the CSS output shows it. */
  get css(): string {
    return themeCssFor(this.currentTheme, this.#tags());
  }

  /** Resolves when the previewed widgets are registered and the previews rendered. */
  get loaded(): Promise<void> {
    return Promise.all(PREVIEWED.map((noun) => customElements.whenDefined(`${this.#prefix()}-${noun}`))).then(() =>
      this.updateComplete.then(() => undefined),
    );
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loaded.then(() => {
      this.ready = true;
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // A preview instance this element made is its own to close; a given one belongs to the page.
    void this.#ownTessera?.close();
    this.#ownTessera = undefined;
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('value') && this.value !== this.#written) this.#load(this.value);
    const json = this.json;
    if (json !== this.#providedJson) {
      this.#providedJson = json;
      this.#shown = this.currentTheme;
      this.#previewTheme.setValue(this.#shown);
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.#setState('loading', !this.ready);
    this.#setState('error', this.loadError !== undefined);
    this.#setState('invalid', Object.keys(this.errors).length > 0);
    this.#setState('contrast-fail', contrastRows(this.#variables()).some(failsContrast));
  }

  #setState(name: string, on: boolean): void {
    const states = this.#internals.states;
    if (!states) return;
    if (on) states.add(name);
    else states.delete(name);
  }

  /** `acme` for `<acme-theme-customizer>`: the previews use the same prefix. */
  #prefix(): string {
    return this.localName.endsWith(SUFFIX) ? this.localName.slice(0, -SUFFIX.length) : 'tessera';
  }

  #tags(): string[] {
    return PREVIEWED.map((noun) => `${this.#prefix()}-${noun}`);
  }

  #previewInstance(): Tessera {
    if (this.previewTessera) return this.previewTessera;
    this.#ownTessera ??= createTessera({ store: 'memory', vault: 'memory', fetch: noNetwork });
    return this.#ownTessera;
  }

  #variables(): Record<string, string> {
    return themeVariables(this.currentTheme);
  }

  #load(input: ThemeInput | undefined): void {
    const parsed = themeSchema.safeParse(input ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` (${issue.path.join('.')})` : '';
      this.loadError = `This theme cannot be edited: ${issue?.message ?? 'it is not a theme'}${where}. Fix it, or start from a preset.`;
      this.dispatchEvent(new TesseraErrorOccurredEvent({ code: 'validation', message: this.loadError }));
      return;
    }
    this.loadError = undefined;
    this.preset = resolvePreset(parsed.data.preset, { prefersDark: prefersDarkQuery()?.matches ?? false });
    this.edited = { ...parsed.data.variables };
    this.drafts = { ...parsed.data.variables };
    const errors: Record<string, string> = {};
    for (const field of [...colorFields, ...scaleFields, ...fontFields]) {
      const raw = parsed.data.variables[field.name];
      const error = raw === undefined ? undefined : fieldError(field, raw);
      if (error) errors[field.name] = error;
    }
    this.errors = errors;
  }

  #startOver(): void {
    this.#load({ preset: 'light' });
    this.#changed('Started from the light preset.');
  }

  #pickPreset(event: Event): void {
    const parsed = compiledPresetNameSchema.safeParse((event.target as HTMLSelectElement).value);
    if (!parsed.success) return;
    this.preset = parsed.data;
    this.#changed();
  }

  /** A field's text (or slider, or picker) changed: apply it when valid, otherwise say why. */
  #edit(field: ThemeField, raw: string): void {
    this.drafts = { ...this.drafts, [field.name]: raw };
    const { [field.name]: _dropped, ...otherErrors } = this.errors;
    if (raw.trim() === '') {
      // Empty means "the preset's value".
      const { [field.name]: _removed, ...rest } = this.edited;
      this.edited = rest;
      this.errors = otherErrors;
      this.#changed();
      return;
    }
    const error = fieldError(field, raw);
    if (error) {
      this.errors = { ...otherErrors, [field.name]: error };
      return;
    }
    this.errors = otherErrors;
    this.edited = { ...this.edited, [field.name]: raw.trim() };
    this.#changed();
  }

  #reset(): void {
    this.edited = {};
    this.drafts = {};
    this.errors = {};
    this.#changed('Every edit was dropped; the preset is shown as it ships.');
  }

  #changed(announcement?: string): void {
    const theme = this.currentTheme;
    this.#written = theme;
    this.value = theme;
    if (announcement) this.announcement = announcement;
    this.dispatchEvent(new TesseraThemeChangedEvent({ theme }));
  }

  async #copy(what: 'JSON' | 'CSS'): Promise<void> {
    const text = what === 'JSON' ? this.json : this.css;
    try {
      await navigator.clipboard.writeText(text);
      this.announcement = `Theme ${what} copied to the clipboard.`;
    } catch {
      this.announcement = `The browser did not allow copying. Select the ${what} text and copy it yourself.`;
      this.renderRoot.querySelector<HTMLTextAreaElement>(`[part="${what.toLowerCase()}-output"]`)?.select();
    }
  }

  // Rendering

  #fieldView(field: ThemeField, variables: Readonly<Record<string, string>>) {
    const id = field.name.slice(2);
    const error = this.errors[field.name];
    const describedBy = error ? `${id}-error` : nothing;
    const effective = variables[field.name];
    const part = error ? 'field field-invalid' : 'field';
    const errorView = error ? html`<p part="field-error" id="${id}-error">${error}</p>` : nothing;

    if (field.kind === 'scale') {
      const range = field.range ?? { min: 0, max: 3, step: 0.1 };
      const value = this.edited[field.name] ?? effective ?? String(SCALE_DEFAULT);
      return html`<div part=${part}>
        <label for=${id}>${field.label}</label>
        <div class="row">
          <input
            part="scale-input"
            id=${id}
            type="range"
            min=${range.min}
            max=${range.max}
            step=${range.step}
            .value=${value}
            aria-describedby=${describedBy}
            @input=${(e: Event) => this.#edit(field, (e.target as HTMLInputElement).value)}
          />
          <output part="scale-value" for=${id}>${Number(value).toFixed(2)}×</output>
        </div>
        ${errorView}
      </div>`;
    }

    const draft = this.drafts[field.name] ?? '';
    const placeholder = effective ?? '';
    const picker =
      field.kind === 'color'
        ? html`<input
            part="color-picker"
            type="color"
            aria-label="${field.label}: pick a colour"
            .value=${this.#pickerValue(variables, field.name)}
            @input=${(e: Event) => this.#edit(field, (e.target as HTMLInputElement).value)}
          />`
        : nothing;
    return html`<div part=${part}>
      <label for=${id}>${field.label}</label>
      <div class="row">
        ${picker}
        <input
          part="value-input"
          id=${id}
          type="text"
          spellcheck="false"
          autocomplete="off"
          placeholder=${placeholder}
          .value=${draft}
          aria-invalid=${error ? 'true' : 'false'}
          aria-describedby=${describedBy}
          @input=${(e: Event) => this.#edit(field, (e.target as HTMLInputElement).value)}
        />
      </div>
      ${errorView}
    </div>`;
  }

  /** The colour the native picker shows: the effective value resolved to hex, black when it has none. */
  #pickerValue(variables: Readonly<Record<string, string>>, name: string): string {
    const literal = literalOf(variables, name);
    const hex = literal ? toHex(literal) : undefined;
    if (!hex) return '#000000';
    return hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join('')}` : hex.toLowerCase();
  }

  #controls(variables: Readonly<Record<string, string>>) {
    return html`<form part="controls" aria-label="Theme settings" @submit=${(e: Event) => e.preventDefault()}>
      <div part="field">
        <label for="preset">Preset</label>
        <select id="preset" part="preset" @change=${this.#pickPreset}>
          ${Object.entries(PRESET_LABELS).map(
            ([name, label]) => html`<option value=${name} ?selected=${name === this.preset}>${label}</option>`,
          )}
        </select>
      </div>
      <fieldset>
        <legend>Colours</legend>
        <p class="hint">Any CSS colour, or a palette variable. Leave empty for the preset's value.</p>
        ${colorFields.map((field) => this.#fieldView(field, variables))}
      </fieldset>
      <fieldset>
        <legend>Scale</legend>
        ${scaleFields.map((field) => this.#fieldView(field, variables))}
      </fieldset>
      <fieldset>
        <legend>Type</legend>
        ${fontFields.map((field) => this.#fieldView(field, variables))}
      </fieldset>
      <button type="button" part="reset-button" @click=${this.#reset}>Reset to preset</button>
    </form>`;
  }

  #output() {
    return html`<section part="output" aria-labelledby="output-heading">
      <h3 id="output-heading">Your theme</h3>
      <div class="outputs">
        <div class="output">
          <label for="json-output">JSON (hosted config or <code>appearance</code>)</label>
          <textarea id="json-output" part="json-output" readonly rows="10" .value=${this.json}></textarea>
          <button type="button" part="copy-json-button" @click=${() => this.#copy('JSON')}>Copy JSON</button>
        </div>
        <div class="output">
          <label for="css-output">CSS (for a stylesheet on your page)</label>
          <textarea id="css-output" part="css-output" readonly rows="10" .value=${this.css}></textarea>
          <button type="button" part="copy-css-button" @click=${() => this.#copy('CSS')}>Copy CSS</button>
        </div>
      </div>
    </section>`;
  }

  override render() {
    const status = html`<div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>`;
    if (this.loadError) {
      return html`<div part="base">
        <header part="header"><h2>${this.label}</h2></header>
        <div part="error" role="alert">
          <p>${this.loadError}</p>
          <button type="button" part="start-over-button" @click=${this.#startOver}>Start from the light preset</button>
        </div>
        ${status}
      </div>`;
    }
    const variables = this.#variables();
    const theme = this.#shown;
    return html`<div part="base" role="group" aria-labelledby="heading">
      <header part="header"><h2 id="heading">${this.label}</h2></header>
      <div class="layout">
        ${this.#controls(variables)}
        ${
          this.ready
            ? previewPanel(this.#prefix(), theme, this.#previewInstance())
            : html`<p part="loading">Loading the preview…</p>`
        }
      </div>
      ${contrastPanel(contrastRows(variables))} ${this.#output()} ${status}
    </div>`;
  }
}

/** A variable's literal value, or undefined when it is not defined or refers in a cycle. */
function literalOf(variables: Readonly<Record<string, string>>, name: string): string | undefined {
  try {
    return resolveValue(variables, `var(${name})`);
  } catch {
    return undefined;
  }
}
