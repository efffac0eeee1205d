import type * as t from 'io-ts';
import { defer, type Observable } from 'rxjs';
import { Connection } from '../codecs/connection';
import { decoderFor, type Decode, type DecodeContext } from '../codecs/decode';
import type { GraphUsage } from '../codecs/usage';
import type { Redactor } from '../errors/redact';
import { inPlaceItemOf } from '../codecs/fastPath';
import { inPlacePageDecoder } from '../codecs/inPlacePage';
import type { DecodeWarning } from '../codecs/salvage';
import { graphGet, type BodyPeek, type GraphResponse } from '../graph/graphGet';
import { mapped } from '../observables/mapped';
import type { GraphClient } from '../graph/client';
import { nextPageUrl, type NextPagePolicy } from './nextPage';
import { peekNext } from './peekNext';
import { consistentWalk } from './consistentWalk';
import { paginate, type FetchPage, type KeyOf, type PageOf, type WalkLimits } from './paginate';
import { claimDemand } from './demand';
import type { PagePolicy } from './page';

/** Everything a walk over one edge needs: where to start and how to follow. */
export interface EdgePlan {
  readonly client: GraphClient;
  readonly firstUrl: string;
  readonly policy: NextPagePolicy;
  /** Told about each broken optional part left out of an item (see `DecodeWarning`). */
  readonly onDecodeWarning?: ((warning: DecodeWarning) => void) | undefined;
}

/** Only the parameters that were given go into the query, so Graph's own defaults apply. */
function definedParams(params: Readonly<Record<string, string | number | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) if (value !== undefined) out[name] = String(value);
  return out;
}

/**
 * Plans a walk of `/{nodeId}/{edge}`: the first URL, and the parameters every later page
 * must keep. The node id is encoded as one path segment (thread ids carry `.` and `:`).
 */
export function planEdge(
  client: GraphClient,
  nodeId: string,
  edge: string,
  params: Readonly<Record<string, string | number | undefined>>,
  onDecodeWarning?: (warning: DecodeWarning) => void,
): EdgePlan {
  const carry = definedParams(params);
  return {
    client,
    onDecodeWarning,
    firstUrl: `${client.baseUrl}/${encodeURIComponent(nodeId)}/${edge}?${new URLSearchParams(carry).toString()}`,
    policy: { origin: client.origin, carry, redact: client.redact },
  };
}

/**
 * `early` hears the next page's URL as soon as the body has arrived (read from the raw
 * text, checked by the rule of `nextPageUrl`, and never one that carries a secret): a
 * prefetching walk requests it while this page is parsed and decoded. An object, not a
 * closure per page (see `observables/stateObservable.ts`).
 */
class EarlyNext implements BodyPeek {
  constructor(
    private readonly plan: EdgePlan,
    private readonly early: (next: string) => void,
  ) {}

  see(text: string): void {
    const raw = peekNext(text);
    if (raw === undefined) return;
    const { plan } = this;
    const next = nextPageUrl(raw, plan.policy);
    if (next._tag === 'Right' && next.right !== undefined && plan.client.redact(next.right) === next.right) this.early(next.right);
  }
}

/**
 * Where a page came from, for the decoder's errors and warnings: the URL is cleaned only
 * if one names it. A class, not an object literal with a getter: measured, the walk's
 * object literals with getters, made per page, cost about a tenth of its client CPU.
 */
class PageSource implements DecodeContext {
  constructor(
    private readonly response: GraphResponse,
    readonly redact: Redactor,
    readonly onWarning: ((warning: DecodeWarning) => void) | undefined,
  ) {}

  get url(): string {
    return this.response.url;
  }
}

/** A decoded page; `usage` stays lazy: parsed only if a policy (throttleByUsage) reads it. */
class EdgePage<A> implements PageOf<A> {
  constructor(
    readonly items: readonly A[],
    readonly next: string | undefined,
    readonly refusal: Error | undefined,
    private readonly response: GraphResponse,
  ) {}

  get usage(): GraphUsage | undefined {
    return this.response.usage;
  }
}

/** How a walk's pages are decoded: one per walk. */
interface PageDecoding<A> {
  readonly plan: EdgePlan;
  readonly decode: PageDecode<A>;
}

/** One page of an edge: fetched, decoded with `item`, and its `next` checked. */
function edgePage<A>(url: string, decoding: PageDecoding<A>, early?: (next: string) => void): Observable<PageOf<A>> {
  return mapped(graphGet(url, decoding.plan.client, early === undefined ? undefined : new EarlyNext(decoding.plan, early)), decodedPage, decoding);
}

function decodedPage<A>(response: GraphResponse, { plan, decode }: PageDecoding<A>): PageOf<A> {
  const page = decode(response.body, new PageSource(response, plan.client.redact, plan.onDecodeWarning));
  if (page._tag === 'Left') throw page.left;
  const { data: items, paging } = page.right;
  // The items of a page whose `next` is refused are still real: emit, then stop.
  const next = nextPageUrl(paging?.next, plan.policy);
  return next._tag === 'Left' ? new EdgePage(items, undefined, next.left, response) : new EdgePage(items, next.right, undefined, response);
}

/**
 * The decoder of one page of `item`s. A broken optional part costs that part (reported),
 * never the page. Each body is parsed by the walk and held by nobody else, so an item
 * codec that can decode in place (threads) does so (see `inPlacePageDecoder`).
 */
export function pageDecoder<A>(item: t.Decoder<unknown, A>, what: string): PageDecode<A> {
  // Kept per item codec (shared per field list, see CodecCache), for the same reason.
  let byWhat = pageDecoders.get(item);
  if (byWhat === undefined) pageDecoders.set(item, (byWhat = new Map()));
  let decode = byWhat.get(what);
  if (decode === undefined) byWhat.set(what, (decode = buildPageDecoder(item, what)));
  return decode as PageDecode<A>;
}

type PageDecode<A> = Decode<{ data: A[]; paging?: { next?: string } }>;

const pageDecoders = new WeakMap<object, Map<string, PageDecode<unknown>>>();

function buildPageDecoder<A>(item: t.Decoder<unknown, A>, what: string): PageDecode<A> {
  const full = decoderFor(Connection(item as unknown as t.Mixed) as unknown as t.Decoder<unknown, { data: A[]; paging?: { next?: string } }>, what, { salvage: true });
  const inPlace = inPlaceItemOf(item);
  return inPlace === undefined ? full : inPlacePageDecoder(inPlace, full);
}

/**
 * How a walk over one edge goes beyond its plan.
 *
 * @example
 * ```ts
 * const options: EdgeWalkOptions<Thread> = { maxPages: 10 };
 * ```
 */
export interface EdgeWalkOptions<A> {
  /** Replaces a page request (e.g. turns a known end-of-history error into a last empty page); `first` is true for the walk's first URL. */
  readonly around?: ((page: Observable<PageOf<A>>, first: boolean) => Observable<PageOf<A>>) | undefined;
  /** The most pages one pass requests: see {@link WalkLimits}. */
  readonly maxPages?: number | undefined;
  /** Restarts after a stale cursor: see {@link WalkLimits}. */
  readonly maxRestarts?: number | undefined;
  /** When set, the walk is consistent (see `consistentWalk`): the item's time, in ms. */
  readonly consistentBy?: ((item: A) => number) | undefined;
  /** Applied to every page request: see {@link PagePolicy}. */
  readonly perPage?: PagePolicy | undefined;
  /** Pages requested ahead: see {@link WalkLimits}. */
  readonly prefetch?: 0 | 1 | undefined;
}

/**
 * Walks an edge: every page decoded with the item codec, each request through `perPage`,
 * items emitted in order. A consumer that pulls (`mergeFolders`) is asked before every
 * later page when it offered a demand at subscription (see `offeringDemand`).
 */
export function walkEdge<A>(plan: EdgePlan, item: t.Decoder<unknown, A>, what: string, key: KeyOf<A>, options: EdgeWalkOptions<A> = {}): Observable<A> {
  const decoding: PageDecoding<A> = { plan, decode: pageDecoder(item, what) };
  const { around } = options;
  const fetchPage: FetchPage<A> = around === undefined ? (url, early) => edgePage(url, decoding, early) : (url, early) => around(edgePage(url, decoding, early), url === plan.firstUrl);
  return defer(() => {
    const limits: WalkLimits = { maxPages: options.maxPages, maxRestarts: options.maxRestarts, redact: plan.client.redact, perPage: options.perPage, demand: claimDemand(), prefetch: options.prefetch };
    const { consistentBy } = options;
    return consistentBy === undefined ? paginate(plan.firstUrl, fetchPage, key, limits) : consistentWalk(plan.firstUrl, fetchPage, key, consistentBy, limits);
  });
}
