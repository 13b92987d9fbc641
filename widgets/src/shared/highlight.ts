/**
 * Syntax highlighting for code blocks, loaded in pieces: highlight.js's core (8.4 KB gzip) the
 * first time a closed fence names a language it knows, with one chunk per language (0.3 to 4.7 KB). Nothing here is loaded before the first code block, and a block is highlighted only
 * once its fence has closed, so streaming never waits for it. Unknown languages, and languages
 * whose chunk fails to load, stay plain code.
 */

/** A highlight.js grammar: a function of the highlighter that returns the language's modes. */
export type LanguageDefinition = (hljs: Highlighter) => object;

/** The part of highlight.js's API Tessera uses. */
export interface Highlighter {
  newInstance(): Highlighter;
  registerLanguage(name: string, language: LanguageDefinition): void;
  highlight(code: string, options: { language: string; ignoreIllegals: boolean }): { value: string };
}

type LanguageModule = Promise<{ default: unknown }>;

// One entry per highlight.js module, under the fence names models use. Literal import() paths so
// the bundler splits each language into a chunk of its own.
const LANGUAGE_MODULES: Record<string, { load: () => LanguageModule; names: readonly string[] }> = {
  bash: {
    load: () => import('@highlightjs/cdn-assets/es/languages/bash.min.js'),
    names: ['bash', 'sh', 'shell', 'zsh'],
  },
  c: { load: () => import('@highlightjs/cdn-assets/es/languages/c.min.js'), names: ['c', 'h'] },
  cpp: {
    load: () => import('@highlightjs/cdn-assets/es/languages/cpp.min.js'),
    names: ['cpp', 'c++', 'cc', 'cxx', 'hpp'],
  },
  csharp: { load: () => import('@highlightjs/cdn-assets/es/languages/csharp.min.js'), names: ['csharp', 'cs', 'c#'] },
  css: { load: () => import('@highlightjs/cdn-assets/es/languages/css.min.js'), names: ['css'] },
  diff: { load: () => import('@highlightjs/cdn-assets/es/languages/diff.min.js'), names: ['diff', 'patch'] },
  dockerfile: {
    load: () => import('@highlightjs/cdn-assets/es/languages/dockerfile.min.js'),
    names: ['dockerfile', 'docker'],
  },
  go: { load: () => import('@highlightjs/cdn-assets/es/languages/go.min.js'), names: ['go', 'golang'] },
  graphql: { load: () => import('@highlightjs/cdn-assets/es/languages/graphql.min.js'), names: ['graphql', 'gql'] },
  ini: { load: () => import('@highlightjs/cdn-assets/es/languages/ini.min.js'), names: ['ini', 'toml'] },
  java: { load: () => import('@highlightjs/cdn-assets/es/languages/java.min.js'), names: ['java'] },
  javascript: {
    load: () => import('@highlightjs/cdn-assets/es/languages/javascript.min.js'),
    names: ['javascript', 'js', 'jsx', 'mjs', 'cjs'],
  },
  json: { load: () => import('@highlightjs/cdn-assets/es/languages/json.min.js'), names: ['json', 'jsonc', 'json5'] },
  kotlin: { load: () => import('@highlightjs/cdn-assets/es/languages/kotlin.min.js'), names: ['kotlin', 'kt'] },
  markdown: { load: () => import('@highlightjs/cdn-assets/es/languages/markdown.min.js'), names: ['markdown', 'md'] },
  php: { load: () => import('@highlightjs/cdn-assets/es/languages/php.min.js'), names: ['php'] },
  python: { load: () => import('@highlightjs/cdn-assets/es/languages/python.min.js'), names: ['python', 'py'] },
  ruby: { load: () => import('@highlightjs/cdn-assets/es/languages/ruby.min.js'), names: ['ruby', 'rb'] },
  rust: { load: () => import('@highlightjs/cdn-assets/es/languages/rust.min.js'), names: ['rust', 'rs'] },
  scss: { load: () => import('@highlightjs/cdn-assets/es/languages/scss.min.js'), names: ['scss'] },
  sql: { load: () => import('@highlightjs/cdn-assets/es/languages/sql.min.js'), names: ['sql'] },
  swift: { load: () => import('@highlightjs/cdn-assets/es/languages/swift.min.js'), names: ['swift'] },
  typescript: {
    load: () => import('@highlightjs/cdn-assets/es/languages/typescript.min.js'),
    names: ['typescript', 'ts', 'tsx', 'mts', 'cts'],
  },
  xml: {
    load: () => import('@highlightjs/cdn-assets/es/languages/xml.min.js'),
    names: ['xml', 'html', 'xhtml', 'svg'],
  },
  yaml: { load: () => import('@highlightjs/cdn-assets/es/languages/yaml.min.js'), names: ['yaml', 'yml'] },
};

const MODULE_BY_NAME = new Map(
  Object.entries(LANGUAGE_MODULES).flatMap(([module, { names }]) => names.map((name) => [name, module] as const)),
);

/** The highlight.js module for a fence's language name, or undefined when there is none. */
export function languageModule(name: string): string | undefined {
  return MODULE_BY_NAME.get(name.toLowerCase());
}

/** Test seam: replaces a language's loader (a failing chunk, a slow one). Returns the previous loader. */
export function setLanguageLoader(module: string, load: () => LanguageModule): () => LanguageModule {
  const entry = LANGUAGE_MODULES[module];
  if (!entry) throw new Error(`No language module ${module}.`);
  const previous = entry.load;
  entry.load = load;
  return previous;
}

let hljs: Promise<Highlighter> | undefined;
// 'ready' once registered, 'failed' when its chunk did not load (it then stays plain code), or the load under way.
const state = new Map<string, 'ready' | 'failed' | Promise<void>>();
const listeners = new Set<() => void>();
let instance: Highlighter | undefined;

// A private instance: a page that uses highlight.js itself keeps its own configuration, and ours
// (class prefix, registered languages) cannot leak into it or be changed by it.
const loadCore = (): Promise<Highlighter> =>
  (hljs ??= import('@highlightjs/cdn-assets/es/core.js').then((core) => {
    instance = (core.default as Highlighter).newInstance();
    return instance;
  }));

/**
 * Whether a language is ready, failed, or loading; starts loading it the first time it is asked
 * for. Calls the `onLanguageSettled` listeners when the load settles either way.
 */
export function requestLanguage(name: string): 'ready' | 'failed' | 'loading' | 'unknown' {
  const module = languageModule(name);
  if (!module) return 'unknown';
  const current = state.get(module);
  if (current === 'ready' || current === 'failed') return current;
  if (current === undefined) {
    const entry = LANGUAGE_MODULES[module] as { load: () => LanguageModule };
    const loading = Promise.all([loadCore(), entry.load()])
      .then(([core, language]) => {
        core.registerLanguage(module, language.default as LanguageDefinition);
        state.set(module, 'ready');
      })
      .catch(() => {
        // A chunk that does not load (offline, a CDN hiccup) leaves plain code: no error to show.
        state.set(module, 'failed');
        if (!instance) hljs = undefined;
      });
    state.set(
      module,
      loading.then(() => {
        for (const listener of listeners) listener();
      }),
    );
  }
  return 'loading';
}

/** Resolves once every language load under way has settled. */
export function languagesSettled(): Promise<void> {
  return Promise.all([...state.values()].filter((s) => s instanceof Promise)).then(() => undefined);
}

/** Calls `listener` each time a language finishes loading (or fails to). Returns the unsubscribe function. */
export function onLanguageSettled(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// Highlighted HTML by language and code: a closed fence in a streaming answer's last block is
// asked for again every frame until the answer moves on, and must not be highlighted each time.
const CACHE_LIMIT = 200;
const highlighted = new Map<string, string>();

/**
 * The code as highlight.js HTML (escaped text in `<span class="hljs-…">`), or undefined when its
 * language is not loaded. The caller sanitizes it like every other piece of model output.
 */
export function highlightCode(code: string, name: string): string | undefined {
  const module = languageModule(name);
  if (!module || state.get(module) !== 'ready' || !instance) return undefined;
  const key = `${module}\n${code}`;
  const hit = highlighted.get(key);
  if (hit !== undefined) return hit;
  const html = instance.highlight(code, { language: module, ignoreIllegals: true }).value;
  highlighted.set(key, html);
  if (highlighted.size > CACHE_LIMIT) highlighted.delete(highlighted.keys().next().value as string);
  return html;
}
