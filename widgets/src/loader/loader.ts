/**
 * `tessera.js`, the script-tag loader: a few hundred bytes that read the embed's settings and
 * load the widgets' ESM chunks from beside this file, so pages pay only for what they use.
 *
 *   <script src="https://cdn.example/tessera.js" data-publishable-key="pk_live_…" data-api-url="…"></script>
 *
 * Fires `tessera-ready` on `window` with `{ tessera }` once the widgets are registered.
 */
interface LoaderWindow extends Window {
  tesseraSettings?: Record<string, unknown>;
}

const script = document.currentScript as HTMLScriptElement | null;
const data = script?.dataset ?? {};
const settings = {
  ...(data.publishableKey ? { publishableKey: data.publishableKey } : {}),
  ...(data.apiUrl ? { apiUrl: data.apiUrl } : {}),
  ...(data.theme ? { theme: data.theme } : {}),
  ...(data.prefix ? { prefix: data.prefix } : {}),
  ...(window as LoaderWindow).tesseraSettings,
};
const chunks = new URL('chunks/', script?.src ?? document.baseURI).href;

import(/* @vite-ignore */ `${chunks}embed.js`)
  .then((embed: { boot(settings: unknown): Promise<unknown> }) => embed.boot(settings))
  .then((tessera) => {
    window.dispatchEvent(new CustomEvent('tessera-ready', { detail: { tessera } }));
  })
  .catch((error: unknown) => {
    console.error('[tessera] The chat could not start:', error instanceof Error ? error.message : error);
    window.dispatchEvent(new CustomEvent('tessera-error', { detail: { error } }));
  });
