/**
 * A static Graph stand-in in its own process: replays pages recorded from the emulator,
 * keyed by path (without the version segment) and `after` cursor, over HTTP and HTTPS
 * (self-signed certificate) on 127.0.0.1, keep-alive, gzip when the client asks for it
 * (bodies compressed once at start). It spends next to no CPU per request (~tens of µs),
 * so the client's own cost dominates what the bench sees; the emulator, by contrast,
 * builds every page (~1 ms of server CPU).
 *
 * Started by {@link ./staticServer.ts} with `child_process.fork`; argv is one JSON
 * `{ file, key?, cert? }` where `file` holds `{ pages: { [key]: body } }`, bodies with
 * the placeholders `__ORIGIN__` and `__ORIGIN_ESCAPED__` (its `/` written `\/`, as Graph
 * writes JSON) where the recording's origin was. Answers on IPC:
 * `{ ready: { http, https? } }`, then `{ requests }` for each `count` message.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttp, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { pageKey } from './pageKey';

interface Args {
  readonly file: string;
  readonly key?: string;
  readonly cert?: string;
}

const USAGE = '{"call_count":1,"total_time":1,"total_cputime":1}';

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as Args;
  const recorded = JSON.parse(readFileSync(args.file, 'utf8')) as { pages: Record<string, string> };
  let requests = 0;
  const listen = (server: ReturnType<typeof createHttp>) =>
    new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));

  // One table per origin: bodies carry absolute next URLs.
  const tables = new Map<string, Map<string, { plain: Buffer; gzip: Buffer }>>();
  const table = (origin: string) => {
    let t = tables.get(origin);
    if (t === undefined) {
      t = new Map();
      for (const [key, body] of Object.entries(recorded.pages)) {
        // As JSON wrote it: plain, or with Graph's `\/` (see staticServer.ts, recordPages).
        const plain = Buffer.from(body.split('__ORIGIN__').join(origin).split('__ORIGIN_ESCAPED__').join(origin.replaceAll('/', '\\/')));
        t.set(key, { plain, gzip: gzipSync(plain) });
      }
      tables.set(origin, t);
    }
    return t;
  };
  const handler = (pages: Map<string, { plain: Buffer; gzip: Buffer }>) => (req: IncomingMessage, res: ServerResponse) => {
    requests += 1;
    const page = pages.get(pageKey(req.url ?? '/'));
    if (page === undefined) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":{"message":"no such recorded page","type":"GraphMethodException","code":100}}');
      return;
    }
    const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    const body = gzip ? page.gzip : page.plain;
    res.writeHead(200, {
      'content-type': 'application/json; charset=UTF-8',
      'content-length': body.byteLength,
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      'x-app-usage': USAGE,
      'x-page-usage': USAGE,
    });
    res.end(body);
  };

  const http = createHttp({ keepAliveTimeout: 60_000 });
  const httpPort = await listen(http);
  http.on('request', handler(table(`http://127.0.0.1:${httpPort}`)));
  let httpsPort: number | undefined;
  if (args.key !== undefined && args.cert !== undefined) {
    const https = createHttps({ key: args.key, cert: args.cert, keepAliveTimeout: 60_000 });
    httpsPort = await listen(https as unknown as ReturnType<typeof createHttp>);
    https.on('request', handler(table(`https://127.0.0.1:${httpsPort}`)));
  }
  process.on('message', (message: { op: string }) => {
    if (message.op === 'count') process.send?.({ requests });
    if (message.op === 'reset') {
      requests = 0;
      process.send?.({ requests });
    }
    if (message.op === 'close') process.exit(0);
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ ready: { http: `http://127.0.0.1:${httpPort}`, https: httpsPort === undefined ? undefined : `https://127.0.0.1:${httpsPort}` } });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
