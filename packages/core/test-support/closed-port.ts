import { createServer } from 'node:net';

/**
 * A local TCP port nothing listens on, for tests of an unreachable server: one the OS just handed
 * out and took back. A fixed "unused" port (9, 1) is only unused until some machine runs
 * something there.
 */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no TCP port was assigned');
  return address.port;
}
