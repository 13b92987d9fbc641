/** The OpenAI-compatible server a `node:test` file shares across its tests. */
import { after, before } from 'node:test';
import { type OpenAiCompatibleServer, startOpenAiCompatibleServer } from './openai-compatible-server.js';

/**
 * Registers `before`/`after` hooks that start the server for the calling test file and close it.
 * The returned object reads through to that server, so tests use it as they would the server.
 */
export function suiteServer(): OpenAiCompatibleServer {
  let server: OpenAiCompatibleServer | undefined;
  before(async () => {
    server = await startOpenAiCompatibleServer();
  });
  after(() => server?.close());
  const started = (): OpenAiCompatibleServer => {
    if (!server) throw new Error('The suite server is used before its before() hook ran; use it inside a test.');
    return server;
  };
  return {
    get baseURL() {
      return started().baseURL;
    },
    get requests() {
      return started().requests;
    },
    nextClientAbort: () => started().nextClientAbort(),
    close: () => started().close(),
  };
}
