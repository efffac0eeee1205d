/**
 * The dashboard's Graph proxy: the browser calls `/graph/*` with a placeholder token, and
 * the server forwards the GET to the real Graph url with the real token. The token never
 * reaches the browser: it is replaced in the request, removed from the `paging.next`
 * URLs Graph embeds it in (which are rewritten to point back at the proxy), and redacted
 * from anything else in the response, headers included.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface GraphProxyOptions {
  /** Where Graph is: the emulator's url, or `https://graph.facebook.com` (a path prefix is kept). */
  readonly graphUrl: string;
  /** The real access token, added to every forwarded request. */
  readonly token: string;
  /** Give up on Graph after this long; the browser then sees a 504. Default 60000 ms. */
  readonly timeoutMs?: number;
}

/** Where the proxy is mounted on the dashboard server. */
export const PROXY_PREFIX = '/graph';

/** Response headers the browser gets from Graph; everything else (cookies too) stays behind. */
const FORWARDED_HEADERS = [
  'content-type',
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

const REDACTED = '[redacted]';

// -------------------------------------------------------------------------------------
// pure rewriting
// -------------------------------------------------------------------------------------

/** Every spelling of the token that can show up in a body or header. */
function tokenSpellings(token: string): string[] {
  const spellings = new Set([token, encodeURIComponent(token), new URLSearchParams({ t: token }).toString().slice(2)]);
  return [...spellings].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}

/** Removes the token from any text: every spelling of it, and any `access_token=` value (a truncated body may hold part of one). */
export function redactToken(text: string, token: string): string {
  let out = text.replace(/access_token=[^&"'\s<>\\]*/g, `access_token=${REDACTED}`);
  for (const spelling of tokenSpellings(token)) out = out.split(spelling).join(REDACTED);
  return out;
}

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

function rewriteJson(value: unknown, rewrite: (s: string) => string): unknown {
  if (typeof value === 'string') return rewrite(value);
  if (Array.isArray(value)) return value.map((item) => rewriteJson(item, rewrite));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rewriteJson(item, rewrite)]));
  }
  return value;
}

/**
 * What the browser receives for an upstream body: JSON with its Graph URLs pointed at
 * the proxy (so the library, configured with `graphUrl: origin + '/graph'`, follows
 * `paging.next`), then the token redacted from the whole text, JSON or not.
 */
export function rewriteBody(text: string, options: { readonly graphUrl: string; readonly token: string; readonly publicBase: string }): string {
  let out = text;
  try {
    const json: unknown = JSON.parse(text);
    out = JSON.stringify(rewriteJson(json, (s) => toProxyUrl(s, options.graphUrl, options.publicBase)));
  } catch {
    // Not JSON (an HTML error page, a cut-off body): forwarded as is, but redacted.
  }
  return redactToken(out, options.token);
}

/** The upstream URL for a proxied path such as `/graph/v19.0/1001/conversations?limit=5`, or undefined when it leaves Graph. */
export function upstreamUrl(requestUrl: string, graphUrl: string): URL | undefined {
  const upstream = new URL(graphUrl);
  const prefix = upstream.pathname.replace(/\/+$/, '');
  const incoming = new URL(requestUrl, 'http://proxy.invalid');
  if (!incoming.pathname.startsWith(`${PROXY_PREFIX}/`)) return undefined;
  const target = new URL(`${upstream.origin}${prefix}${incoming.pathname.slice(PROXY_PREFIX.length)}${incoming.search}`);
  target.searchParams.delete('access_token');
  if (target.origin !== upstream.origin || !target.pathname.startsWith(`${prefix}/`)) return undefined;
  return target;
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
    const target = upstreamUrl(req.url ?? '/', options.graphUrl);
    if (target === undefined) {
      sendJson(res, 400, { error: { message: 'Not a Graph path', type: 'DashboardProxy', code: 100 } });
      return;
    }
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
      const headers: Record<string, string> = { 'cache-control': 'no-store' };
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
