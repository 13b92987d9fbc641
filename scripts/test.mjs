// `npm test`: every check the project has, in order, then one plain summary line for the whole
// run. Each step's own output streams through; counts come from each runner's summary.
// `node scripts/test.mjs node browser` runs only the steps with those keys.
import { spawn } from 'node:child_process';
import { findFiles } from './find-files.mjs';

const steps = [
  { key: 'chromium', name: 'chromium', cmd: ['node', 'scripts/ensure-chromium.mjs'], counts: 'exit' },
  { key: 'postgresql', name: 'postgresql', cmd: ['node', 'scripts/ensure-postgresql.mjs'], counts: 'exit' },
  {
    key: 'tokens',
    name: 'design tokens',
    cmd: ['node', '--import', 'tsx', 'themes/scripts/compile-tokens.ts'],
    counts: 'exit',
  },
  { key: 'typecheck', name: 'type-check', cmd: ['npx', 'tsc', '-p', 'tsconfig.json', '--noEmit'], counts: 'exit' },
  { key: 'lint', name: 'lint', cmd: ['npx', 'biome', 'check', '.'], counts: 'exit' },
  { key: 'build', name: 'build', cmd: ['node', 'scripts/build.mjs'], counts: 'exit' },
  {
    key: 'node',
    name: 'node tests',
    cmd: [
      'node',
      '--conditions=tessera-source',
      '--import',
      'tsx',
      '--test',
      ...findFiles(['packages', 'themes'], /\.test\.ts$/).filter((f) => !f.endsWith('.browser.test.ts')),
    ],
    counts: 'node',
  },
  {
    key: 'browser',
    name: 'browser tests',
    cmd: ['npx', 'web-test-runner', '--config', 'web-test-runner.config.mjs'],
    counts: 'wtr',
  },
  {
    key: 'e2e',
    name: 'end-to-end tests',
    cmd: ['node', '--import', 'tsx', '--test', ...findFiles(['examples'], /\.e2e\.test\.ts$/)],
    counts: 'node',
  },
  { key: 'storybook', name: 'storybook build', cmd: ['npm', 'run', '--silent', 'build-storybook'], counts: 'exit' },
];

function run(cmd) {
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      out += d;
      process.stderr.write(d);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

const last = (out, re) => {
  const all = [...out.matchAll(re)];
  return all.length ? Number(all.at(-1)[1]) : undefined;
};

// The names of what failed, so a log that keeps only its tail still says what to look at.
function failures(step, out) {
  if (step.counts === 'node') return [...out.matchAll(/^\s*not ok \d+ - (.*)$/gm)].map((m) => m[1]);
  if (step.counts === 'wtr') return [...out.matchAll(/^wtr failed: (.*)$/gm)].map((m) => m[1]);
  return [];
}

function count(step, { code, out }) {
  if (step.counts === 'node') {
    const passed = last(out, /^# pass (\d+)/gm);
    const failed = last(out, /^# fail (\d+)/gm);
    const skipped = last(out, /^# skipped (\d+)/gm) ?? 0;
    if (passed === undefined || failed === undefined) return { passed: 0, failed: 1, skipped: 0 };
    return { passed, failed: failed + (code !== 0 && failed === 0 ? 1 : 0), skipped };
  }
  if (step.counts === 'wtr') {
    const m = [...out.matchAll(/^wtr: (\d+) passed, (\d+) failed, (\d+) skipped/gm)].at(-1);
    if (!m) return { passed: 0, failed: 1, skipped: 0 };
    const failed = Number(m[2]);
    return { passed: Number(m[1]), failed: failed + (code !== 0 && failed === 0 ? 1 : 0), skipped: Number(m[3]) };
  }
  return code === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 };
}

const only = process.argv.slice(2);
const unknown = only.filter((key) => !steps.some((s) => s.key === key));
if (unknown.length) {
  console.error(`Unknown step ${unknown.join(', ')}. Steps: ${steps.map((s) => s.key).join(', ')}.`);
  process.exit(2);
}

const total = { passed: 0, failed: 0, skipped: 0 };
const report = [];
let chromiumMissing = false;
for (const step of steps.filter((s) => only.length === 0 || only.includes(s.key))) {
  if (chromiumMissing && /browser|end-to-end/.test(step.name)) {
    report.push(`  ${step.name}: not run, Chromium is missing (see above)`);
    total.failed += 1;
    continue;
  }
  console.log(`\n━━ ${step.name} ━━`);
  const output = await run(step.cmd);
  const result = count(step, output);
  if (step.name === 'chromium' && result.failed) chromiumMissing = true;
  total.passed += result.passed;
  total.failed += result.failed;
  total.skipped += result.skipped;
  report.push(
    `  ${step.name}: ${result.passed} passed, ${result.failed} failed${result.skipped ? `, ${result.skipped} skipped` : ''}`,
    ...failures(step, output.out).map((name) => `    failed: ${name}`),
  );
}
console.log(`\n━━ summary ━━\n${report.join('\n')}`);
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exitCode = total.failed > 0 ? 1 : 0;
