import type { Decorator, Preview } from '@storybook/web-components-vite';
import { type PresetName, themeCss } from '@tessera/themes';

// The page takes the same preset as the widgets, so a dark chat is judged on a dark page. Its variables sit on
// <body>, outside the widgets' shadow roots: each widget still sets its own from its `theme` attribute (on :host),
// so a widget that ignored the attribute would stand out instead of inheriting the page's colours.
const pageSheet = new CSSStyleSheet();
document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageSheet];

const themedPage: Decorator = (story, { globals }) => {
  const preset: PresetName = globals.theme === 'dark' ? 'dark' : 'light';
  pageSheet.replaceSync(
    `${themeCss({ preset }, 'body')}
    body { background: var(--tessera-color-surface-sunken); color-scheme: ${preset}; }`,
  );
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
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light' },
  decorators: [themedPage],
  parameters: {
    // The preview follows the theme toolbar; Storybook's own backgrounds would fight it.
    backgrounds: { disable: true },
    controls: { expanded: true },
  },
};

export default preview;
