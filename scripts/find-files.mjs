// Node 20's test runner takes no globs: list matching files ourselves.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const SKIP = new Set(['node_modules', 'dist', '.git', 'storybook-static', '.tessera-data']);

/** Files under `roots` whose path (relative to cwd) matches `pattern`, sorted. */
export function findFiles(roots, pattern) {
  const out = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (SKIP.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (pattern.test(path)) out.push(path);
    }
  };
  for (const root of roots) walk(root);
  return out.sort();
}
