/**
 * The embed code a partner pastes, for the script tag, React, Vue and Angular, from one set of
 * options. Storybook's "Embed snippet" page shows it, and each framework example's embed file is
 * exactly this code for `EXAMPLE_OPTIONS` (its end-to-end test checks), so the two cannot drift.
 */

export const FRAMEWORKS = ['script-tag', 'react', 'vue', 'angular'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

export interface EmbedOptions {
  /** `pk_live_…` or `pk_test_…`; empty for none (local development). */
  publishableKey: string;
  /** Tessera's API, e.g. `https://tessera.example.com/`; empty for none. */
  apiUrl: string;
  /** A preset: `light`, `dark`, `high-contrast`, `thermal` or `auto`. */
  preset: string;
  /** The brand colour (`--tessera-color-accent`); empty to keep the preset's. */
  accent: string;
  /** Tag prefix: `acme` gives `<acme-chat>`. */
  prefix: string;
}

/** What the examples in `examples/react`, `examples/vue` and `examples/angular` are written with. */
export const EXAMPLE_OPTIONS: EmbedOptions = {
  publishableKey: '',
  apiUrl: '',
  preset: 'dark',
  accent: '#2f9e77',
  prefix: 'tessera',
};

/** One file of a snippet: where it goes in the partner's project, and its content. */
export interface SnippetFile {
  path: string;
  language: 'html' | 'js' | 'tsx' | 'vue' | 'ts';
  code: string;
}

/** Declares `window.tessera` and queues calls until `tessera.js` has loaded (docs/embedding.md). */
export const QUEUE_STUB =
  'window.tessera = window.tessera || function () { (window.tessera.q = window.tessera.q || []).push(arguments); };';

const quote = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const attribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

function appearanceLiteral(options: EmbedOptions): string {
  const preset = `preset: ${quote(options.preset)}`;
  return options.accent
    ? `{ ${preset}, variables: { '--tessera-color-accent': ${quote(options.accent)} } }`
    : `{ ${preset} }`;
}

function createTesseraCall(options: EmbedOptions): string {
  const settings = [
    options.apiUrl ? `apiUrl: ${quote(options.apiUrl)}` : '',
    options.publishableKey ? `publishableKey: ${quote(options.publishableKey)}` : '',
  ].filter(Boolean);
  return settings.length ? `createTessera({ ${settings.join(', ')} })` : 'createTessera()';
}

const KEPT_WHERE = "// Conversations stay in this browser (IndexedDB); keys stay in this page's memory.";
const WHAT_IT_IS = "/** The chat, themed as the site. `baseUrl` is the provider's API, e.g. a local Ollama. */";

function defineWidgetsCall(prefix: string): string {
  const options = prefix === 'tessera' ? '' : `{ prefix: ${quote(prefix)} }`;
  return `defineWidgets(${options}); // registers <${prefix}-chat>`;
}

function scriptTag(options: EmbedOptions): SnippetFile[] {
  const host = options.apiUrl || 'https://TESSERA-HOST/';
  const data = [
    options.publishableKey ? `  data-publishable-key="${attribute(options.publishableKey)}"` : '',
    options.apiUrl ? `  data-api-url="${attribute(options.apiUrl)}"` : '',
    `  data-theme="${attribute(options.preset)}"`,
    options.prefix === 'tessera' ? '' : `  data-prefix="${attribute(options.prefix)}"`,
  ].filter(Boolean);
  const html = [
    "<!-- In <head>: your own setup file first (a strict CSP allows no inline script), then Tessera's loader. -->",
    '<script src="/js/tessera-setup.js"></script>',
    '<script',
    `  src="${attribute(`${host.endsWith('/') ? host : `${host}/`}widgets/tessera.js`)}"`,
    ...data,
    '  defer',
    '></script>',
    '',
    "<!-- Where the chat goes. base-url is the provider's API, e.g. a local Ollama. -->",
    `<${options.prefix}-chat provider="openai-compatible" model="llama3.2" base-url="http://localhost:11434/v1"></${options.prefix}-chat>`,
    '',
  ].join('\n');
  const setup = [
    '// Queues tessera(…) calls until tessera.js has loaded, then they run at once.',
    QUEUE_STUB,
    '',
    ...(options.accent
      ? [`tessera('set', 'appearance', { variables: { '--tessera-color-accent': ${quote(options.accent)} } });`]
      : []),
    "tessera('ready', (instance) => {",
    '  // The Tessera instance: instance.keys, instance.chat, instance.events…',
    '});',
    "tessera('on', 'error', (error) => console.warn(error.message));",
    '',
  ].join('\n');
  return [
    { path: 'index.html', language: 'html', code: html },
    { path: 'js/tessera-setup.js', language: 'js', code: setup },
  ];
}

function react(options: EmbedOptions): SnippetFile[] {
  const code = [
    "import { createTessera } from '@tessera/core';",
    "import { TesseraChat } from '@tessera/widgets/react';",
    '',
    KEPT_WHERE,
    `const tessera = ${createTesseraCall(options)};`,
    `const appearance = ${appearanceLiteral(options)} as const;`,
    '',
    WHAT_IT_IS,
    'export function SupportChat(props: { provider: string; model: string; baseUrl: string }) {',
    '  return (',
    '    <TesseraChat',
    '      tessera={tessera}',
    '      appearance={appearance}',
    '      provider={props.provider}',
    '      model={props.model}',
    '      baseUrl={props.baseUrl}',
    '      onErrorOccurred={(event) => console.warn(event.detail.message)}',
    '    />',
    '  );',
    '}',
    '',
  ].join('\n');
  return [{ path: 'src/support-chat.tsx', language: 'tsx', code }];
}

function vue(options: EmbedOptions): SnippetFile[] {
  const tag = `${options.prefix}-chat`;
  const component = [
    '<script setup lang="ts">',
    "import { createTessera } from '@tessera/core';",
    "import { defineWidgets, type TesseraErrorOccurredEvent } from '@tessera/widgets';",
    '',
    WHAT_IT_IS,
    'defineProps<{ provider: string; model: string; baseUrl: string }>();',
    '',
    defineWidgetsCall(options.prefix),
    '',
    KEPT_WHERE,
    `const tessera = ${createTesseraCall(options)};`,
    `const appearance = ${appearanceLiteral(options)};`,
    'const warn = (event: TesseraErrorOccurredEvent) => console.warn(event.detail.message);',
    '</script>',
    '',
    '<template>',
    '  <!-- `.attr`: the chat sends base-url only to the provider its provider attribute names. -->',
    `  <${tag}`,
    '    :tessera="tessera"',
    '    :appearance="appearance"',
    '    :provider.attr="provider"',
    '    :model="model"',
    '    :base-url="baseUrl"',
    '    @tessera-error-occurred="warn"',
    `  ></${tag}>`,
    '</template>',
    '',
  ].join('\n');
  const config = [
    "import vue from '@vitejs/plugin-vue';",
    "import { defineConfig } from 'vite';",
    '',
    'export default defineConfig({',
    "  // Tessera's widgets are custom elements: Vue leaves them to the browser instead of resolving components.",
    `  plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith(${quote(`${options.prefix}-`)}) } } })],`,
    '});',
    '',
  ].join('\n');
  return [
    { path: 'src/SupportChat.vue', language: 'vue', code: component },
    { path: 'vite.config.ts', language: 'ts', code: config },
  ];
}

function angular(options: EmbedOptions): SnippetFile[] {
  const tag = `${options.prefix}-chat`;
  const code = [
    "import { Component, CUSTOM_ELEMENTS_SCHEMA, input } from '@angular/core';",
    "import { createTessera } from '@tessera/core';",
    "import { defineWidgets, type TesseraErrorOccurredEvent } from '@tessera/widgets';",
    '',
    defineWidgetsCall(options.prefix),
    '',
    WHAT_IT_IS,
    '@Component({',
    "  selector: 'app-support-chat',",
    "  // Lets the template use Tessera's custom elements and bind their properties.",
    '  schemas: [CUSTOM_ELEMENTS_SCHEMA],',
    '  // `attr.`: the chat sends base-url only to the provider its provider attribute names.',
    `  template: \`<${tag}`,
    '    [tessera]="tessera"',
    '    [appearance]="appearance"',
    '    [attr.provider]="provider()"',
    '    [model]="model()"',
    '    [attr.base-url]="baseUrl()"',
    '    (tessera-error-occurred)="warn($event)"',
    `  ></${tag}>\`,`,
    '})',
    'export class SupportChatComponent {',
    '  readonly provider = input.required<string>();',
    '  readonly model = input.required<string>();',
    '  readonly baseUrl = input.required<string>();',
    '',
    `  ${KEPT_WHERE}`,
    `  protected readonly tessera = ${createTesseraCall(options)};`,
    `  protected readonly appearance = ${appearanceLiteral(options)};`,
    '',
    '  protected warn(event: Event) {',
    '    console.warn((event as TesseraErrorOccurredEvent).detail.message);',
    '  }',
    '}',
    '',
  ].join('\n');
  return [{ path: 'src/app/support-chat.component.ts', language: 'ts', code }];
}

/** The files a partner adds or changes to embed the chat with `framework`. */
export function embedSnippet(framework: Framework, options: EmbedOptions): SnippetFile[] {
  switch (framework) {
    case 'script-tag':
      return scriptTag(options);
    case 'react':
      return react(options);
    case 'vue':
      return vue(options);
    case 'angular':
      return angular(options);
  }
}
