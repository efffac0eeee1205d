/**
 * The server half of the example: the Graph proxy `PageInboxService` talks to. The Page
 * access token lives here, in the server's environment, and never reaches the browser:
 * the browser calls `/graph/*` on the app's own origin without a token, and the proxy
 * forwards the GET to Graph with the token in its `Authorization` header, removes the
 * token from what comes back (Graph embeds it in every `paging.next`, which the proxy
 * points back at itself), and forwards only reads of this one Page's conversations and
 * its threads' messages, asked by the app's own pages (`Sec-Fetch-Site` / `Origin`).
 *
 * The proxy itself is the dashboard's (`demo/proxy.ts`, with `proxyPolicy.ts` and
 * `scrubTokens.ts`): copy those three files to your backend, or mount `createGraphProxy`
 * in the server you have (Express, Fastify, Angular SSR's `server.ts`) behind your app's
 * own login, since whoever can call the proxy reads this Page's inbox.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGraphProxy, PROXY_PREFIX } from '../../../demo/proxy';

/** What the proxy serves, and with which token. */
export interface InboxProxyOptions {
  /** The one Page whose conversations the proxy forwards. */
  readonly pageId: string;
  /** The Page access token: read it from the server's environment or secret store, never from the browser. */
  readonly token: string;
  /** Graph's origin; default `https://graph.facebook.com` (tests give the emulator's url). */
  readonly graphUrl?: string;
  /**
   * The app's origin as the browser sees it (`https://app.example.com`, or
   * `http://localhost:4200` behind `ng serve`'s proxy): requests from other origins are
   * refused, and `paging.next` URLs are pointed back at it. Default: this server's own URL.
   */
  readonly publicOrigin?: string;
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  readonly port?: number;
}

/** A running proxy. */
export interface InboxProxy {
  /** This server's origin, e.g. `http://127.0.0.1:3000`; the proxy is at `url + '/graph'`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts the proxy as a small HTTP server of its own on 127.0.0.1.
 *
 * @example
 * ```ts
 * const proxy = await startInboxProxy({ pageId: '1001', token: process.env.PAGE_TOKEN ?? '', port: 3000, publicOrigin: 'http://localhost:4200' });
 * console.log(`Graph proxy on ${proxy.url}/graph`); // point ng serve's proxy.conf.json at it
 * ```
 */
export async function startInboxProxy(options: InboxProxyOptions): Promise<InboxProxy> {
  const proxy = createGraphProxy({ graphUrl: options.graphUrl ?? 'https://graph.facebook.com', token: options.token, pageId: options.pageId });
  let origin = options.publicOrigin ?? '';
  const server: Server = createServer((req, res) => {
    if (!(req.url ?? '').startsWith(`${PROXY_PREFIX}/`)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not found');
      return;
    }
    proxy(req, res, origin).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  origin ||= url;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
