import { ContextProvider } from '@lit/context';
import { createTessera, parseOrThrow, type Tessera, toTesseraError } from '@tessera/core';
import type { ThemeInput } from '@tessera/themes/schema';
import { defineWidgets } from '../define-widgets.js';
import { startupErrorContext, tesseraContext, themeContext } from '../shared/contexts.js';
import { embedSettingsSchema } from './settings.js';

/** Settings validated, and the instance they describe. Throws a `validation` TesseraError. */
function start(input: unknown) {
  const settings = parseOrThrow(embedSettingsSchema, input, 'Tessera embed settings');
  const apiUrl = settings.apiUrl ? new URL(settings.apiUrl, document.baseURI).href : undefined;
  const tessera = createTessera({
    ...(apiUrl ? { apiUrl } : {}),
    ...(settings.publishableKey ? { publishableKey: settings.publishableKey } : {}),
  });
  return { settings, tessera, hosted: Boolean(apiUrl && settings.publishableKey) };
}

/**
 * Boots a script-tag embed: creates the Tessera instance, provides it and the partner's theme
 * to every widget on the page through `@lit/context`, and registers the widgets.
 *
 * The hosted config is read in the background: widgets render at once with the page's preset
 * and restyle when the partner theme arrives, so a slow API never blocks the chat.
 */
export function boot(input: unknown): Tessera {
  const root = document.documentElement;
  let started: ReturnType<typeof start>;
  try {
    started = start(input);
  } catch (caught) {
    // The page's widgets still render, and say what is wrong, instead of waiting forever.
    const error = toTesseraError(caught, { code: 'validation', message: 'The Tessera embed settings are not valid.' });
    new ContextProvider(root, {
      context: startupErrorContext,
      initialValue: { code: error.code, message: error.message },
    });
    const prefix = (input as { prefix?: unknown } | null)?.prefix;
    try {
      defineWidgets(typeof prefix === 'string' ? { prefix } : {});
    } catch {
      defineWidgets();
    }
    throw error;
  }
  const { settings, tessera, hosted } = started;
  const pageTheme: ThemeInput = settings.theme ? { preset: settings.theme } : {};
  new ContextProvider(root, { context: tesseraContext, initialValue: tessera });
  const theme = new ContextProvider(root, { context: themeContext, initialValue: pageTheme });
  defineWidgets(settings.prefix ? { prefix: settings.prefix } : {});

  if (hosted) {
    tessera.api
      .config()
      .then((config) => theme.setValue({ ...config.theme, ...pageTheme }))
      .catch((caught: unknown) => {
        const error = toTesseraError(caught, { code: 'network', message: 'Could not read the partner config.' });
        tessera.events.emit('error', error);
        console.warn(`[tessera] ${error.message} The widgets use the page's theme meanwhile.`);
      });
  }
  return tessera;
}
