import { createContext } from '@lit/context';
import type { Tessera } from '@tessera/core';
import type { ThemeInput } from '@tessera/themes/schema';

/** The Tessera instance every widget under a provider shares. */
export const tesseraContext = createContext<Tessera | undefined>(Symbol.for('tessera.instance'));

/** The partner's theme (preset and variable overrides), from its hosted config or its code. */
export const themeContext = createContext<ThemeInput | undefined>(Symbol.for('tessera.theme'));

/** Why the embed could not start (invalid settings), for widgets to show in their error state. */
export const startupErrorContext = createContext<{ code: string; message: string } | undefined>(
  Symbol.for('tessera.startup-error'),
);
