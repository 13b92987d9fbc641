/**
 * `@tessera/widgets/react`: React components for Tessera's widgets, made with `@lit/react`. Importing
 * this entry registers their elements under the `tessera-` prefix. Needs `react` 18 or 19.
 */
export { TesseraChat, type TesseraChatProps } from './chat.js';
export { TesseraLibrary, type TesseraLibraryProps } from './library.js';
