// One build for every package. npm entries keep their dependencies external and mirror src/
// module by module (so consumers tree-shake); the script-tag build bundles everything a page
// needs into ESM chunks plus a tiny IIFE loader (rollup cannot code-split an IIFE).
import { builtinModules } from 'node:module';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';

const bare = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');
const node = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const esm = (minify = false) => esbuild({ target: 'es2022', minify, sourceMap: true, legalComments: 'none' });

/** An npm package: ESM mirroring src/, dependencies external. */
const library = (dir, inputs) => ({
  input: Object.fromEntries(inputs.map((i) => [i, `${dir}/src/${i}.ts`])),
  external: bare,
  plugins: [esm()],
  output: {
    dir: `${dir}/dist`,
    format: 'es',
    preserveModules: true,
    preserveModulesRoot: `${dir}/src`,
    sourcemap: true,
  },
});

// Resolve sibling packages to their TypeScript source, so the browser bundle needs no prior build.
const browserResolve = () =>
  nodeResolve({
    browser: true,
    exportConditions: ['tessera-source', 'browser', 'import', 'default'],
    extensions: ['.ts', '.js', '.mjs'],
  });

const onwarn = (warning, warn) => {
  // Lit's decorators in TS source compile to `this` at module scope in esbuild's helper; harmless.
  if (warning.code === 'THIS_IS_UNDEFINED') return;
  warn(warning);
};

export default [
  library('packages/core', ['index', 'node']),
  library('themes', ['index', 'schema']),
  library('widgets', [
    'index',
    'chat/index',
    'library/index',
    'key-manager/index',
    'theme-customizer/index',
    'shared/define',
    'react/index',
  ]),
  {
    input: { index: 'packages/server/src/index.ts', cli: 'packages/server/src/cli.ts' },
    external: (id) => bare(id) || node.has(id),
    plugins: [esm()],
    output: { dir: 'packages/server/dist', format: 'es', sourcemap: true },
  },
  {
    // Script-tag chunks: everything bundled, minified, shared code split into common chunks.
    input: { embed: 'widgets/src/embed/embed.ts', 'vault-frame': 'widgets/src/vault-frame/vault-frame.ts' },
    plugins: [browserResolve(), commonjs(), esm(true)],
    onwarn,
    output: {
      dir: 'widgets/dist/chunks',
      format: 'es',
      entryFileNames: '[name].js',
      // A widget's English (shared/i18n/english/library.ts) is named for what it is, not the widget.
      chunkFileNames: (chunk) =>
        chunk.facadeModuleId?.includes('/shared/i18n/english/') ? 'english-[name]-[hash].js' : '[name]-[hash].js',
      sourcemap: true,
    },
  },
  {
    input: 'widgets/src/loader/loader.ts',
    plugins: [esm(true)],
    output: { file: 'widgets/dist/tessera.js', format: 'iife', sourcemap: true },
  },
];
