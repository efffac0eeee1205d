/**
 * How one Graph request sends, reads its body and is aborted: through any fetch and an
 * `AbortSignal` ({@link SignalChannel}), or on the library's own Node transport without
 * one ({@link DirectChannel}), which was measured cheaper per page (see exchange.ts).
 * Both keep the same promises: an abort stops the request and its body read at once,
 * whatever stage it is in, and nothing sent later goes out.
 */
import type { DirectTransport, Exchange } from './exchange';
import type { FetchLike, FetchResponseLike } from './fetchLike';
import { Abortion, readBody } from './readBody';

/** One request's way to the server; `abort` may come at any time, more than once. */
export interface Channel {
  /** Sends `GET url`; no redirect followed. */
  exchange(url: string, headers: Record<string, string>): Promise<FetchResponseLike>;
  /** The body as text, at most `maxBytes` (see readBody). */
  read(response: FetchResponseLike, maxBytes: number): Promise<string>;
  abort(): void;
}

/** What a channel is opened on: a fetch, and the direct transport when there is one. */
export interface ChannelSource {
  readonly fetch: FetchLike;
  readonly direct: DirectTransport | undefined;
}

/** The channel for one request: direct when the client's fetch is the library's own. */
export function openChannel(source: ChannelSource): Channel {
  return source.direct === undefined ? new SignalChannel(source.fetch) : new DirectChannel(source.direct);
}

/** Any fetch: aborted through a signal, and raced with it (a fetch that ignores its signal cannot outlive it). */
class SignalChannel implements Channel {
  private readonly controller = new AbortController();

  constructor(private readonly fetch: FetchLike) {}

  async exchange(url: string, headers: Record<string, string>): Promise<FetchResponseLike> {
    const { signal } = this.controller;
    const aborted = new Abortion(signal);
    try {
      // The fetch would send the header wherever a Location points: redirects are ours to check.
      return await Promise.race([this.fetch(url, { method: 'GET', headers, signal, redirect: 'manual' }), aborted.promise]);
    } finally {
      aborted.stop();
    }
  }

  read(response: FetchResponseLike, maxBytes: number): Promise<string> {
    return readBody(response, maxBytes, this.controller.signal);
  }

  abort(): void {
    this.controller.abort();
  }
}

/** Why a direct exchange stopped: the same error an aborted fetch gives. */
function abortError(): Error {
  const error = new Error('This operation was aborted');
  error.name = 'AbortError';
  return error;
}

/** The library's own transport: its exchanges are aborted by a call and fail their reads themselves. */
class DirectChannel implements Channel {
  private current: Exchange | undefined;
  private aborted: Error | undefined;

  constructor(private readonly transport: DirectTransport) {}

  exchange(url: string, headers: Record<string, string>): Promise<FetchResponseLike> {
    if (this.aborted !== undefined) return Promise.reject(this.aborted);
    this.current = this.transport.open(url, headers);
    return this.current.response;
  }

  read(response: FetchResponseLike, maxBytes: number): Promise<string> {
    return this.aborted === undefined ? readBody(response, maxBytes) : Promise.reject(this.aborted);
  }

  abort(): void {
    if (this.aborted !== undefined) return;
    this.aborted = abortError();
    this.current?.abort(this.aborted);
  }
}
