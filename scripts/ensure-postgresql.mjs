// The data layer is tested against a real PostgreSQL as well as PGlite (the tests start a
// throwaway cluster themselves). Install Debian's server when it is missing and we are root;
// elsewhere say so: those tests then skip with the same message, and PGlite still runs.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const hasInitdb = () =>
  existsSync('/usr/lib/postgresql') &&
  readdirSync('/usr/lib/postgresql').some((version) => existsSync(`/usr/lib/postgresql/${version}/bin/initdb`));

if (!hasInitdb()) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('Installing PostgreSQL from Debian for the real-PostgreSQL tests (apt-get install postgresql)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'postgresql'], {
      stdio: 'inherit',
      env,
    });
  } else {
    console.log(
      'PostgreSQL is not installed (Debian: `sudo apt-get install -y postgresql`): the real-PostgreSQL tests will skip; PGlite runs them all.',
    );
  }
}
