import { define } from '../shared/define.js';
import { TesseraChat } from './chat.element.js';

export { TesseraChat } from './chat.element.js';

define({ noun: 'chat', element: TesseraChat });

declare global {
  interface HTMLElementTagNameMap {
    'tessera-chat': TesseraChat;
  }
}
