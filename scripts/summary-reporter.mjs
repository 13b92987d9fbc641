// Prints a plain "wtr: N passed, N failed, N skipped" line as the very last output line,
// so log parsers that look for "N passed, N failed" find it.
import { writeSync } from 'node:fs';

export function summaryReporter() {
  const count = (suite, acc) => {
    if (!suite) return acc;
    for (const t of suite.tests ?? []) {
      if (t.skipped) acc.skipped++;
      else if (t.passed) acc.passed++;
      else acc.failed++;
    }
    for (const s of suite.suites ?? []) count(s, acc);
    return acc;
  };
  return {
    stop({ sessions }) {
      const acc = { passed: 0, failed: 0, skipped: 0 };
      for (const s of sessions) {
        const before = acc.failed;
        count(s.testResults, acc);
        // a file that failed to load or errored outside any test counts as one failure
        if (!s.passed && acc.failed === before) acc.failed++;
      }
      // write at process exit, after the dynamic terminal has finished redrawing
      process.once('exit', () =>
        writeSync(1, `wtr: ${acc.passed} passed, ${acc.failed} failed, ${acc.skipped} skipped\n`),
      );
    },
  };
}
