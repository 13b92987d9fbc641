// `npm run bench`: every benchmark file (`bench/*.bench.ts` beside the code it measures), each
// printing its baseline measured in the same run and the ratio to it. No thresholds: these
// machines are shared and noisy, so figures are read, not asserted.
import { execFileSync } from 'node:child_process';
import { findFiles } from './find-files.mjs';

for (const file of findFiles(['packages', 'widgets', 'themes', 'examples'], /\/bench\/[^/]+\.bench\.ts$/)) {
  console.log(`\n━━ ${file} ━━`);
  execFileSync(process.execPath, ['--conditions=tessera-source', '--import', 'tsx', file], { stdio: 'inherit' });
}
