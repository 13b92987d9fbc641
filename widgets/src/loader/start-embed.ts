import type { Tessera, TesseraError, TesseraEventMap } from '@tessera/core';
import type { ThemeInput } from '@tessera/themes/schema';
import { AppearanceOverride } from './appearance-override.js';

type Listener<E extends keyof TesseraEventMap> = (...args: TesseraEventMap[E]) => void;

/**
 * `window.tessera`: the partner's stub (with its queue `q`) until the loader replaces it with one
 * that runs each call as soon as it can. Its commands:
 *
 * - `('ready', callback)`: `callback(tessera)` once the instance exists; at once if it already does.
 * - `('on', event, listener)`: `tessera.events.on(event, listener)` once the instance exists. An
 *   `error` listener also receives the error that stopped the embed from starting: a `TesseraError`,
 *   or the browser's `Error` when the chunks could not load.
 * - `('set', 'settings', settings)`: merged over the `data-*` attributes and `window.tesseraSettings`;
 *   only from the queue, because settings are read once, when `tessera.js` runs.
 * - `('set', 'appearance', theme)`: a theme (`{ preset, variables }`) over the page's and the hosted
 *   one, for every widget; each call replaces the last, `undefined` removes it.
 */
export interface TesseraFunction {
  (name: 'ready', callback: (tessera: Tessera) => void): void;
  (name: 'on', event: 'error', listener: (error: TesseraError | Error) => void): void;
  <E extends Exclude<keyof TesseraEventMap, 'error'>>(name: 'on', event: E, listener: Listener<E>): void;
  (name: 'set', what: 'settings', settings: Record<string, unknown>): void;
  (name: 'set', what: 'appearance', appearance: ThemeInput | undefined): void;
  /** Calls the stub queued, each an `arguments` object. */
  q?: ArrayLike<unknown>[];
  /** Marks the loader's own function, so a second `tessera.js` on the page does not start again. */
  loaded?: true;
}

/** The part of the embed chunk (`chunks/embed.js`) the loader calls. */
export interface EmbedModule {
  boot(settings: unknown): Promise<Tessera>;
}

export interface StartEmbedOptions {
  /** From the `<script>` element's `data-*` attributes and `window.tesseraSettings`. */
  settings: Record<string, unknown>;
  /** Commands queued before the loader ran (`window.tessera.q`), replayed in order. */
  queued: ArrayLike<ArrayLike<unknown>>;
  /** Loads the embed chunk. */
  load(): Promise<EmbedModule>;
}

const complain = (message: string) => console.error(`[tessera] ${message}`);

/**
 * Starts the script-tag embed and returns the function that becomes `window.tessera`.
 *
 * Queued commands run in their order, each as soon as what it needs exists: settings before the
 * embed starts, the appearance as soon as the widgets are registered, `ready` and `on` once the
 * instance exists, just before `tessera-ready` fires on `window`. Later calls run at once. A
 * callback that throws is reported (`reportError`) and the others still run.
 */
export function startEmbed(options: StartEmbedOptions): TesseraFunction {
  const settings = { ...options.settings };
  const waiting: unknown[][] = [];
  const errorListeners: ((error: unknown) => void)[] = [];
  let started = false;
  let tessera: Tessera | undefined;
  let failure: { error: unknown } | undefined;
  let appearance: ThemeInput | undefined;
  let override: AppearanceOverride | undefined;
  let widgetsRegistered = false;

  const call = (callback: (...args: never[]) => void, ...args: unknown[]) => {
    try {
      (callback as (...a: unknown[]) => void)(...args);
    } catch (error) {
      reportError(error);
    }
  };

  const applyAppearance = () => {
    if (!widgetsRegistered || !document.body || (!override && appearance === undefined)) return;
    if (override) override.set(appearance);
    else override = new AppearanceOverride(document.body, appearance);
  };

  const runWithInstance = (instance: Tessera, [name, event, listener]: unknown[]) => {
    if (name === 'ready') call(event as (tessera: Tessera) => void, instance);
    else instance.events.on(event as keyof TesseraEventMap, listener as Listener<keyof TesseraEventMap>);
  };

  const run = (command: unknown[]) => {
    const [name, what, value] = command;
    if (name === 'set' && what === 'settings') {
      if (started) {
        complain(
          "tessera('set', 'settings', …) came after tessera.js started and was ignored: queue it before the loader, or use the script's data-* attributes.",
        );
      } else Object.assign(settings, value);
    } else if (name === 'set' && what === 'appearance') {
      appearance = value as ThemeInput | undefined;
      applyAppearance();
    } else if (
      (name === 'ready' && typeof what === 'function') ||
      (name === 'on' && typeof what === 'string' && typeof value === 'function')
    ) {
      if (tessera) runWithInstance(tessera, command);
      else if (!failure) waiting.push(command);
      if (name === 'on' && what === 'error') {
        const listener = value as (error: unknown) => void;
        errorListeners.push(listener);
        if (failure) call(listener, failure.error);
      }
    } else {
      complain(
        `tessera(${JSON.stringify(name)}, …) is not a command: use ready, on, set settings or set appearance, with a function where one is needed.`,
      );
    }
  };

  for (const command of Array.from(options.queued, (args) => Array.from(args))) run(command);
  started = true;

  const tesseraFunction = ((...command: unknown[]) => run(command)) as TesseraFunction;
  tesseraFunction.loaded = true;

  options
    .load()
    .then((embed) => {
      const booting = embed.boot(settings);
      // boot() registers the widgets and provides the theme before it first waits.
      widgetsRegistered = true;
      applyAppearance();
      // An async loader in <head> can get here before <body> exists.
      if (!document.body) document.addEventListener('DOMContentLoaded', applyAppearance, { once: true });
      return booting;
    })
    .then(
      (instance) => {
        tessera = instance;
        for (const command of waiting.splice(0)) runWithInstance(instance, command);
        window.dispatchEvent(new CustomEvent('tessera-ready', { detail: { tessera: instance } }));
      },
      (error: unknown) => {
        failure = { error };
        waiting.length = 0;
        complain(`The chat could not start: ${error instanceof Error ? error.message : String(error)}`);
        for (const listener of errorListeners) call(listener, error);
        window.dispatchEvent(new CustomEvent('tessera-error', { detail: { error } }));
      },
    );
  return tesseraFunction;
}
