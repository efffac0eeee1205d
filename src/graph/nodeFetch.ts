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
 * not), an abort (a call, or the signal of the `FetchLike`) stops the request and its
 * body at once, and the body is capped: raw bytes past `maxBytes` stop the download, and
 * inflating stops at `maxBytes` of output (a small gzip cannot become a huge string),
 * both as a {@link BodyTooLargeError}.
 *
 * A compressed body is inflated on the main thread while its output stays within
 * {@link INLINE_INFLATE_BYTES} (a Graph page: tens of KiB compressed, at most a few
 * hundred KiB inflated), on zlib's thread pool past that. Why: `zlib.gunzip` builds a stream and
 * makes a round trip through the thread pool for every body; measured on a walk of
 * 100-thread pages, that cost more client CPU than inflating in place and, worse, a
 * wait of several hundred microseconds per page that a prefetching walk could not hide
 * (the next page's body can only be read once the page before is emitted). The parse
 * that follows blocks longer than the inflate did, so inline inflation of a page-sized
 * body blocks the event loop no more than the page already does; a body that inflates
 * past the bound (a bomb, an export) goes to the pool, capped by `maxBytes` as ever.
 */
import type * as Http from 'node:http';
import type * as Zlib from 'node:zlib';
import type { DirectTransport, Exchange } from './exchange';
import type { FetchLike, FetchResponseLike } from './fetchLike';
import { BodyTooLargeError } from './readBody';
import { Settlement } from './settlement';

/** The Node modules the transport uses (given by `nodeTransport`; a test may hold zlib back). */
export interface NodeModules {
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

/**
 * Output bytes a compressed body is inflated to on the main thread; past that, zlib's
 * thread pool takes it (see the module's note). 1 MiB inflates in about a millisecond.
 */
export const INLINE_INFLATE_BYTES = 1024 * 1024;

/** One content coding, both ways: in place, or on zlib's thread pool. */
interface Inflater {
  readonly inline: (body: Buffer, options: Zlib.ZlibOptions) => Buffer;
  readonly pooled: (body: Buffer, options: Zlib.ZlibOptions, callback: (error: Error | null, result: Buffer) => void) => void;
}

/** What every exchange of one transport shares. */
interface TransportSettings {
  readonly modules: NodeModules;
  /** The body cap, raw and inflated. */
  readonly maxBytes: number;
  /** Output bytes inflated on the main thread (see {@link INLINE_INFLATE_BYTES}). */
  readonly inlineInflateBytes: number;
  readonly gzip: Inflater;
  readonly deflate: Inflater;
}

function inflaterFor(settings: TransportSettings, encoding: string | undefined): Inflater | undefined | 'unknown' {
  if (encoding === undefined || encoding === '' || encoding === 'identity') return undefined;
  if (encoding === 'gzip' || encoding === 'x-gzip') return settings.gzip;
  if (encoding === 'deflate') return settings.deflate;
  return 'unknown';
}

const isTooLarge = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'ERR_BUFFER_TOO_LARGE';

/** A header's value as fetch's `Headers.get` gives it: `null` when absent, repeated values joined. */
class NodeHeaders {
  constructor(private readonly message: Http.IncomingMessage) {}

  get(name: string): string | null {
    const value = this.message.headers[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
  }
}

/**
 * No stream for readBody to read (`text()` counts and inflates itself); `destroy` lets an
 * unread body (a redirect's, an announced oversize one) free its socket.
 */
class NodeBody {
  constructor(private readonly message: Http.IncomingMessage) {}

  destroy(): void {
    this.message.destroy();
  }
}

/**
 * The response as `FetchResponseLike`: status and headers at once, the body read by
 * `text()`. Classes here and below, not closures made per request: closures made per
 * request lose their optimized code at each major GC (see `observables/stateObservable.ts`).
 */
class NodeResponse implements FetchResponseLike {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: NodeHeaders;
  readonly body: NodeBody;
  private reading: BodyText | undefined;
  private abortedWith: Error | undefined;

  constructor(
    private readonly message: Http.IncomingMessage,
    private readonly settings: TransportSettings,
  ) {
    this.status = message.statusCode ?? 0;
    this.ok = this.status >= 200 && this.status < 300;
    this.headers = new NodeHeaders(message);
    this.body = new NodeBody(message);
  }

  text(): Promise<string> {
    if (this.abortedWith !== undefined) return Promise.reject(this.abortedWith);
    this.reading = new BodyText(this.message, this.settings);
    return this.reading.text;
  }

  /** The exchange was aborted: a body being read (or inflated) fails now, one not read yet when asked. */
  abort(reason: Error): void {
    this.abortedWith = reason;
    this.reading?.fail(reason);
  }
}

/** Reads one body: counted against `maxBytes` as it arrives, then inflated (capped too). */
class BodyText {
  private readonly settlement = new Settlement<string>();
  readonly text = this.settlement.promise;
  private readonly chunks: Buffer[] = [];
  private received = 0;
  private readonly maxBytes: number;
  private readonly inflate: Inflater | undefined;

  constructor(
    private readonly message: Http.IncomingMessage,
    private readonly settings: TransportSettings,
  ) {
    this.maxBytes = settings.maxBytes;
    const encoding = message.headers['content-encoding'];
    const inflate = inflaterFor(settings, encoding);
    if (inflate === 'unknown') {
      this.inflate = undefined;
      this.settlement.reject(new Error(`unsupported Content-Encoding ${JSON.stringify(encoding)}`));
      message.destroy();
      return;
    }
    this.inflate = inflate;
    message.on('data', this.onData.bind(this));
    message.on('error', this.settlement.reject);
    message.on('aborted', this.onAborted.bind(this));
    message.on('end', this.onEnd.bind(this));
  }

  /** Fails the read (an abort): nothing that arrives later settles it. */
  fail(reason: Error): void {
    this.settlement.reject(reason);
  }

  private onData(chunk: Buffer): void {
    this.received += chunk.byteLength;
    if (this.received > this.maxBytes) {
      // Rejected first: destroying emits 'aborted' at once.
      this.settlement.reject(new BodyTooLargeError(this.maxBytes, this.received, undefined));
      this.message.destroy();
      return;
    }
    this.chunks.push(chunk);
  }

  private onAborted(): void {
    this.settlement.reject(new Error('response aborted'));
  }

  private onEnd(): void {
    const { chunks, inflate, maxBytes } = this;
    const raw = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, this.received);
    if (inflate === undefined) {
      this.settlement.resolve(raw.toString('utf8'));
      return;
    }
    const inline = Math.min(maxBytes, this.settings.inlineInflateBytes);
    if (inline > 0 && this.inflatedInPlace(inflate, raw, inline)) return;
    inflate.pooled(raw, { maxOutputLength: maxBytes }, this.onInflated.bind(this));
  }

  /** Inflates in place, up to `inline` bytes; false when the output passes that but may still fit the cap. */
  private inflatedInPlace(inflate: Inflater, raw: Buffer, inline: number): boolean {
    let inflated: Buffer;
    try {
      inflated = inflate.inline(raw, { maxOutputLength: inline });
    } catch (error) {
      if (isTooLarge(error) && inline < this.maxBytes) return false;
      this.onInflated(error as Error, Buffer.alloc(0));
      return true;
    }
    this.onInflated(null, inflated);
    return true;
  }

  private onInflated(error: Error | null, inflated: Buffer): void {
    if (error === null) this.settlement.resolve(inflated.toString('utf8'));
    else if (isTooLarge(error)) this.settlement.reject(new BodyTooLargeError(this.maxBytes, this.maxBytes + 1, undefined));
    else this.settlement.reject(error);
  }
}

/**
 * One GET in flight, answered with its {@link NodeResponse}: aborted by {@link abort}
 * (the library's requests) or, when given one, by a signal (the `FetchLike`).
 */
class NodeExchange implements Exchange {
  private readonly settlement = new Settlement<FetchResponseLike>();
  readonly response = this.settlement.promise;
  private request: Http.ClientRequest | undefined;
  private received: NodeResponse | undefined;

  constructor(
    private readonly settings: TransportSettings,
    url: string,
    headers: Readonly<Record<string, string>>,
    private readonly signal?: AbortSignal,
  ) {
    if (signal?.aborted === true) {
      this.settlement.reject(signal.reason ?? new Error('aborted'));
      return;
    }
    const { modules } = settings;
    const request = (url.startsWith('https:') ? modules.https : modules.http).request(url, { method: 'GET', headers: { ...headers, 'Accept-Encoding': 'gzip, deflate' } }, this.onResponse.bind(this));
    this.request = request;
    if (signal !== undefined) {
      // The exchange listens itself (`handleEvent`) until the request is closed.
      signal.addEventListener('abort', this, { once: true });
      request.on('close', this.onClose.bind(this));
    }
    request.on('error', this.settlement.reject);
    request.end();
  }

  abort(reason: Error): void {
    this.settlement.reject(reason);
    this.received?.abort(reason);
    this.request?.destroy(reason);
  }

  /** The signal aborted. */
  handleEvent(): void {
    const reason: unknown = this.signal?.reason;
    this.abort(reason instanceof Error ? reason : new Error('aborted'));
  }

  private onResponse(message: Http.IncomingMessage): void {
    this.received = new NodeResponse(message, this.settings);
    this.settlement.resolve(this.received);
  }

  private onClose(): void {
    this.signal?.removeEventListener('abort', this);
  }
}

/**
 * The transport on `node:http`/`node:https`: {@link DirectTransport} for the library's
 * own requests, and the same as a {@link FetchLike}. `maxBytes` caps the body, raw and
 * inflated.
 */
export class NodeTransport implements DirectTransport {
  /** The same transport as a fetch: aborted through `init.signal`. */
  readonly fetch: FetchLike = (url, init) => new NodeExchange(this.settings, url, init.headers, init.signal).response;
  private readonly settings: TransportSettings;

  /**
   * @param modules - Node's http, https and zlib.
   * @param maxBytes - the body cap, raw and inflated.
   * @param inlineInflateBytes - output bytes inflated on the main thread; 0 sends every body to the thread pool.
   */
  constructor(modules: NodeModules, maxBytes: number, inlineInflateBytes = INLINE_INFLATE_BYTES) {
    const { zlib } = modules;
    this.settings = {
      modules,
      maxBytes,
      inlineInflateBytes,
      gzip: { inline: zlib.gunzipSync, pooled: zlib.gunzip },
      deflate: { inline: zlib.inflateSync, pooled: zlib.inflate },
    };
  }

  open(url: string, headers: Readonly<Record<string, string>>): Exchange {
    return new NodeExchange(this.settings, url, headers);
  }
}

/**
 * The Node transport, or `undefined` where Node's modules are not to be had (browsers,
 * Node before 20.16).
 */
export function nodeTransport(maxBytes: number): NodeTransport | undefined {
  const modules = nodeModules();
  return modules === undefined ? undefined : new NodeTransport(modules, maxBytes);
}

/** {@link nodeTransport} as a {@link FetchLike}, or `undefined` where there is none. */
export function nodeHttpFetch(maxBytes: number): FetchLike | undefined {
  return nodeTransport(maxBytes)?.fetch;
}
