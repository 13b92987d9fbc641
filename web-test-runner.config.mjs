// Browser tests in Debian's Chromium (CHROMIUM_PATH overrides), TypeScript through esbuild,
// sibling packages resolved to their source, msw's worker served at the root.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { chromiumArgs, chromiumPath } from './scripts/chromium.mjs';
import { summaryReporter } from './scripts/summary-reporter.mjs';

const require = createRequire(import.meta.url);
const mswWorker = readFileSync(require.resolve('msw/mockServiceWorker.js'), 'utf8');

export default {
  files: process.env.WTR_FILES ?? ['widgets/src/**/*.test.ts', 'packages/core/src/**/*.browser.test.ts'],
  nodeResolve: { browser: true, exportConditions: ['tessera-source', 'browser', 'development'] },
  plugins: [
    {
      // eventemitter3's ESM entry imports its CommonJS build, which a browser cannot load as is
      // (rollup's commonjs plugin does this for the real bundle).
      name: 'eventemitter3-cjs',
      transform(context) {
        if (!context.path.endsWith('/eventemitter3/index.js')) return undefined;
        return `const module = { exports: {} };\n${context.body}\nexport default module.exports;`;
      },
    },
    esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' }),
  ],
  middleware: [
    // The vault frame page as the server serves it, loading the frame script from source.
    function serveVaultFrame(ctx, next) {
      if (ctx.path !== '/vault/frame.html') return next();
      ctx.type = 'text/html';
      ctx.body =
        '<!doctype html><meta charset="utf-8"><title>Tessera key vault</title>' +
        '<script type="module" src="/widgets/src/vault-frame/vault-frame.ts"></script>';
    },
    function serveMswWorker(ctx, next) {
      if (ctx.path !== '/mockServiceWorker.js') return next();
      ctx.type = 'application/javascript';
      ctx.body = mswWorker;
    },
  ],
  browsers: [
    playwrightLauncher({ product: 'chromium', launchOptions: { executablePath: chromiumPath(), args: chromiumArgs } }),
  ],
  reporters: [defaultReporter(), summaryReporter()],
  testFramework: { config: { timeout: 10000 } },
  concurrency: 2,
};
