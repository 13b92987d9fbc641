import type { ThemeInput } from '@tessera/themes/schema';

// The widgets' theme context (`themeContext` in shared/contexts.ts) is keyed by this global symbol.
// The loader speaks the context protocol itself instead of importing `@lit/context`: it is an IIFE
// with no dependencies, and it must stay a few kilobytes.
const THEME_CONTEXT = Symbol.for('tessera.theme');

type ThemeCallback = (value: ThemeInput | undefined, unsubscribe?: () => void) => void;

/** A `context-request` (or `context-provider`) event of the W3C community context protocol. */
interface ContextEvent extends Event {
  context?: unknown;
  contextTarget?: EventTarget;
  callback?: ThemeCallback;
  subscribe?: boolean;
}

const contextEvent = (type: string, fields: Partial<ContextEvent>): Event =>
  Object.assign(new Event(type, { bubbles: true, composed: true }), fields);

/**
 * The partner's appearance from `tessera('set', 'appearance', …)`, merged over the theme the embed
 * provides (the page's preset and the hosted config), for every widget under `host`.
 *
 * It is a theme provider nearer to the widgets than the embed's (on `<html>`): it follows the
 * embed's theme as a consumer, so a hosted config that arrives later still applies, and it takes
 * over widgets that already subscribed there, as `@lit/context` providers re-parent each other.
 */
export class AppearanceOverride {
  readonly #host: Element;
  #provided: ThemeInput | undefined;
  #appearance: ThemeInput | undefined;
  readonly #subscribers = new Map<ThemeCallback, () => void>();

  constructor(host: Element, appearance: ThemeInput | undefined) {
    this.#host = host;
    this.#appearance = appearance;
    host.addEventListener('context-request', this.#onRequest);
    // Our own request passes our listener (it comes from our host) and reaches the embed's provider.
    host.dispatchEvent(
      contextEvent('context-request', {
        context: THEME_CONTEXT,
        contextTarget: host,
        callback: this.#onProvided,
        subscribe: true,
      }),
    );
    host.dispatchEvent(contextEvent('context-provider', { context: THEME_CONTEXT, contextTarget: host }));
  }

  /** Replaces the partner's appearance; `undefined` leaves the embed's theme alone again. */
  set(appearance: ThemeInput | undefined): void {
    this.#appearance = appearance;
    this.#notify();
  }

  /** The embed's theme with the partner's preset and variables over it. */
  get value(): ThemeInput | undefined {
    const provided = this.#provided;
    const own = this.#appearance;
    if (!own) return provided;
    const preset = own.preset ?? provided?.preset;
    return { ...(preset ? { preset } : {}), variables: { ...provided?.variables, ...own.variables } };
  }

  readonly #onProvided: ThemeCallback = (value) => {
    this.#provided = value;
    this.#notify();
  };

  readonly #onRequest = (event: Event): void => {
    const request = event as ContextEvent;
    if (request.context !== THEME_CONTEXT || (request.contextTarget ?? event.composedPath()[0]) === this.#host) return;
    event.stopPropagation();
    const callback = request.callback;
    if (!callback) return;
    if (!request.subscribe) {
      callback(this.value);
      return;
    }
    let unsubscribe = this.#subscribers.get(callback);
    if (!unsubscribe) {
      unsubscribe = () => this.#subscribers.delete(callback);
      this.#subscribers.set(callback, unsubscribe);
    }
    callback(this.value, unsubscribe);
  };

  #notify(): void {
    const value = this.value;
    for (const [callback, unsubscribe] of this.#subscribers) callback(value, unsubscribe);
  }
}
