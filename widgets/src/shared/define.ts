/** A widget class and the noun of its tag (`chat` gives `tessera-chat`, or `acme-chat`). */
export interface WidgetRegistration {
  noun: string;
  element: CustomElementConstructor;
}

const PREFIX = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/**
 * Registers a widget under a prefix (default `tessera`). A partner may register the same class
 * under its own prefix; registering an already-defined tag is a no-op so embeds can load twice.
 * Each prefix gets its own subclass, because one constructor can only be defined once.
 */
export function define(registration: WidgetRegistration, prefix = 'tessera'): string {
  if (!PREFIX.test(prefix)) {
    throw new Error(
      `"${prefix}" is not a valid tag prefix: use lowercase letters, digits and dashes, starting with a letter.`,
    );
  }
  const tag = `${prefix}-${registration.noun}`;
  if (!customElements.get(tag)) {
    const element =
      prefix === 'tessera' ? registration.element : class extends (registration.element as typeof HTMLElement) {};
    customElements.define(tag, element as CustomElementConstructor);
  }
  return tag;
}
