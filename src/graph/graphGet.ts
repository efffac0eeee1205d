import type { Observable, Subscriber, TeardownLogic, Unsubscribable } from 'rxjs';
import { StateObservable } from '../observables/stateObservable';
import { GraphErrorBody } from '../codecs/error';
import { parseUsageHeaders, usagePeak, type GraphUsage } from '../codecs/usage';
import { GraphApiError } from '../errors/graphApiError';
import { safeUrl, type Redactor } from '../errors/redact';
import { TransportError } from '../errors/transportError';
import { startTimer, type TimerHandle } from '../timing/delay';
import { nextTurn } from '../timing/nextTurn';
import { longestHintMs } from '../timing/hints';
import type { GraphClient } from './client';
import type { FetchResponseLike } from './fetchLike';
import { networkFailure } from './networkFailure';
import { openChannel, type Channel } from './channel';
import { BodyTooLargeError, discardBody } from './readBody';
import { redirectStep } from './redirects';

/** A successful Graph response: parsed JSON, not yet decoded. */
export interface GraphResponse {
  readonly body: unknown;
  readonly status: number;
  /** The request URL without credentials, safe to store and show. */
  readonly url: string;
  /** The usage headers, parsed on first read. */
  readonly usage: GraphUsage | undefined;
}

const BODY_PREVIEW = 40;

function withProof(url: string, proof: string | undefined): string {
  if (proof === undefined) return url;
  const parsed = new URL(url);
  parsed.searchParams.set('appsecret_proof', proof);
  return parsed.toString();
}

/** `Retry-After` in ms: delay-seconds or an HTTP date; `undefined` when absent or unreadable. */
function retryAfterHeaderMs(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  // `1e400` is Infinity and `-30` is negative: not a date either, and not to be trusted.
  if (!Number.isNaN(seconds)) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * How long the failing response asked to wait: the longer of `Retry-After` and
 * `estimated_time_to_regain_access`, untrusted figures (non-finite, negative) ignored.
 * Kept in full even when no timer could hold it: a scheduler can come back then.
 */
function retryAfterMs(value: string | null, usage: GraphUsage | undefined): number | undefined {
  return longestHintMs(retryAfterHeaderMs(value), usage === undefined ? undefined : usagePeak(usage).regainAccessMs);
}

function describeBody(text: string, redact: Redactor): string {
  if (text.trim() === '') return 'an empty body';
  if (/^\s*</.test(text)) return 'an HTML page';
  // Scrubbed before the cut: a cut through a secret would leave its first characters.
  const clean = redact(text);
  const preview = clean.length > BODY_PREVIEW ? `${clean.slice(0, BODY_PREVIEW)}...` : clean;
  return `a body that is not JSON (${JSON.stringify(preview)}, ${text.length} characters)`;
}

/**
 * The usage headers of a response, parsed on first read: onUsage, an error, or a policy
 * (throttleByUsage) reading a page's `usage`. Most pages of a walk have no reader.
 */
class LazyUsage {
  private read = false;
  private usage: GraphUsage | undefined;

  constructor(private readonly headers: FetchResponseLike['headers']) {}

  get(): GraphUsage | undefined {
    if (!this.read) {
      const { headers } = this;
      this.usage = parseUsageHeaders((name) => headers.get(name));
      this.read = true;
    }
    return this.usage;
  }
}

/**
 * A successful response. A class with getters on its prototype, not an object literal
 * with getters: measured, the walk's object literals with getters, made per page, cost
 * about a tenth of its client CPU.
 */
class ReceivedResponse implements GraphResponse {
  constructor(
    readonly body: unknown,
    readonly status: number,
    private readonly shownUrl: () => string,
    private readonly lazyUsage: LazyUsage,
  ) {}

  get url(): string {
    return this.shownUrl();
  }

  get usage(): GraphUsage | undefined {
    return this.lazyUsage.get();
  }
}

/** Turns a received response into a Graph response, or the error it amounts to. */
function interpret(response: FetchResponseLike, text: string, shownUrl: () => string, client: GraphClient): GraphResponse {
  const usage = new LazyUsage(response.headers);
  const { onUsage } = client;
  if (onUsage !== undefined) {
    const reported = usage.get();
    if (reported !== undefined) onUsage(reported, { url: shownUrl(), status: response.status });
  }
  let body: unknown;
  try {
    // A server may echo the token (Graph embeds it in every paging URL, nested ones too).
    body = client.parse(text);
  } catch {
    throw new TransportError({
      kind: 'bad-response',
      status: response.status,
      message: `HTTP ${response.status} with ${describeBody(text, client.redact)}`,
      url: shownUrl(),
      redact: client.redact,
    });
  }
  const graphError = hasErrorMember(body) ? GraphErrorBody.decode(body) : undefined;
  if (graphError?._tag === 'Right') {
    const e = graphError.right.error;
    throw new GraphApiError({
      status: response.status,
      code: e.code,
      message: e.message,
      subcode: e.error_subcode,
      type: e.type,
      isTransient: e.is_transient,
      userTitle: e.error_user_title,
      userMessage: e.error_user_msg,
      fbtraceId: e.fbtrace_id ?? response.headers.get('x-fb-trace-id') ?? undefined,
      url: shownUrl(),
      usage: usage.get(),
      retryAfterMs: retryAfterMs(response.headers.get('retry-after'), usage.get()),
      platform: client.platform,
      redact: client.redact,
    });
  }
  if (!response.ok) {
    throw new TransportError({
      kind: 'bad-response',
      status: response.status,
      message: `HTTP ${response.status} without a Graph error body`,
      url: shownUrl(),
      redact: client.redact,
    });
  }
  return new ReceivedResponse(body, response.status, shownUrl, usage);
}

/** Whether `body` names an `error` member: only then is it decoded as a Graph error (pages are not). */
function hasErrorMember(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'error' in body;
}

/**
 * One GET as a cold Observable: nothing is sent until subscribe; unsubscribing aborts
 * the request. The token travels in the `Authorization` header; `appsecret_proof` is
 * added when an app secret is configured. Emits one {@link GraphResponse} or errors with
 * a `GraphApiError` (Graph error body), or a `TransportError` (network, timeout, not JSON).
 * `peek`, when given, sees the raw text of a 2xx body before it is parsed; the parse then
 * waits for the event loop to take a turn, so a request `peek` made is sent first.
 */
export function graphGet(url: string, client: GraphClient, peek?: BodyPeek): Observable<GraphResponse> {
  return new StateObservable<GraphResponse, GraphGet>({ url, client, peek }, subscribeGraphGet);
}

/** Sees the raw text of a 2xx body before it is parsed (a prefetching walk reads `next` there). */
export interface BodyPeek {
  see(text: string): void;
}

/** One GET to make. */
interface GraphGet {
  readonly url: string;
  readonly client: GraphClient;
  readonly peek: BodyPeek | undefined;
}

/**
 * A module function, and the request a class with its work in methods, not closures per
 * request: those lose their optimized code at each major GC (see
 * `observables/stateObservable.ts`).
 */
function subscribeGraphGet({ url, client, peek }: GraphGet, subscriber: Subscriber<GraphResponse>): TeardownLogic {
  // expand() may subscribe to the next page with a subscriber that take(1) has already
  // closed: that must not send a request at all.
  if (subscriber.closed) return undefined;
  const request = new GraphRequest(url, client, peek, subscriber);
  void request.run();
  return request;
}

/** One request in flight: its timer and channel, and the one outcome it reports. */
class GraphRequest implements Unsubscribable {
  private readonly channel: Channel;
  private readonly timer: TimerHandle;
  private timedOut = false;
  // Aborting a finished exchange is wasted work on every page: only abort one in flight.
  private settled = false;
  // Cleaned only when shown (an error, a warning, onUsage): most requests never are.
  private shown: string | undefined;
  private readonly shownUrl = () => (this.shown ??= safeUrl(this.url));

  constructor(
    private readonly url: string,
    private readonly client: GraphClient,
    private readonly peek: BodyPeek | undefined,
    private readonly subscriber: Subscriber<GraphResponse>,
  ) {
    this.channel = openChannel(client);
    this.timer = startTimer(client.timeoutMs, () => this.timeOut());
  }

  /** Sends, and reports the response or the error to the subscriber. */
  async run(): Promise<void> {
    let response: GraphResponse;
    try {
      response = await this.send();
    } catch (error) {
      this.settle();
      this.subscriber.error(error);
      return;
    }
    this.settle();
    this.subscriber.next(response);
    this.subscriber.complete();
  }

  /** The teardown: unsubscribing aborts a request still in flight. */
  unsubscribe(): void {
    this.timer.cancel();
    if (!this.settled) this.channel.abort();
  }

  private settle(): void {
    this.settled = true;
    this.timer.cancel();
  }

  private timeOut(): void {
    this.timedOut = true;
    this.channel.abort();
  }

  private failure(error: unknown, status?: number): TransportError {
    const { client } = this;
    if (this.timedOut) {
      const what = status === undefined ? 'No response' : `No complete response (HTTP ${status}, body still arriving)`;
      return new TransportError({ kind: 'timeout', message: `${what} within ${client.timeoutMs} ms`, url: this.shownUrl(), status, redact: client.redact });
    }
    if (error instanceof BodyTooLargeError) {
      // The same request would most likely bring the same body: not worth retrying.
      return new TransportError({ kind: 'bad-response', message: `HTTP ${status ?? 0} with a ${error.message}`, url: this.shownUrl(), status, retryable: false, redact: client.redact });
    }
    const failure = networkFailure(error, this.url);
    // A refused connection is not retried (see networkFailure): nothing listens there.
    return new TransportError({ kind: 'network', message: `Request failed: ${failure.reason}`, url: this.shownUrl(), status, retryable: !failure.refused, redact: client.redact });
  }

  private async exchange(requestUrl: string): Promise<FetchResponseLike> {
    try {
      return await this.channel.exchange(requestUrl, { Authorization: `Bearer ${this.client.accessToken}`, Accept: 'application/json' });
    } catch (error) {
      throw this.failure(error);
    }
  }

  private async send(): Promise<GraphResponse> {
    const { client, shownUrl } = this;
    const proof = await client.proof();
    let requestUrl = withProof(this.url, proof);
    let response = await this.exchange(requestUrl);
    // Every hop runs under the same timer and signal as the first request.
    for (let hops = 0; ; hops += 1) {
      const step = redirectStep(response, requestUrl, hops, client, shownUrl);
      if (step._tag === 'Left') {
        discardBody(response);
        throw step.left;
      }
      const target = step.right;
      if (target === undefined) break;
      discardBody(response);
      requestUrl = withProof(target.toString(), proof);
      response = await this.exchange(requestUrl);
    }
    let text: string;
    try {
      // Read under the same timer: a body that trickles forever times out.
      text = await this.channel.read(response, client.maxResponseBytes);
    } catch (error) {
      // Stop the transfer (a huge or endless body) before reporting.
      this.channel.abort();
      throw this.failure(error, response.status);
    }
    // A walk that prefetches reads `next` here, before the body is parsed, and the
    // request it makes goes out before the parse starts (or it would only be written
    // once this page was parsed, decoded and emitted: no overlap at all).
    if (this.peek !== undefined && response.ok) {
      this.peek.see(text);
      await nextTurn();
    }
    return interpret(response, text, shownUrl, client);
  }
}
