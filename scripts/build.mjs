// `npm run build`: design tokens, type declarations, bundles, the custom-elements manifest,
// then the size report.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const run = (cmd, args, options = {}) => execFileSync(cmd, args, { stdio: 'inherit', ...options });
const bin = (name) => join(process.cwd(), 'node_modules', '.bin', name);

for (const dir of ['packages/core/dist', 'themes/dist', 'widgets/dist', 'packages/server/dist']) {
  rmSync(dir, { recursive: true, force: true });
}
run(process.execPath, ['--import', 'tsx', 'themes/scripts/compile-tokens.ts']);
run(bin('tsc'), [
  '-b',
  'packages/core/tsconfig.build.json',
  'packages/core/tsconfig.node.build.json',
  'themes/tsconfig.build.json',
  'widgets/tsconfig.build.json',
  'packages/server/tsconfig.build.json',
]);
run(bin('rollup'), ['-c', 'rollup.config.mjs', '--silent']);
run(bin('custom-elements-manifest'), ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'], {
  cwd: 'widgets',
});

const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const dir = 'widgets/dist/chunks';
const chunks = readdirSync(dir).filter((f) => f.endsWith('.js'));
console.log('\nScript-tag bundle sizes (gzip -9):');
console.log(`  ${'widgets/dist/tessera.js (loader)'.padEnd(52)} ${kb(gz('widgets/dist/tessera.js')).padStart(9)}`);
for (const f of chunks) console.log(`  ${`${dir}/${f}`.padEnd(52)} ${kb(gz(join(dir, f))).padStart(9)}`);

// What loads before the first message: the loader, then the embed and the vault frame with every
// chunk they import statically (shared chunks are fetched once). Chunks reached only through
// import() (the provider dialects) load when a call first needs them, inside the vault frame.
const STATIC_IMPORT = /import\s*(?!\()(?:[^"';]*?from\s*)?["']\.\/([^"']+)["']/g;
const closure = (entry, seen = new Set()) => {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  for (const [, next] of readFileSync(join(dir, entry), 'utf8').matchAll(STATIC_IMPORT)) closure(next, seen);
  return seen;
};
const upfront = closure('vault-frame.js', closure('embed.js'));
const total = gz('widgets/dist/tessera.js') + [...upfront].reduce((sum, f) => sum + gz(join(dir, f)), 0);
console.log(`  before the first message: the loader, ${[...upfront].join(', ')}`);
console.log(`  ${'  total'.padEnd(52)} ${kb(total).padStart(9)}   (budget 80 KB; loader budget 5 KB)`);
console.log(`  on first use: ${chunks.filter((f) => !upfront.has(f)).join(', ') || 'nothing'}`);

// The budgets hold from now on: a change that breaks one fails the build, not just the report.
const LOADER_BUDGET = 5 * 1024;
const UPFRONT_BUDGET = 80 * 1024;
if (gz('widgets/dist/tessera.js') > LOADER_BUDGET || total > UPFRONT_BUDGET) {
  console.error('Over the size budget: move what the first message does not need behind an import().');
  process.exit(1);
}
