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
}

/**
 * Any WHATWG-style fetch: `globalThis.fetch`, `cross-fetch`, `undici`'s, a wrapper
 * that logs or records. The library only calls `fetch(url, { method, headers, signal })`.
 *
 * @example
 * ```ts
 * const logged: FetchLike = (url, init) => { console.log('GET', url); return fetch(url, init); };
 * conversations$(pageId, { accessToken, fetch: logged });
 * ```
 */
export type FetchLike = (url: string, init: FetchInitLike) => Promise<FetchResponseLike>;
