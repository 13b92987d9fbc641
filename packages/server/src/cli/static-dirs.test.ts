import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { staticLayout } from './static-dirs.js';

describe('staticLayout', () => {
  it('serves the built widgets and the script-tag example from the repository', () => {
    const layout = staticLayout('/repo', {}, '/elsewhere');
    assert.deepEqual(layout.dirs, {
      '/widgets/': join('/repo', 'widgets', 'dist'),
      '/examples/script-tag/': join('/repo', 'examples', 'script-tag'),
    });
    assert.equal(layout.widgetsDir, join('/repo', 'widgets', 'dist'));
  });

  it('takes the directories from TESSERA_WIDGETS_DIR and TESSERA_EXAMPLES_DIR, relative to the cwd', () => {
    const layout = staticLayout(
      '/repo',
      { TESSERA_WIDGETS_DIR: 'built', TESSERA_EXAMPLES_DIR: '/srv/examples' },
      '/cwd',
    );
    assert.deepEqual(layout.dirs, {
      '/widgets/': '/cwd/built',
      '/examples/script-tag/': '/srv/examples/script-tag',
    });
  });
});
