/**
 * The part of a fetch `Response` the library reads.
 *
 * @example
 * ```ts
 * const canned: FetchResponseLike = { ok: true, status: 200, headers: new Headers(), text: async () => '{"data":[]}' };
 * ```
 */
export interface FetchResponseLike {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
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
  method: 'GET';
  headers: Record<string, string>;
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
