/**
 * A small Graph-like server on 127.0.0.1 that answers each request from a script: the
 * script gets the request's number (0-based), its URL and the server's origin, and
 * returns the JSON body. For walks whose pages a test wants to dictate exactly
 * (servers that loop, or pages that never end).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedServer {
  /** `http://127.0.0.1:<port>`, to give as `graphUrl`. */
  readonly url: string;
  /** The path and query of every request, in arrival order. */
  readonly requests: string[];
  close(): Promise<void>;
}

export type Script = (n: number, url: URL, origin: string) => unknown;

export async function startScriptedServer(script: Script): Promise<ScriptedServer> {
  const requests: string[] = [];
  let origin = '';
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', origin);
    const n = requests.length;
    requests.push(`${url.pathname}${url.search}`);
    const body = JSON.stringify(script(n, url, origin));
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}

/** A thread as Graph sends it, with a time that goes down as `i` goes up (newest first). */
export const threadNode = (i: number) => ({ id: `t_${i}`, updated_time: new Date(Date.UTC(2024, 2, 1, 12, 0, 0) - i * 1000).toISOString().replace(/\.\d{3}Z$/, '+0000') });
