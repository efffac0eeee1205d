import type { FetchResponseLike } from './fetchLike';

/** One request in flight, aborted by a call rather than through an `AbortSignal`. */
export interface Exchange {
  /** The response, once its status and headers have arrived. */
  readonly response: Promise<FetchResponseLike>;
  /**
   * Stops the request: `response`, and the `text()` of a response already received,
   * reject with `reason` at once (if not settled yet), and the connection is dropped.
   */
  abort(reason: Error): void;
}

/**
 * A transport that opens {@link Exchange}s: the library's own Node transport. Why not
 * only a `FetchLike`: a fetch is aborted through an `AbortSignal`, and an
 * `AbortController` per request, the listeners on its signal and the races a fetch that
 * ignores its signal needs were measured at about a sixth of what the library added to a
 * bare `node:http` loop per page (bench/README.md). A transport the library wrote itself
 * keeps its word on abort, so none of that is needed.
 */
export interface DirectTransport {
  /** Sends `GET url` with `headers`; follows no redirect; the body capped as the transport was told. */
  open(url: string, headers: Readonly<Record<string, string>>): Exchange;
}
