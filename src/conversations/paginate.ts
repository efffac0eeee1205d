import { catchError, concatMap, defer, distinct, EMPTY, expand, map, Observable, throwError } from 'rxjs';
import type { GraphUsage } from '../codecs/usage';
import { DecodeError } from '../errors/decodeError';
import { safeUrl, type Redactor } from '../errors/redact';
import { progressJudge } from './progress';
import { WalkObservable, type WalkPolicy } from './walkObservable';

/** One page of any edge, reduced to what the walk needs. */
export interface PageOf<A> {
  readonly items: readonly A[];
  /** The URL of the next page, already checked and cleaned; absent on the last page. */
  readonly next: string | undefined;
  /** Why the walk must not go on (e.g. `next` points to another host): raised after `items`. */
  readonly refusal?: Error | undefined;
  /** Usage headers of the response, for throttling. */
  readonly usage?: GraphUsage | undefined;
}

/** What identifies an item across pages and restarts (a thread's or message's id). */
export type KeyOf<A> = (item: A) => string;

/**
 * Limits of one walk.
 *
 * @example
 * ```ts
 * const limits: WalkLimits = { maxPages: 40 };
 * ```
 */
export interface WalkLimits {
  /**
   * The most pages one pass of the walk requests (a restart from the first page counts
   * anew). When a page within it has a `next`, the walk ends after that page's items with
   * a `paging-loop` DecodeError whose message says `maxPages` was reached: a guard set by
   * a caller who knows the edge's size should say it fired, not cut the list silently.
   */
  readonly maxPages?: number | undefined;
  /** Removes the caller's secrets from the error's text. */
  readonly redact?: Redactor | undefined;
}

function loopError(url: string, report: string, redact: Redactor | undefined): DecodeError {
  return new DecodeError({ what: 'paging.next', kind: 'paging-loop', report: [`paging.next: ${safeUrl(url)} ${report}`], redact });
}

function once<A>(firstUrl: string, fetchPage: (url: string) => Observable<PageOf<A>>, key: KeyOf<A>, policy: WalkPolicy, limits: WalkLimits): Observable<A> {
  const request = (url: string): Observable<PageOf<A>> => {
    const gated = policy.gate === undefined ? fetchPage(url) : policy.gate(fetchPage(url));
    return policy.retry === undefined ? gated : policy.retry(gated);
  };
  // expand() subscribes to the next page even when the item just emitted made a
  // downstream take() unsubscribe; the subscriber is closed by then, so ask for nothing.
  const whileListened = (page: () => Observable<PageOf<A>>) =>
    new Observable<PageOf<A>>((subscriber) => (subscriber.closed ? undefined : page().subscribe(subscriber)));
  return defer(() => {
    // Progress is judged by content, not by URLs: a server can make every cursor fresh
    // without moving. A page that brings no key new to this pass is stale: its items were
    // all delivered already, so they are held back (a replay after a thread moved to the
    // front delivers nothing twice), and a run of stale pages past the allowance is a loop.
    const judge = progressJudge(key);
    let requested = 0;
    const checked = (url: string): Observable<PageOf<A>> => {
      requested += 1;
      return request(url).pipe(
        map((page) => {
          const verdict = judge(page.items);
          if (verdict === 'loop') throw loopError(url, 'keeps giving pages with nothing new to this walk', limits.redact);
          return verdict === 'stale' ? { ...page, items: [] } : page;
        }),
      );
    };
    return checked(firstUrl).pipe(
      expand(({ next, refusal }) => {
        if (refusal !== undefined) return throwError(() => refusal);
        if (next === undefined) return EMPTY;
        const { maxPages } = limits;
        if (maxPages !== undefined && requested >= maxPages) return throwError(() => loopError(next, `not requested: maxPages (${maxPages}) reached`, limits.redact));
        return whileListened(() => checked(next));
      }, 1),
      concatMap((page) => page.items),
    );
  });
}

function withRestarts<A>(walk: () => Observable<A>, key: KeyOf<A>, policy: WalkPolicy): Observable<A> {
  return defer(() => {
    let restarts = 0;
    const attempt = (): Observable<A> =>
      walk().pipe(catchError((error: unknown) => (policy.restartOn?.(error, ++restarts) === true ? attempt() : throwError(() => error))));
    // distinct() sits outside the restarts, so it remembers what earlier attempts delivered.
    return policy.dedupe === true ? attempt().pipe(distinct(key)) : attempt();
  });
}

/**
 * Walks a cursor-paged edge: requests the first page, then each `next` with `expand`
 * (one request at a time), and emits the items in order. A page is requested only after
 * the previous page's items were emitted and someone still listens, so `take(n)` costs
 * only the pages it needs. Stops when a page has no `next` (an empty page with `next`
 * continues). A page's `refusal` ends the walk after that page's items.
 *
 * Progress is judged by content: a page that brings no item key new to this walk is
 * stale, and its items (all delivered already) are not emitted again. A `next` already
 * visited is followed (a thread that got a message moves to the front, so `after` its
 * cursor starts over and the walk reads known pages again), but a run of stale pages
 * longer than `STALE_PAGE_ALLOWANCE` (progress.ts) plus the number of pages that brought something
 * new ends the walk with a `paging-loop` DecodeError, whatever the cursors look like. A
 * page that brings anything new is emitted whole: a thread seen earlier may then come
 * again (dedupe by `key` is the `dedupe` policy's job). `limits.maxPages` caps the pages
 * of one pass (see {@link WalkLimits}).
 *
 * The result is a {@link WalkObservable}: policies wrap each page request (throttle,
 * retry), may restart the walk from its first page (stale cursors), and may dedupe items
 * by `key`.
 *
 * @param firstUrl - the first page's URL.
 * @param fetchPage - one page as a cold Observable.
 * @param key - identifies an item: for progress, and for dedupe across restarts.
 * @param limits - `maxPages`, and the redactor for the errors' text.
 */
export function paginate<A>(firstUrl: string, fetchPage: (url: string) => Observable<PageOf<A>>, key: KeyOf<A>, limits: WalkLimits = {}): WalkObservable<A> {
  return new WalkObservable<A>((policy) => {
    const walk = () => once(firstUrl, fetchPage, key, policy, limits);
    return policy.restartOn === undefined && policy.dedupe !== true ? walk() : withRestarts(walk, key, policy);
  });
}
