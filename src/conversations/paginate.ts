import { concatMap, defer, EMPTY, expand, Observable, throwError } from 'rxjs';
import { DecodeError } from '../errors/decodeError';
import { safeUrl } from '../errors/redact';

/** One page of any edge, reduced to what the walk needs. */
export interface PageOf<A> {
  readonly items: readonly A[];
  /** The URL of the next page, already checked and cleaned; absent on the last page. */
  readonly next: string | undefined;
  /** Why the walk must not go on (e.g. `next` points to another host): raised after `items`. */
  readonly refusal?: Error | undefined;
}

/**
 * Walks a cursor-paged edge: requests the first page, then each `next` with `expand`
 * (one request at a time), and emits the items in order. A page is requested only after
 * the previous page's items were emitted and someone still listens, so `take(n)` costs
 * only the pages it needs. Stops when a page has no `next` (an empty page with `next`
 * continues). A `next` already visited ends the walk with a `paging-loop` DecodeError;
 * a page's `refusal` ends it after that page's items.
 *
 * @param firstUrl - the first page's URL.
 * @param fetchPage - one page as a cold Observable.
 */
export function paginate<A>(firstUrl: string, fetchPage: (url: string) => Observable<PageOf<A>>): Observable<A> {
  // expand() subscribes to the next page even when the item just emitted made a
  // downstream take() unsubscribe; the subscriber is closed by then, so ask for nothing.
  const pageWhileListened = (url: string) =>
    new Observable<PageOf<A>>((subscriber) => (subscriber.closed ? undefined : fetchPage(url).subscribe(subscriber)));
  return defer(() => {
    const visited = new Set<string>([firstUrl]);
    return fetchPage(firstUrl).pipe(
      expand(({ next, refusal }) => {
        if (refusal !== undefined) return throwError(() => refusal);
        if (next === undefined) return EMPTY;
        if (visited.has(next)) {
          return throwError(() => new DecodeError({ what: 'paging.next', kind: 'paging-loop', report: [`paging.next: ${safeUrl(next)} was already read`] }));
        }
        visited.add(next);
        return pageWhileListened(next);
      }, 1),
      concatMap((page) => page.items),
    );
  });
}
