import { ContextProvider } from '@lit/context';
import { createTessera, parseOrThrow, type Tessera, toTesseraError } from '@tessera/core';
import type { ThemeInput } from '@tessera/themes/schema';
import { TesseraChat } from '../chat/chat.element.js';
import { startupErrorContext, tesseraContext, themeContext } from '../shared/contexts.js';
import { define } from '../shared/define.js';
import { registerLazyWidgets } from './lazy-widgets.js';
import { embedSettingsSchema } from './settings.js';
import { openVaultFrame } from './vault-connection.js';

/** The chat at once (it is what embeds are for); the other widgets when the page uses them. */
function registerWidgets(prefix?: string): void {
  define({ noun: 'chat', element: TesseraChat }, prefix);
  registerLazyWidgets(prefix);
}

/**
 * Boots a script-tag embed: registers the widgets at once (they show their loading state), opens
 * the vault frame on the API's origin so provider keys never live in this page, creates the
 * instance, and provides it and the partner's theme to every widget through `@lit/context`.
 *
 * The instance gets the settings' `userToken` (the partner's sign-in), which the API's user-scoped
 * routes need.
 *
 * The hosted config is read in the background: widgets render with the page's preset and restyle
 * when the partner theme arrives, so a slow API never blocks the chat. Without an API URL and a
 * publishable key (local development) keys stay in this page's memory, and the SDK says so.
 * Any failure is shown in the widgets' error state and rejects the returned promise.
 */
export async function boot(input: unknown): Promise<Tessera> {
  const root = document.documentElement;
  const startupError = new ContextProvider(root, { context: startupErrorContext, initialValue: undefined });
  const fail = (caught: unknown) => {
    const error = toTesseraError(caught, { code: 'validation', message: 'The Tessera embed settings are not valid.' });
    startupError.setValue({ code: error.code, message: error.message });
    return error;
  };

  let settings: ReturnType<typeof embedSettingsSchema.parse>;
  try {
    settings = parseOrThrow(embedSettingsSchema, input, 'Tessera embed settings');
  } catch (caught) {
    const prefix = (input as { prefix?: unknown } | null)?.prefix;
    try {
      registerWidgets(typeof prefix === 'string' ? prefix : undefined);
    } catch {
      registerWidgets();
    }
    throw fail(caught);
  }

  const pageTheme: ThemeInput = settings.theme ? { preset: settings.theme } : {};
  const instance = new ContextProvider(root, { context: tesseraContext, initialValue: undefined });
  const theme = new ContextProvider(root, { context: themeContext, initialValue: pageTheme });
  registerWidgets(settings.prefix);

  let tessera: Tessera;
  try {
    const apiUrl = settings.apiUrl ? new URL(settings.apiUrl, document.baseURI).href : undefined;
    const publishableKey = settings.publishableKey;
    const vault = apiUrl && publishableKey ? await openVaultFrame(apiUrl, publishableKey) : 'memory';
    tessera = createTessera({
      vault,
      ...(apiUrl ? { apiUrl } : {}),
      ...(publishableKey ? { publishableKey } : {}),
      // The partner's sign-in: user-scoped API routes (vault sync, the provider relay) need it.
      ...(settings.userToken ? { userToken: settings.userToken } : {}),
    });
    if (vault !== 'memory') {
      tessera.api
        .config()
        .then((config) => theme.setValue({ ...config.theme, ...pageTheme }))
        .catch((caught: unknown) => {
          const error = toTesseraError(caught, { code: 'network', message: 'Could not read the partner config.' });
          tessera.events.emit('error', error);
          console.warn(`[tessera] ${error.message} The widgets use the page's theme meanwhile.`);
        });
    }
  } catch (caught) {
    throw fail(caught);
  }
  instance.setValue(tessera);
  return tessera;
}
