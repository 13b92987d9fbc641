/**
 * Turns the first SIGINT or SIGTERM into an abort (a graceful shutdown); a second one means the
 * person is done waiting, so the process exits at once.
 */
export function shutdownOnSignals(onForce: () => void): AbortSignal {
  const controller = new AbortController();
  const handle = () => {
    if (controller.signal.aborted) onForce();
    else controller.abort();
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
  return controller.signal;
}
