import { catchError, concatMap, defer, distinct, EMPTY, expand, Observable, throwError } from 'rxjs';
import type { GraphUsage } from '../codecs/usage';
import { DecodeError } from '../errors/decodeError';
import { safeUrl } from '../errors/redact';
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

function once<A>(firstUrl: string, fetchPage: (url: string) => Observable<PageOf<A>>, policy: WalkPolicy): Observable<A> {
  const request = (url: string): Observable<PageOf<A>> => {
    const gated = policy.gate === undefined ? fetchPage(url) : policy.gate(fetchPage(url));
    return policy.retry === undefined ? gated : policy.retry(gated);
  };
  // expand() subscribes to the next page even when the item just emitted made a
  // downstream take() unsubscribe; the subscriber is closed by then, so ask for nothing.
  const whileListened = (url: string) =>
    new Observable<PageOf<A>>((subscriber) => (subscriber.closed ? undefined : request(url).subscribe(subscriber)));
  return defer(() => {
    const visited = new Set<string>([firstUrl]);
    return request(firstUrl).pipe(
      expand(({ next, refusal }) => {
        if (refusal !== undefined) return throwError(() => refusal);
        if (next === undefined) return EMPTY;
        if (visited.has(next)) {
          return throwError(() => new DecodeError({ what: 'paging.next', kind: 'paging-loop', report: [`paging.next: ${safeUrl(next)} was already read`] }));
        }
        visited.add(next);
        return whileListened(next);
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
 * continues). A `next` already visited ends the walk with a `paging-loop` DecodeError;
 * a page's `refusal` ends it after that page's items.
 *
 * The result is a {@link WalkObservable}: policies wrap each page request (throttle,
 * retry), may restart the walk from its first page (stale cursors), and may dedupe items
 * by `key`.
 *
 * @param firstUrl - the first page's URL.
 * @param fetchPage - one page as a cold Observable.
 * @param key - identifies an item, for dedupe across restarts.
 */
export function paginate<A>(firstUrl: string, fetchPage: (url: string) => Observable<PageOf<A>>, key: KeyOf<A>): WalkObservable<A> {
  return new WalkObservable<A>((policy) => {
    const walk = () => once(firstUrl, fetchPage, policy);
    return policy.restartOn === undefined && policy.dedupe !== true ? walk() : withRestarts(walk, key, policy);
  });
}
