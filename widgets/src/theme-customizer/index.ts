import '../chat/index.js';
import '../key-manager/index.js';
import '../library/index.js';
import { define } from '../shared/define.js';
import { TesseraThemeCustomizer } from './theme-customizer.element.js';

export { TesseraThemeChangedEvent } from './events.js';
export { TesseraThemeCustomizer } from './theme-customizer.element.js';

// The previews are real widgets, so registering the customizer registers them too (as tessera-*).
define({ noun: 'theme-customizer', element: TesseraThemeCustomizer });

declare global {
  interface HTMLElementTagNameMap {
    'tessera-theme-customizer': TesseraThemeCustomizer;
  }
}
