/**
 * The default transport on Node: one GET over `node:http` / `node:https` with Node's
 * global keep-alive agents, gzip or deflate asked for and inflated here. Measured
 * (bench/README.md) to cost a fraction of what cross-fetch (node-fetch v2: WHATWG
 * wrappers, a stream per body, a PassThrough per response) costs per page.
 *
 * Why not a static import: the same build runs in browsers, where `cross-fetch` is the
 * transport. The Node modules are taken from `process.getBuiltinModule` (Node 20.16+),
 * which bundlers leave alone; without it (a browser, an older Node) there is no Node
 * transport and the client falls back to `cross-fetch`.
 *
 * What `graphGet` relies on holds here too: nothing follows a redirect (Node's http does
 * not), the signal aborts the request and its body, and the body is capped: raw bytes
 * past `maxBytes` stop the download, and inflating stops at `maxBytes` of output (a
 * small gzip cannot become a huge string), both as a {@link BodyTooLargeError}.
 */
import type * as Http from 'node:http';
import type * as Zlib from 'node:zlib';
import type { FetchInitLike, FetchLike, FetchResponseLike } from './fetchLike';
import { BodyTooLargeError } from './readBody';

interface NodeModules {
  readonly http: typeof Http;
  readonly https: Pick<typeof Http, 'request'>;
  readonly zlib: typeof Zlib;
}

function nodeModules(): NodeModules | undefined {
  const get = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  if (typeof get !== 'function') return undefined;
  try {
    // Without the `node:` prefix (getBuiltinModule takes both): a browser bundle names no Node module.
    return { http: get('http') as typeof Http, https: get('https') as typeof Http, zlib: get('zlib') as typeof Zlib };
  } catch {
    return undefined;
  }
}

type Inflate = (body: Buffer, options: Zlib.ZlibOptions, callback: (error: Error | null, result: Buffer) => void) => void;

function inflaterFor(zlib: typeof Zlib, encoding: string | undefined): Inflate | undefined | 'unknown' {
  if (encoding === undefined || encoding === '' || encoding === 'identity') return undefined;
  if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.gunzip;
  if (encoding === 'deflate') return zlib.inflate;
  return 'unknown';
}

/** The response as `FetchResponseLike`: status and headers at once, the body read by `text()`. */
function responseOf(message: Http.IncomingMessage, maxBytes: number, zlib: typeof Zlib): FetchResponseLike {
  const status = message.statusCode ?? 0;
  const headers = message.headers;
  return {
    ok: status >= 200 && status < 300,
    status,
    headers: {
      get: (name) => {
        const value = headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    },
    // No stream for readBody to read (`text()` counts and inflates itself); `destroy`
    // lets an unread body (a redirect's, an announced oversize one) free its socket.
    body: { destroy: () => message.destroy() },
    text: () =>
      new Promise<string>((resolve, reject) => {
        const inflate = inflaterFor(zlib, headers['content-encoding']);
        if (inflate === 'unknown') {
          reject(new Error(`unsupported Content-Encoding ${JSON.stringify(headers['content-encoding'])}`));
          message.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        let received = 0;
        message.on('data', (chunk: Buffer) => {
          received += chunk.byteLength;
          if (received > maxBytes) {
            // Rejected first: destroying emits 'aborted' at once.
            reject(new BodyTooLargeError(maxBytes, received, undefined));
            message.destroy();
            return;
          }
          chunks.push(chunk);
        });
        message.on('error', reject);
        message.on('aborted', () => reject(new Error('response aborted')));
        message.on('end', () => {
          const raw = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, received);
          if (inflate === undefined) {
            resolve(raw.toString('utf8'));
            return;
          }
          inflate(raw, { maxOutputLength: maxBytes }, (error, inflated) => {
            if (error === null) resolve(inflated.toString('utf8'));
            else if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') reject(new BodyTooLargeError(maxBytes, maxBytes + 1, undefined));
            else reject(error);
          });
        });
      }),
  };
}

/**
 * A {@link FetchLike} on `node:http`/`node:https`, or `undefined` where Node's modules
 * are not to be had (browsers, Node before 20.16). `maxBytes` caps the body, raw and
 * inflated.
 */
export function nodeHttpFetch(maxBytes: number): FetchLike | undefined {
  const modules = nodeModules();
  if (modules === undefined) return undefined;
  const { http, https, zlib } = modules;
  return (url: string, init: FetchInitLike) =>
    new Promise<FetchResponseLike>((resolve, reject) => {
      const { signal } = init;
      if (signal.aborted) {
        reject(signal.reason ?? new Error('aborted'));
        return;
      }
      const request = (url.startsWith('https:') ? https : http).request(url, { method: init.method, headers: { ...init.headers, 'Accept-Encoding': 'gzip, deflate' } }, (message) =>
        resolve(responseOf(message, maxBytes, zlib)),
      );
      const onAbort = () => request.destroy(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      signal.addEventListener('abort', onAbort, { once: true });
      request.on('close', () => signal.removeEventListener('abort', onAbort));
      request.on('error', reject);
      request.end();
    });
}
