// Makes sure the browser tests have a Chromium: CHROMIUM_PATH, else Debian's, installed with
// apt-get when missing and we are root. Exits 1 with what to do when it cannot.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromiumAvailable, chromiumPath } from './chromium.mjs';

if (!chromiumAvailable()) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (process.env.CHROMIUM_PATH) {
    console.error(
      `CHROMIUM_PATH is set to ${process.env.CHROMIUM_PATH}, but nothing is there. Point it at a Chromium or Chrome binary.`,
    );
    process.exit(1);
  }
  if (!isRoot || !existsSync('/usr/bin/apt-get')) {
    console.error(
      'The browser tests need Chromium. Install it (Debian/Ubuntu: `sudo apt-get install -y chromium`), ' +
        'or set CHROMIUM_PATH to a Chromium or Chrome binary, then run the tests again.',
    );
    process.exit(1);
  }
  console.log('Installing Chromium from Debian (apt-get install chromium)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-liberation'], { stdio: 'inherit', env });
  if (!existsSync(chromiumPath())) {
    console.error(`apt-get finished but ${chromiumPath()} is missing. Set CHROMIUM_PATH to the installed browser.`);
    process.exit(1);
  }
}
