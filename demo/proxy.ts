/**
 * The dashboard's Graph proxy: the browser calls `/graph/*` with a placeholder token, and
 * the server forwards the GET to the real Graph url with the real token. The token never
 * reaches the browser: it is replaced in the request, removed from the `paging.next`
 * URLs Graph embeds it in (which are rewritten to point back at the proxy), and redacted
 * from anything else in the response, headers included, with any other token Graph's
 * answer carries (see scrubTokens.ts). It forwards only what the page asks for, from the
 * page itself (see proxyPolicy.ts): a request with the Page token is a capability, not a
 * relay for whoever can reach 127.0.0.1.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Allowed, crossSiteRefusal, PROXY_PREFIX, proxiedRequest } from './proxyPolicy';
import { redactToken, scrubJson } from './scrubTokens';

export { PROXY_PREFIX };
export { redactToken } from './scrubTokens';

export interface GraphProxyOptions {
  /** Where Graph is: the emulator's url, or `https://graph.facebook.com` (a path prefix is kept). */
  readonly graphUrl: string;
  /** The real access token, added to every forwarded request. */
  readonly token: string;
  /** The Page the dashboard shows: the only Page whose conversations are forwarded. */
  readonly pageId: string;
  /** Give up on Graph after this long; the browser then sees a 504. Default 60000 ms. */
  readonly timeoutMs?: number;
}

/** Response headers the browser gets from Graph; everything else (cookies too) stays behind. */
const FORWARDED_HEADERS = [
  'content-type',
  // Graph's clock: the page shows times relative to it (see web/serverClock.ts).
  'date',
  'retry-after',
  'x-app-usage',
  'x-page-usage',
  'x-business-use-case-usage',
  'x-ad-account-usage',
  'x-fb-trace-id',
  'x-fb-rev',
  'x-fb-debug',
  'www-authenticate',
];

// -------------------------------------------------------------------------------------
// pure rewriting
// -------------------------------------------------------------------------------------

/**
 * The browser-side URL for an upstream one: a URL on Graph's origin (under its path
 * prefix) moves to `publicBase` + `/graph`, without `access_token`. Any other string is
 * returned unchanged.
 */
export function toProxyUrl(value: string, graphUrl: string, publicBase: string): string {
  const upstream = new URL(graphUrl);
  const prefix = upstream.pathname.replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return value;
  }
  if (url.origin !== upstream.origin || !(url.pathname === prefix || url.pathname.startsWith(`${prefix}/`))) return value;
  url.searchParams.delete('access_token');
  const rest = url.pathname.slice(prefix.length);
  return `${publicBase}${PROXY_PREFIX}${rest}${url.search}${url.hash}`;
}

/**
 * What the browser receives for an upstream body: JSON with its Graph URLs pointed at
 * the proxy (so the library, configured with `graphUrl: origin + '/graph'`, follows
 * `paging.next`), then the token redacted from the whole text, JSON or not.
 */
export function rewriteBody(text: string, options: { readonly graphUrl: string; readonly token: string; readonly publicBase: string }): string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON (an HTML error page, a cut-off body): forwarded as is, but redacted.
    return redactToken(text, options.token);
  }
  const scrubbed = scrubJson(json, options.token, (s) => toProxyUrl(s, options.graphUrl, options.publicBase));
  return redactToken(JSON.stringify(scrubbed), options.token);
}

/** The upstream URL of a request the policy allowed: Graph's origin, its path prefix, the checked path and query. */
export function upstreamUrl(request: Allowed, graphUrl: string): URL {
  const upstream = new URL(graphUrl);
  const prefix = upstream.pathname.replace(/\/+$/, '');
  const query = request.query.toString();
  return new URL(`${upstream.origin}${prefix}${request.path}${query === '' ? '' : `?${query}`}`);
}

// -------------------------------------------------------------------------------------
// the handler
// -------------------------------------------------------------------------------------

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * A request handler for `/graph/*`. `publicBase` is the dashboard's own origin as the
 * browser sees it (`http://127.0.0.1:PORT`), used to rewrite `paging.next`.
 */
export function createGraphProxy(options: GraphProxyOptions): (req: IncomingMessage, res: ServerResponse, publicBase: string) => Promise<void> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return async (req, res, publicBase) => {
    if (req.method !== 'GET') {
      sendJson(res, 405, { error: { message: 'The dashboard proxy only forwards GET', type: 'DashboardProxy', code: 100 } });
      return;
    }
    const verdict = crossSiteRefusal(req.headers, publicBase) ?? proxiedRequest(req.url ?? '/', options.pageId);
    if (!verdict.allowed) {
      // 403 with a permissions code (200): the library reports it as a permission error, not retryable.
      sendJson(res, 403, { error: { message: verdict.reason, type: 'DashboardProxy', code: 200 } });
      return;
    }
    const target = upstreamUrl(verdict, options.graphUrl);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    // The browser went away (the library unsubscribed or timed out): stop the upstream request too.
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    try {
      const upstream = await fetch(target, {
        method: 'GET',
        headers: { authorization: `Bearer ${options.token}`, accept: 'application/json' },
        signal: controller.signal,
        redirect: 'manual',
      });
      const text = await upstream.text();
      const body = rewriteBody(text, { graphUrl: options.graphUrl, token: options.token, publicBase });
      // The length is announced: a browser then reads the body whole (text()) instead of
      // through a stream, which Chromium reports as ERR_ABORTED for a no-store response
      // although it completed (see the server test).
      const headers: Record<string, string | number> = { 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) };
      for (const name of FORWARDED_HEADERS) {
        const value = upstream.headers.get(name);
        if (value !== null) headers[name] = redactToken(value, options.token);
      }
      res.writeHead(upstream.status, headers);
      res.end(body);
    } catch {
      if (res.destroyed) return;
      if (controller.signal.aborted && !res.headersSent) {
        sendJson(res, 504, { error: { message: 'Graph did not answer in time', type: 'DashboardProxy', code: 2, is_transient: true } });
        return;
      }
      // Graph reset the connection: so does the proxy, and the library sees a network error.
      res.destroy();
    } finally {
      clearTimeout(timer);
    }
  };
}
