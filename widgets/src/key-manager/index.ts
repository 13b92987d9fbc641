import { define } from '../shared/define.js';
import { TesseraKeyManager } from './key-manager.element.js';

export { TesseraKeysChangedEvent } from './events.js';
export { TesseraKeyManager } from './key-manager.element.js';

define({ noun: 'key-manager', element: TesseraKeyManager });

declare global {
  interface HTMLElementTagNameMap {
    'tessera-key-manager': TesseraKeyManager;
  }
}
