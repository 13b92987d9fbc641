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
const chunks = readdirSync('widgets/dist/chunks').filter((f) => f.endsWith('.js'));
const rows = [['widgets/dist/tessera.js (loader)', gz('widgets/dist/tessera.js')]];
for (const f of chunks) rows.push([`widgets/dist/chunks/${f}`, gz(join('widgets/dist/chunks', f))]);
console.log('\nScript-tag bundle sizes (gzip -9):');
for (const [name, size] of rows) console.log(`  ${name.padEnd(52)} ${kb(size).padStart(9)}`);
const total = rows.reduce((sum, [, size]) => sum + size, 0);
console.log(
  `  ${'all JavaScript a chat page loads'.padEnd(52)} ${kb(total).padStart(9)}   (budget 80 KB; loader budget 5 KB)`,
);
