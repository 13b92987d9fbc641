// Prints a plain "wtr: N passed, N failed, N skipped" line as the very last output line,
// so log parsers that look for "N passed, N failed" find it, preceded by one
// "wtr failed: file › suite › test: message" line per failure, so a log that keeps only its
// tail still says what failed.
import { writeSync } from 'node:fs';
import { relative } from 'node:path';

export function summaryReporter() {
  const collect = (suite, path, acc) => {
    if (!suite) return acc;
    for (const t of suite.tests ?? []) {
      if (t.skipped) acc.skipped++;
      else if (t.passed) acc.passed++;
      else {
        acc.failed++;
        acc.failures.push(`${[...path, t.name].join(' › ')}: ${firstLine(t.error?.message)}`);
      }
    }
    for (const s of suite.suites ?? []) collect(s, [...path, s.name], acc);
    return acc;
  };
  return {
    stop({ sessions }) {
      const acc = { passed: 0, failed: 0, skipped: 0, failures: [] };
      for (const s of sessions) {
        const before = acc.failed;
        const file = relative(process.cwd(), s.testFile);
        collect(s.testResults, [file], acc);
        // a file that failed to load or errored outside any test counts as one failure
        if (!s.passed && acc.failed === before) {
          acc.failed++;
          acc.failures.push(`${file}: ${firstLine(s.errors?.[0]?.message)}`);
        }
      }
      // write at process exit, after the dynamic terminal has finished redrawing
      process.once('exit', () =>
        writeSync(
          1,
          `${acc.failures.map((f) => `wtr failed: ${f}\n`).join('')}wtr: ${acc.passed} passed, ${acc.failed} failed, ${acc.skipped} skipped\n`,
        ),
      );
    },
  };
}

const firstLine = (message) => (message ?? 'failed without a message').split('\n')[0].slice(0, 300);
