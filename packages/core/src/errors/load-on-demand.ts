import { TesseraError } from './tessera-error.js';

/**
 * Imports code that loads on first use (a provider's dialect, key sync, importers, …). A failed
 * download, from a dropped connection or a deploy that replaced the chunks, becomes a `network`
 * TesseraError that says what could not load and what to do, instead of the browser's bare
 * "Failed to fetch dynamically imported module". Nothing is cached on failure: the next call
 * tries again.
 */
export async function loadOnDemand<T>(what: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (cause) {
    throw new TesseraError(
      'network',
      `Tessera could not load the code for ${what}. Check the connection and try again; if it keeps failing, reload the page.`,
      { cause },
    );
  }
}

/**
 * `load` wrapped so that it runs once it is first needed and its result is kept, like a lazy
 * import, but a failure is not: the call that met it gets the `network` TesseraError above, and
 * the next call tries again.
 */
export function onDemand<T>(what: string, load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    if (!loaded) {
      const loading = loadOnDemand(what, load);
      loaded = loading;
      loading.catch(() => {
        if (loaded === loading) loaded = undefined;
      });
    }
    return loaded;
  };
}
