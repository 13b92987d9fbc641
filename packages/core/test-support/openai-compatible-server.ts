/**
 * A local HTTP server that speaks the OpenAI Chat Completions streaming format byte for byte
 * (chunk objects, `stream_options.include_usage` usage chunk after `finish_reason`, `[DONE]`),
 * standing in for a provider we cannot reach from here. The model name picks a scenario, so a
 * browser test can choose one through the chat's own model field:
 *
 * - any model: streams "You said: <last user message>" word by word, then usage and [DONE]
 * - `fail-401`: the real 401 `invalid_api_key` body
 * - `drop-mid-stream`: a few words, then the socket is destroyed
 * - `stall`: one word, then nothing (the connection stays open)
 * - `crlf-comments`: the same answer with CRLF line endings and `: keep-alive` comment lines
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  carriesWord,
  echoWords,
  invalidApiKeyBody,
  openAiAnswerEvents,
  overloadedBody,
  rateLimitBody,
  type Scenario,
  scenarioFor,
} from './openai-sse.js';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface OpenAiCompatibleServer {
  /** Base URL to give the SDK, ending in `/v1`. */
  baseURL: string;
  requests: RecordedRequest[];
  /** Resolves when a client closed a connection before the server ended it (abort reached us). */
  nextClientAbort(): Promise<void>;
  close(): Promise<void>;
}

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization, content-type',
  'access-control-allow-methods': 'POST, GET, OPTIONS',
};

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes the answer event by event; `endAfterWords` destroys the socket, `stallAfterWords` goes silent. */
async function stream(res: ServerResponse, model: string, words: string[], scenario: Scenario) {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', ...CORS });
  let wordsSent = 0;
  for (const event of openAiAnswerEvents(model, words, scenario)) {
    if (carriesWord(event)) {
      if (wordsSent === scenario.dropAfterWords) {
        res.socket?.destroy();
        return;
      }
      if (wordsSent === scenario.stallAfterWords) return;
      wordsSent++;
    }
    res.write(event);
    await delay(5);
  }
  res.end();
}

export async function startOpenAiCompatibleServer(): Promise<OpenAiCompatibleServer> {
  const requests: RecordedRequest[] = [];
  let abortWaiters: (() => void)[] = [];
  const server: Server = createServer(async (req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS).end();
      return;
    }
    const raw = await new Promise<string>((resolve) => {
      let data = '';
      req.on('data', (c: Buffer) => {
        data += c.toString('utf8');
      });
      req.on('end', () => resolve(data));
    });
    let body: unknown = {};
    try {
      body = raw ? JSON.parse(raw) : {};
    } catch {
      body = { unparsable: raw };
    }
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
    res.on('close', () => {
      if (!res.writableFinished) {
        for (const wake of abortWaiters) wake();
        abortWaiters = [];
      }
    });
    if (req.url === '/v1/models' && req.method === 'GET') {
      const valid = req.headers.authorization !== 'Bearer sk-invalid';
      res.writeHead(valid ? 200 : 401, { 'content-type': 'application/json', ...CORS });
      res.end(
        JSON.stringify(valid ? { object: 'list', data: [{ id: 'local-model', object: 'model' }] } : invalidApiKeyBody),
      );
      return;
    }
    if (req.url !== '/v1/chat/completions' || req.method !== 'POST') {
      res.writeHead(404, { 'content-type': 'application/json', ...CORS });
      res.end(
        JSON.stringify({
          error: { message: `Unknown request to ${req.url}`, type: 'invalid_request_error', code: null },
        }),
      );
      return;
    }
    const model = String((body as { model?: unknown }).model ?? '');
    const scenario = scenarioFor(model);
    const seen = requests.filter((r) => (r.body as { model?: unknown }).model === model).length;
    if (scenario.kind === 'rate-limited' && (scenario.refusals === undefined || seen <= scenario.refusals)) {
      res.writeHead(429, { 'content-type': 'application/json', ...scenario.retryHeaders, ...CORS });
      res.end(JSON.stringify(rateLimitBody));
      return;
    }
    if (scenario.kind === 'overloaded') {
      res.writeHead(503, { 'content-type': 'application/json', ...CORS });
      res.end(JSON.stringify(overloadedBody));
      return;
    }
    if (scenario.kind === 'invalid-key') {
      res.writeHead(401, { 'content-type': 'application/json', ...CORS });
      res.end(JSON.stringify(invalidApiKeyBody));
      return;
    }
    await stream(res, model, echoWords(body), scenario);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    nextClientAbort: () => new Promise<void>((resolve) => abortWaiters.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
