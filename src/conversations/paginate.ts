import { catchError, concatMap, defer, distinct, EMPTY, expand, map, Observable, throwError } from 'rxjs';
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

/**
 * A 53-bit hash of what a page says: its items' keys and its `next`. Two visits of one
 * URL that give the same fingerprint mean the server will keep answering the same way.
 */
function fingerprint<A>(page: PageOf<A>, key: KeyOf<A>): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const add = (text: string) => {
    for (let i = 0; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ 0x0a, 2654435761);
  };
  for (const item of page.items) add(key(item));
  add(page.next ?? '');
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

function once<A>(firstUrl: string, fetchPage: (url: string) => Observable<PageOf<A>>, key: KeyOf<A>, policy: WalkPolicy): Observable<A> {
  const request = (url: string): Observable<PageOf<A>> => {
    const gated = policy.gate === undefined ? fetchPage(url) : policy.gate(fetchPage(url));
    return policy.retry === undefined ? gated : policy.retry(gated);
  };
  // expand() subscribes to the next page even when the item just emitted made a
  // downstream take() unsubscribe; the subscriber is closed by then, so ask for nothing.
  const whileListened = (page: () => Observable<PageOf<A>>) =>
    new Observable<PageOf<A>>((subscriber) => (subscriber.closed ? undefined : page().subscribe(subscriber)));
  return defer(() => {
    // A `next` already visited is not a loop in itself: when the thread a cursor points
    // at gets a new message it moves to the front, and `after` that cursor starts over,
    // so a walk may read pages again (Graph does the same) before it gets past the
    // change. Each page is identified by its URL and what it said (item keys, `next`):
    // a page read before exactly like this is stale. Stale pages come in runs while the
    // walk replays; a run that reaches the same page twice has gone around a cycle in
    // which nothing changed, so the server would answer the same way forever: a loop.
    const seen = new Set<string>();
    const staleRun = new Set<string>();
    const checked = (url: string): Observable<PageOf<A>> =>
      request(url).pipe(
        map((page) => {
          const id = `${fingerprint(page, key)} ${url}`;
          if (!seen.has(id)) {
            seen.add(id);
            staleRun.clear();
          } else if (staleRun.has(id)) {
            throw new DecodeError({ what: 'paging.next', kind: 'paging-loop', report: [`paging.next: ${safeUrl(url)} keeps giving pages already read`] });
          } else {
            staleRun.add(id);
          }
          return page;
        }),
      );
    return checked(firstUrl).pipe(
      expand(({ next, refusal }) => {
        if (refusal !== undefined) return throwError(() => refusal);
        if (next === undefined) return EMPTY;
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
 * continues). A `next` already visited is followed again (a thread that got a message
 * moves to the front, so `after` its cursor starts over), but when the walk goes around
 * a cycle of pages that all answer exactly as before (same item keys, same `next`), it
 * ends with a `paging-loop` DecodeError (after that cycle's items were emitted a second
 * time). A page's `refusal` ends the walk after that page's items.
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
    const walk = () => once(firstUrl, fetchPage, key, policy);
    return policy.restartOn === undefined && policy.dedupe !== true ? walk() : withRestarts(walk, key, policy);
  });
}
