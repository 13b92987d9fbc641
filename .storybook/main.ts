import type { StorybookConfig } from '@storybook/web-components-vite';
import { defaultClientConditions } from 'vite';

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  // The gallery builds and runs offline: no telemetry, no "what's new" fetch.
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  viteFinal: async (cfg) => ({
    ...cfg,
    resolve: {
      ...cfg.resolve,
      // Sibling packages export their TypeScript source under `tessera-source`, so the gallery shows the
      // code being edited without building dist/ first.
      conditions: ['tessera-source', ...(cfg.resolve?.conditions ?? defaultClientConditions)],
    },
    optimizeDeps: {
      ...cfg.optimizeDeps,
      // Storybook's web-components renderer imports this Lit module, which the dep scan (stories and preview only)
      // never sees; served raw, it pulls in a second copy of lit-html and `storybook dev` warns of two Lits.
      include: [...(cfg.optimizeDeps?.include ?? []), 'lit/directive-helpers.js'],
    },
  }),
};

export default config;
