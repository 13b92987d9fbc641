import { join, resolve } from 'node:path';
import type { StaticDirs } from '../http/static-files.js';

/** Where the built widgets and the examples are, and the URL prefixes they are served under. */
export interface StaticLayout {
  widgetsDir: string;
  scriptTagExampleDir: string;
  dirs: StaticDirs;
}

/**
 * The directories the CLI serves, found from the repository root unless the environment says
 * otherwise (`TESSERA_WIDGETS_DIR` for the built widgets, `TESSERA_EXAMPLES_DIR` for the examples
 * folder), as when the package is installed outside this repository. Only the script-tag example is
 * served: the other examples have their own dev servers and hold node_modules folders.
 */
export function staticLayout(
  repoRoot: string,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): StaticLayout {
  const widgetsDir = resolve(cwd, env.TESSERA_WIDGETS_DIR || join(repoRoot, 'widgets', 'dist'));
  const examplesDir = resolve(cwd, env.TESSERA_EXAMPLES_DIR || join(repoRoot, 'examples'));
  const scriptTagExampleDir = join(examplesDir, 'script-tag');
  return {
    widgetsDir,
    scriptTagExampleDir,
    dirs: { '/widgets/': widgetsDir, '/examples/script-tag/': scriptTagExampleDir },
  };
}
