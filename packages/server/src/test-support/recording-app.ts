import type { Hono } from 'hono';

/** A response already read, so a test can look at its body as often as it likes. */
export interface ReadResponse {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
  text: string;
  json(): unknown;
}

/**
 * Calls `app.request()` and keeps every response body, so a test file can check at the end that
 * nothing it ever received contains a secret.
 */
export function recordingApp(app: Pick<Hono, 'request'>) {
  const bodies: string[] = [];
  const request = async (path: string, init?: RequestInit): Promise<ReadResponse> => {
    const response = await app.request(path, init);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    bodies.push(text, [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n'));
    return { status: response.status, headers: response.headers, bytes, text, json: () => JSON.parse(text) };
  };
  return { request, bodies };
}
