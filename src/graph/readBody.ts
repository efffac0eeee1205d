/**
 * Reads a response body as text, incrementally and with a size cap, so a hostile or
 * broken server cannot make the library buffer an unbounded body. Aborting the signal
 * (timeout, unsubscribe) stops the read at once, whatever the fetch implementation does.
 */
import type { FetchResponseLike } from './fetchLike';
import { Settlement } from './settlement';

/** The body was larger than allowed; `announced` when the server said so up front. */
export class BodyTooLargeError extends Error {
  constructor(
    readonly limit: number,
    readonly received: number,
    readonly announced: number | undefined,
  ) {
    super(
      announced === undefined
        ? `response body exceeds maxResponseBytes (${limit} bytes): stopped after ${received} bytes`
        : `response body of ${announced} bytes (Content-Length) exceeds maxResponseBytes (${limit} bytes): not read`,
    );
    this.name = 'BodyTooLargeError';
  }
}

/** Stops an unread response body (a redirect's) from flowing, so its connection is released. */
export function discardBody(response: FetchResponseLike): void {
  discard(response.body as StreamBody | null | undefined);
}

/** A WHATWG stream reader (undici's fetch, browsers). */
interface ChunkReader {
  read(): Promise<{ done: boolean; value?: unknown }>;
  cancel(reason?: unknown): Promise<void>;
  releaseLock?(): void;
}

interface StreamBody {
  getReader?: () => ChunkReader;
  cancel?: (reason?: unknown) => unknown;
  destroy?: (error?: Error) => unknown;
  [Symbol.asyncIterator]?: () => AsyncIterator<unknown>;
}

const encoder = new TextEncoder();

function toBytes(chunk: unknown): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk; // Node Buffers are Uint8Arrays too
  if (typeof chunk === 'string') return encoder.encode(chunk);
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError(`unexpected body chunk of type ${typeof chunk}`);
}

function announcedLength(response: FetchResponseLike): number | undefined {
  const value = response.headers.get('content-length');
  if (value === null || !/^\s*\d+\s*$/.test(value)) return undefined;
  const length = Number(value);
  return Number.isSafeInteger(length) ? length : Number.MAX_SAFE_INTEGER;
}

/** Stops the body from flowing; failures to do so are irrelevant (the request is aborted too). */
function discard(body: StreamBody | null | undefined): void {
  try {
    if (typeof body?.cancel === 'function') void Promise.resolve(body.cancel()).catch(() => undefined);
    else if (typeof body?.destroy === 'function') body.destroy();
  } catch {
    // A locked or already closed stream: nothing left to stop.
  }
}

/** Collects decoded text and counts bytes against the cap. */
class Accumulator {
  private readonly decoder = new TextDecoder();
  private readonly parts: string[] = [];
  received = 0;

  constructor(private readonly limit: number) {}

  /** Adds a chunk; false once the cap is passed (nothing more should be read). */
  add(chunk: unknown): boolean {
    const bytes = toBytes(chunk);
    this.received += bytes.byteLength;
    if (this.received > this.limit) return false;
    this.parts.push(this.decoder.decode(bytes, { stream: true }));
    return true;
  }

  text(): string {
    this.parts.push(this.decoder.decode());
    return this.parts.join('');
  }
}

/**
 * A promise that rejects when `signal` aborts; `stop` removes the listener once the read
 * is over. A class that listens itself (`handleEvent`), not closures per request: see
 * `observables/stateObservable.ts`.
 */
export class Abortion {
  private readonly settlement = new Settlement<never>();
  readonly promise = this.settlement.promise;

  constructor(private readonly signal: AbortSignal) {
    this.promise.catch(() => undefined); // raced by the callers; never an unhandled rejection
    if (signal.aborted) this.handleEvent();
    else signal.addEventListener('abort', this, { once: true });
  }

  /** The signal aborted. */
  handleEvent(): void {
    this.settlement.reject(this.signal.reason ?? new Error('aborted'));
  }

  stop(): void {
    this.signal.removeEventListener('abort', this);
  }
}

/** `pending`, or the abort when that comes first. */
function raced<T>(pending: Promise<T>, aborted: Promise<never> | undefined): Promise<T> {
  return aborted === undefined ? pending : Promise.race([pending, aborted]);
}

async function readStream(reader: ChunkReader, sink: Accumulator, aborted: Promise<never> | undefined): Promise<boolean> {
  try {
    for (;;) {
      const { done, value } = await raced(reader.read(), aborted);
      if (done) return true;
      if (!sink.add(value)) return false;
    }
  } finally {
    void reader.cancel().catch(() => undefined);
  }
}

async function readIterable(iterator: AsyncIterator<unknown>, sink: Accumulator, aborted: Promise<never> | undefined): Promise<boolean> {
  try {
    for (;;) {
      const { done, value } = await raced(iterator.next(), aborted);
      if (done === true) return true;
      if (!sink.add(value)) return false;
    }
  } finally {
    // Ends a Node stream (node-fetch v2's body), releasing its socket.
    void Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}

/**
 * The body as text, read chunk by chunk from a WHATWG `ReadableStream` (`getReader`) or
 * a Node stream / async iterable, counting bytes: past `maxBytes` the read stops and
 * fails with a {@link BodyTooLargeError}; a `Content-Length` above it fails before
 * reading. Falls back to `text()` (checked after the fact) when the body is not a
 * stream. Rejects with the signal's reason as soon as `signal` aborts; without a signal,
 * the response must fail its own reads when its request is aborted (an `Exchange`'s do).
 */
export async function readBody(response: FetchResponseLike, maxBytes: number, signal?: AbortSignal): Promise<string> {
  const body = response.body as StreamBody | null | undefined;
  const announced = announcedLength(response);
  if (announced !== undefined && announced > maxBytes) {
    discard(body);
    throw new BodyTooLargeError(maxBytes, 0, announced);
  }
  const abort = signal === undefined ? undefined : new Abortion(signal);
  const aborted = abort?.promise;
  try {
    // An uncompressed body with a declared length within the cap cannot grow past it (the
    // HTTP parser stops at the length), so it is read in one go; a compressed one could
    // inflate to any size and is counted chunk by chunk.
    const encoding = response.headers.get('content-encoding');
    if (announced !== undefined && (encoding === null || encoding === 'identity')) return await raced(response.text(), aborted);
    const getReader = body?.getReader;
    const iterate = body?.[Symbol.asyncIterator];
    // The sink is made only for a stream: its TextDecoder is not free, and most bodies are no stream.
    let sink: Accumulator;
    let complete: boolean;
    if (typeof getReader === 'function') {
      sink = new Accumulator(maxBytes);
      complete = await readStream(getReader.call(body), sink, aborted);
    } else if (typeof iterate === 'function') {
      sink = new Accumulator(maxBytes);
      complete = await readIterable(iterate.call(body), sink, aborted);
    } else {
      const text = await raced(response.text(), aborted);
      // Only the length can be checked here: the body is already in memory. A UTF-16
      // unit is at most 3 bytes of UTF-8, so most bodies need no encoding to be counted.
      if (text.length * 3 <= maxBytes) return text;
      const bytes = text.length > maxBytes ? text.length : encoder.encode(text).byteLength;
      if (bytes > maxBytes) throw new BodyTooLargeError(maxBytes, bytes, undefined);
      return text;
    }
    if (!complete) throw new BodyTooLargeError(maxBytes, sink.received, undefined);
    return sink.text();
  } finally {
    abort?.stop();
  }
}
