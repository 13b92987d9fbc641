import { define } from '../shared/define.js';
import { TesseraLibrary } from './library.element.js';

export { TesseraLibrary } from './library.element.js';

define({ noun: 'library', element: TesseraLibrary });

declare global {
  interface HTMLElementTagNameMap {
    'tessera-library': TesseraLibrary;
  }
}
