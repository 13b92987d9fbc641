import type { Decorator, Preview } from '@storybook/web-components-vite';
import { compiledPresetNameSchema, themeCss } from '@tessera/themes';

// The page takes the same preset as the widgets, so a dark chat is judged on a dark page. Its variables sit on
// <body>, outside the widgets' shadow roots: each widget still sets its own from its `theme` attribute (on :host),
// so a widget that ignored the attribute would stand out instead of inheriting the page's colours.
const pageSheet = new CSSStyleSheet();
document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageSheet];

// Widgets read their language from the closest `lang` and mirror under `dir`: setting both on the page
// shows every story in German, or in Arabic right to left.
const DIRECTIONS: Record<string, 'ltr' | 'rtl'> = { en: 'ltr', de: 'ltr', ar: 'rtl' };

const themedPage: Decorator = (story, { globals }) => {
  const parsed = compiledPresetNameSchema.safeParse(globals.theme);
  const preset = parsed.success ? parsed.data : 'light';
  pageSheet.replaceSync(
    `${themeCss({ preset }, 'body')}
    body { background: var(--tessera-color-surface-sunken); color-scheme: ${preset === 'light' ? 'light' : 'dark'}; }`,
  );
  const locale = typeof globals.locale === 'string' && globals.locale in DIRECTIONS ? globals.locale : 'en';
  document.documentElement.lang = locale;
  document.documentElement.dir = DIRECTIONS[locale] ?? 'ltr';
  return story();
};

const preview: Preview = {
  globalTypes: {
    theme: {
      // Also the toolbar button's tooltip and accessible name.
      description: 'Widget theme (the theme attribute)',
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        items: [
          { value: 'light', title: 'Light', icon: 'sun' },
          { value: 'dark', title: 'Dark', icon: 'moon' },
          { value: 'high-contrast', title: 'High contrast', icon: 'contrast' },
          { value: 'thermal', title: 'Thermal', icon: 'lightning' },
        ],
        dynamicTitle: true,
      },
    },
    locale: {
      description: 'Page language (lang, and dir for right-to-left)',
      toolbar: {
        title: 'Language',
        icon: 'globe',
        items: [
          { value: 'en', title: 'English' },
          { value: 'de', title: 'Deutsch' },
          { value: 'ar', title: 'العربية (RTL)' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light', locale: 'en' },
  decorators: [themedPage],
  parameters: {
    // The preview follows the theme toolbar; Storybook's own backgrounds would fight it.
    backgrounds: { disable: true },
    controls: { expanded: true },
  },
};

export default preview;
