#!/usr/bin/env node
// The installed `tessera` command. It runs the built CLI; the TypeScript sources need a build first.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('The server is not built yet: run `npm run build` at the repository root.');
  process.exit(1);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
