import type { AddressInfo } from 'node:net';
import type { ServerType } from '@hono/node-server';

/** Thrown when the server cannot listen; its message is one line that says what to do. */
export class ListenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ListenError';
  }
}

/** Starts listening, and resolves with the port actually bound (useful with port 0). */
export function listen(server: ServerType, port: number, host: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(new ListenError(describeListenError(error, port, host), { cause: error }));
    };
    const onListening = () => {
      server.off('error', onError);
      resolvePort((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function describeListenError(error: NodeJS.ErrnoException, port: number, host: string): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `Port ${port} is already in use on ${host}: stop the program using it, or choose another port with --port (for example --port ${port === 65_535 ? port - 1 : port + 1}).`;
    case 'EACCES':
      return `Not allowed to listen on port ${port}: ports below 1024 need privileges; choose another port with --port.`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return `Cannot listen on host ${host}: it is not an address of this machine; choose another with --host (for example 127.0.0.1).`;
    default:
      return `Cannot listen on ${host}:${port}: ${error.message}`;
  }
}

/**
 * Stops accepting connections and resolves once in-flight requests are answered. Requests still
 * running after `graceMs` are cut, so a stuck client cannot hold a shutdown forever.
 */
export function closeGracefully(server: ServerType, graceMs = 10_000): Promise<void> {
  return new Promise((resolveClose) => {
    const timer = setTimeout(() => {
      if ('closeAllConnections' in server) server.closeAllConnections();
    }, graceMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolveClose();
    });
    // Since Node 19 `close()` also drops idle keep-alive connections; this says so explicitly for
    // the servers where it is a separate call.
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  });
}

/** `http://host:port`, with brackets around an IPv6 host. */
export function httpUrl(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
