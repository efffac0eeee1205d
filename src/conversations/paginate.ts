import { catchError, concatMap, defer, EMPTY, expand, finalize, Observable, ReplaySubject, Subscription, take, throwError, type Subscriber, type TeardownLogic } from 'rxjs';
import { PagingError } from '../errors/pagingError';
import { GraphError } from '../errors/graphError';
import { safeUrl, type Redactor } from '../errors/redact';
import type { PageDemand } from './demand';
import type { PagePolicy, WalkPage } from './page';
import { mapped } from '../observables/mapped';
import { StateObservable } from '../observables/stateObservable';
import { HashSet } from './keySet';
import { pageItems } from './pageItems';
import { distinctJudge } from './progress';

/** One page of any edge, reduced to what the walk needs. */
export interface PageOf<A> extends WalkPage<A> {
  /** Why the walk must not go on (e.g. `next` points to another host): raised after `items`. */
  readonly refusal?: Error | undefined;
}

/**
 * One page as a cold Observable. `early`, when given, may be called with the next page's
 * URL before the page is emitted (read from the raw body): a prefetching walk requests it.
 */
export type FetchPage<A> = (url: string, early?: (next: string) => void) => Observable<PageOf<A>>;

/** What identifies an item across pages and restarts (a thread's or message's id). */
export type KeyOf<A> = (item: A) => string;

/**
 * How many times one walk starts again from its first page after a stale cursor (Graph
 * code 2642, kind `invalid-cursor`: the thread a cursor pointed at changed or was
 * deleted), unless `maxRestarts` says otherwise. Why a bound: a server that answers 2642
 * to every cursor would otherwise be walked for ever. Why 3: one stale cursor is common
 * under mutation, two in one walk rare; a third restart that fails again says the server,
 * not the inbox, is at fault. An inbox that churns hard (many deletions during long walks)
 * may need more; each restart costs the pages read so far.
 */
export const MAX_CURSOR_RESTARTS = 3;

/** The largest `maxRestarts` accepted: past it a walk would re-read its pages for ever in all but name. */
export const MAX_RESTARTS_LIMIT = 100;

/**
 * Limits and policies of one walk.
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
   * a `paging-loop` PagingError whose message says `maxPages` was reached: a guard set by
   * a caller who knows the edge's size should say it fired, not cut the list silently.
   */
  readonly maxPages?: number | undefined;
  /** Restarts from the first page after a stale cursor; default {@link MAX_CURSOR_RESTARTS}. */
  readonly maxRestarts?: number | undefined;
  /** Removes the caller's secrets from the error's text. */
  readonly redact?: Redactor | undefined;
  /** Applied to every page request (throttle, retry): see {@link PagePolicy}. */
  readonly perPage?: PagePolicy | undefined;
  /** Asked before every page after the first: see {@link PageDemand}. */
  readonly demand?: PageDemand | undefined;
  /**
   * `1`: from the second page on, request the next page as soon as a page's body has
   * arrived (its `next` read from the raw text), while that page is parsed, decoded and
   * emitted; one page ahead at most, so a page requested ahead whose body arrives before
   * the walk reaches it has its next page requested when the walk does. `0` (default):
   * each page only after the previous page's items were emitted. The first page never
   * prefetches, so `take(1)` and a quiet poll stay one request; a consumer that stops
   * after the first page may leave one page requested for nothing (aborted). Prefetched
   * requests go through `perPage` and count for `maxPages`. Off while a consumer pulls
   * (`mergeFolders`' demand).
   */
  readonly prefetch?: 0 | 1 | undefined;
}

function loopError(url: string, reason: string, redact: Redactor | undefined): PagingError {
  return new PagingError({ what: 'paging.next', kind: 'paging-loop', reason: `${safeUrl(url)} ${reason}`, redact });
}

function isStaleCursor(error: unknown): boolean {
  return error instanceof GraphError && error.kind === 'invalid-cursor';
}

/**
 * What a pass emits of a page, judged by content (see progress.ts): the items to emit
 * (none for a stale page), or `undefined` when the walk is looping.
 */
type PageFilter<A> = (items: readonly A[]) => readonly A[] | undefined;

/** What judging one page needs: where it came from, for the error. */
interface PageCheck<A> {
  readonly url: string;
  readonly filter: PageFilter<A>;
  readonly redact: Redactor | undefined;
}

/** The page with the items its pass emits; throws when the walk is looping. */
function checkedPage<A>(page: PageOf<A>, check: PageCheck<A>): PageOf<A> {
  const items = check.filter(page.items);
  if (items === undefined) throw loopError(check.url, 'keeps giving pages with nothing new to this walk', check.redact);
  return items === page.items ? page : { ...page, items };
}

/** The page after `url`, and how to request it. */
interface LaterPage<A> {
  readonly open: (url: string) => Observable<PageOf<A>>;
  readonly url: string;
}

/**
 * Requests the page when subscribed to, and not at all when the subscriber is closed
 * already: expand() subscribes to the next page even when the item just emitted made a
 * downstream take() unsubscribe. A module function (see `observables/stateObservable.ts`).
 */
function subscribeLaterPage<A>(later: LaterPage<A>, subscriber: Subscriber<PageOf<A>>): TeardownLogic {
  return subscriber.closed ? undefined : later.open(later.url).subscribe(subscriber);
}

/** One pass from the first page, each page's items through `filter`. */
function once<A>(firstUrl: string, fetchPage: FetchPage<A>, limits: WalkLimits, filter: PageFilter<A>): Observable<A> {
  const { perPage, demand } = limits;
  // A policy passes the request's pages on (see PagePolicy), so its output is this page type.
  const request = (url: string, early?: (next: string) => void): Observable<PageOf<A>> =>
    perPage === undefined ? fetchPage(url, early) : (perPage(fetchPage(url, early)) as Observable<PageOf<A>>);
  return defer(() => {
    // Progress is judged by content, not by URLs (`filter`, see paginateDistinct): a
    // server can make every cursor fresh without moving.
    let requested = 0;
    // The page requested ahead (prefetch: 1), until expand asks for it.
    let ahead: { readonly url: string; readonly page: ReplaySubject<PageOf<A>>; readonly subscription: Subscription } | undefined;
    // The page named by the page requested ahead, when its body came before the walk
    // reached it (the slot was taken, by that very page): requested once the walk does.
    let deferred: string | undefined;
    const dropAhead = () => {
      ahead?.subscription.unsubscribe();
      ahead = undefined;
      deferred = undefined;
    };
    const prefetching = limits.prefetch === 1 && demand === undefined;
    const early = (next: string) => {
      const { maxPages } = limits;
      if (ahead !== undefined) {
        // A retried request names its page again: that one is in the slot already.
        if (ahead.url !== next) deferred = next;
        return;
      }
      if (maxPages !== undefined && requested >= maxPages) return;
      const page = new ReplaySubject<PageOf<A>>(1);
      // Set before subscribing: a page that answers synchronously finds its slot taken.
      ahead = { url: next, page, subscription: new Subscription() };
      ahead.subscription.add(checked(next, true).subscribe(page));
    };
    const checked = (url: string, later = false): Observable<PageOf<A>> => {
      requested += 1;
      return mapped(request(url, prefetching && later ? early : undefined), checkedPage, { url, filter, redact: limits.redact });
    };
    const later = (url: string): Observable<PageOf<A>> => {
      const prefetched = ahead;
      const named = deferred;
      ahead = undefined;
      deferred = undefined;
      if (prefetched !== undefined) {
        // Used only when it is the page the decoded `next` names; otherwise dropped (aborted).
        if (prefetched.url === url) {
          // The page after it goes out now, before this one's items are emitted.
          if (named !== undefined) early(named);
          return prefetched.page.pipe(finalize(() => prefetched.subscription.unsubscribe()));
        }
        prefetched.subscription.unsubscribe();
      }
      return demand === undefined ? checked(url, true) : demand.ready().pipe(take(1), concatMap(() => checked(url, true)));
    };
    return checked(firstUrl).pipe(
      expand(({ next, refusal }) => {
        if (refusal !== undefined) return throwError(() => refusal);
        if (next === undefined) return EMPTY;
        const { maxPages } = limits;
        // A page already requested ahead was counted when it was requested.
        if (maxPages !== undefined && requested >= maxPages && ahead?.url !== next) return throwError(() => loopError(next, `not requested: maxPages (${maxPages}) reached`, limits.redact));
        return new StateObservable<PageOf<A>, LaterPage<A>>({ open: later, url: next }, subscribeLaterPage);
      }, 1),
      pageItems(),
      finalize(dropAhead),
    );
  });
}

/**
 * Walks a cursor-paged edge: requests the first page, then each `next` with `expand`
 * (one request at a time), and emits the items in order. A page is requested only after
 * the previous page's items were emitted and someone still listens, so `take(n)` costs
 * only the pages it needs. Stops when a page has no `next` (an empty page with `next`
 * continues). A page's `refusal` ends the walk after that page's items.
 *
 * Every request goes through `limits.perPage` (throttle, retry: a retry re-sends that
 * page, so the walk resumes where it failed); with `limits.demand`, each page after the
 * first also waits for the consumer to want it.
 *
 * Progress is judged by content: a page that brings no item key new to this walk is
 * stale. A `next` already visited is followed (a thread that got a message moves to the
 * front, so `after` its cursor starts over and the walk reads known pages again), but a
 * run of stale pages longer than `STALE_PAGE_ALLOWANCE` (progress.ts) plus twice the
 * number of pages that brought something new (room to read them all again twice) ends
 * the walk with a `paging-loop` PagingError, whatever the cursors look like.
 * `limits.maxPages` caps the pages of one pass (see {@link WalkLimits}).
 *
 * Every key is emitted once: each page's items whose key is new to the walk, and only
 * those (see `distinctJudge`). So nothing comes twice: not from a stale page, not from
 * the known tail of the first page past a change (the threads that moved to the front
 * shift the pages), not after a restart. A thread that moved while the walk ran comes
 * once, with the time it had when the walk read it, or not at all when it moved from a
 * page not read yet to one already read (see `consistentWalk`). The check uses one set
 * of 53-bit key hashes (see `keyHash`), at most 16 bytes an item, kept for progress
 * anyway; two keys colliding (about n²/2⁵⁴ for n items) would hold back the second.
 *
 * A stale cursor (kind `invalid-cursor`) starts the walk again from its first page, at
 * most `maxRestarts` times ({@link MAX_CURSOR_RESTARTS} by default), then the error
 * passes on. The restarted pass is judged as one walk with what was read before (nothing
 * delivered comes again), except that its run of pages bringing nothing new starts anew:
 * it re-reads the pages read so far by design.
 *
 * @param firstUrl - the first page's URL.
 * @param fetchPage - one page as a cold Observable.
 * @param key - identifies an item: for progress and dedupe.
 * @param limits - `maxPages`, `maxRestarts`, `perPage`, `demand`, and the redactor for the errors' text.
 */
export function paginate<A>(firstUrl: string, fetchPage: FetchPage<A>, key: KeyOf<A>, limits: WalkLimits = {}): Observable<A> {
  return paginateDistinct(firstUrl, fetchPage, key, limits, new HashSet());
}

/**
 * Runs `pass` again from the walk's first page after a stale cursor (kind
 * `invalid-cursor`), at most `limits.maxRestarts` times ({@link MAX_CURSOR_RESTARTS} by
 * default); then, and for any other error, the error passes on.
 */
function restarting<A>(limits: WalkLimits, pass: () => Observable<A>): Observable<A> {
  let restarts = 0;
  const maxRestarts = limits.maxRestarts ?? MAX_CURSOR_RESTARTS;
  const attempt = (): Observable<A> =>
    pass().pipe(
      catchError((error: unknown) => {
        if (!isStaleCursor(error) || restarts >= maxRestarts) return throwError(() => error);
        restarts += 1;
        return attempt();
      }),
    );
  return attempt();
}

/**
 * {@link paginate} with the set of hashed keys given: `delivered` is then exactly the set
 * of keys emitted (a caller may go on adding to it once the walk is over).
 *
 * @param delivered - where the hashed keys go; one set, at most 16 bytes a key.
 */
export function paginateDistinct<A>(firstUrl: string, fetchPage: FetchPage<A>, key: KeyOf<A>, limits: WalkLimits, delivered: HashSet): Observable<A> {
  return defer(() => {
    const judge = distinctJudge(key, delivered);
    const fresh: PageFilter<A> = (items) => {
      const page = judge.page(items);
      return page.verdict === 'loop' ? undefined : page.fresh;
    };
    let passes = 0;
    return restarting(limits, () => {
      if (passes++ > 0) judge.newPass();
      return once(firstUrl, fetchPage, limits, fresh);
    });
  });
}
