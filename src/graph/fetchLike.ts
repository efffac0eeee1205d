/**
 * The part of a fetch `Response` the library reads.
 *
 * @example
 * ```ts
 * const canned: FetchResponseLike = { ok: true, status: 200, headers: new Headers(), text: async () => '{"data":[]}' };
 * ```
 */
export interface FetchResponseLike {
  /** Whether the status is 2xx. */
  readonly ok: boolean;
  /** HTTP status. */
  readonly status: number;
  /** Response headers; the library reads usage headers, `retry-after` and `x-fb-trace-id`. */
  readonly headers: {
    /** A header's value, or `null` when absent. */
    get(name: string): string | null;
  };
  /** The whole body as text; used only when `body` is not a stream. */
  text(): Promise<string>;
  /**
   * The body as a stream, when the fetch has one: a WHATWG `ReadableStream`
   * (`getReader()`, as `globalThis.fetch` gives) or a Node stream / async iterable of
   * chunks (as `cross-fetch` gives in Node). The library reads it chunk by chunk to
   * enforce `maxResponseBytes`; without it, it falls back to `text()`.
   */
  readonly body?: unknown;
  /**
   * The response type, when the fetch tells: a browser answers a `redirect: 'manual'`
   * request that was redirected with an opaque `'opaqueredirect'` response (status 0,
   * no headers), which the library reports as an error.
   */
  readonly type?: string;
  /** The URL the response came from, when the fetch tells: checked against `graphUrl`'s origin, in case a fetch followed a redirect anyway. */
  readonly url?: string;
}

/**
 * The part of a fetch `RequestInit` the library sends.
 *
 * @example
 * ```ts
 * const fetch: FetchLike = (url, init: FetchInitLike) => globalThis.fetch(url, init);
 * ```
 */
export interface FetchInitLike {
  /** Always `GET`: the edge is read-only. */
  method: 'GET';
  /** `Authorization: Bearer <token>` and `Accept`. */
  headers: Record<string, string>;
  /** Aborted when the subscriber unsubscribes or `timeoutMs` passes. */
  signal: AbortSignal;
  /**
   * Always `manual`: the library follows a redirect itself, only on `graphUrl`'s origin
   * and without the token in the URL, so the `Authorization` header never goes elsewhere.
   */
  redirect: 'manual';
}

/**
 * Any WHATWG-style fetch: `globalThis.fetch`, `cross-fetch`, `undici`'s, a wrapper
 * that logs or records. The library only calls `fetch(url, { method, headers, signal, redirect })`;
 * a wrapper should pass `redirect: 'manual'` on, or its fetch follows redirects itself, token
 * included (the response is then refused when its `url` is on another origin).
 *
 * @example
 * ```ts
 * const logged: FetchLike = (url, init) => { console.log('GET', url); return fetch(url, init); };
 * conversations$(pageId, { accessToken, fetch: logged });
 * ```
 */
export type FetchLike = (url: string, init: FetchInitLike) => Promise<FetchResponseLike>;
