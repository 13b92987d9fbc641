/**
 * `tessera.js`, the script-tag loader: a small IIFE that reads the embed's settings and loads the
 * widgets' ESM chunks from beside this file, so pages pay only for what they use.
 *
 *   <script src="/js/tessera-setup.js"></script>   (optional: the tessera() queue stub, in a file of the partner's)
 *   <script src="https://cdn.example/tessera.js" data-publishable-key="pk_live_…" data-api-url="…" defer></script>
 *
 * Calls queued on `window.tessera` before this file ran are replayed (see `startEmbed`), then
 * `window.tessera(…)` runs them at once. Fires `tessera-ready` on `window` with `{ tessera }` once the
 * widgets are registered and the instance exists, or `tessera-error` with `{ error }`.
 */
import { type EmbedModule, startEmbed, type TesseraFunction } from './start-embed.js';

interface LoaderWindow extends Window {
  tesseraSettings?: Record<string, unknown>;
  tessera?: TesseraFunction;
}

const page = window as LoaderWindow;

// A second tessera.js on the page would open a second vault frame and instance: the first stays in charge.
if (!page.tessera?.loaded) {
  const script = document.currentScript as HTMLScriptElement | null;
  const data = script?.dataset ?? {};
  const chunks = new URL('chunks/', script?.src ?? document.baseURI).href;
  page.tessera = startEmbed({
    settings: {
      ...(data.publishableKey ? { publishableKey: data.publishableKey } : {}),
      ...(data.apiUrl ? { apiUrl: data.apiUrl } : {}),
      ...(data.theme ? { theme: data.theme } : {}),
      ...(data.prefix ? { prefix: data.prefix } : {}),
      ...page.tesseraSettings,
    },
    queued: page.tessera?.q ?? [],
    load: () => import(/* @vite-ignore */ `${chunks}embed.js`) as Promise<EmbedModule>,
  });
}
