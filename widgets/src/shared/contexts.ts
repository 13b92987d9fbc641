import { createContext } from '@lit/context';
import type { Tessera } from '@tessera/core';
import type { ThemeInput } from '@tessera/themes/schema';

/** The Tessera instance every widget under a provider shares. */
export const tesseraContext = createContext<Tessera | undefined>(Symbol.for('tessera.instance'));

/** The partner's theme (preset and variable overrides), from its hosted config or its code. */
export const themeContext = createContext<ThemeInput | undefined>(Symbol.for('tessera.theme'));
