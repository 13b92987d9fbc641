// @highlightjs/cdn-assets ships highlight.js as plain ES modules (the `highlight.js` package's
// `es/` entry re-exports CommonJS, which a browser cannot load unbundled) but without types.
// highlight.ts gives them the shapes it uses (`Highlighter`, `LanguageDefinition`).

declare module '@highlightjs/cdn-assets/es/core.js' {
  const hljs: unknown;
  export default hljs;
}

declare module '@highlightjs/cdn-assets/es/languages/*' {
  const grammar: unknown;
  export default grammar;
}
