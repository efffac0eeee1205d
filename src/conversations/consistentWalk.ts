import { concat, defer, filter, type Observable, takeWhile, tap } from 'rxjs';
import { HashSet } from './keySet';
import { paginate, paginateDistinct, type FetchPage, type KeyOf, type WalkLimits } from './paginate';
import { keyHash } from './progress';

/** The newest time among a page's items; undefined for an empty page. */
function newest<A>(items: readonly A[], time: (item: A) => number): number | undefined {
  let mark: number | undefined;
  for (const item of items) {
    const t = time(item);
    if (mark === undefined || t > mark) mark = t;
  }
  return mark;
}

/**
 * Keeps items while they are not older than `mark`, checking the newest-first order as it
 * goes: once an item is newer than the one before it the order cannot be relied on, and
 * everything that is left is read.
 */
function notOlderThan<A>(mark: number | undefined, time: (item: A) => number): (item: A) => boolean {
  let previous = Number.POSITIVE_INFINITY;
  let ordered = true;
  return (item) => {
    const t = time(item);
    if (t > previous) ordered = false;
    previous = t;
    return !ordered || mark === undefined || t >= mark;
  };
}

/**
 * A walk that also delivers what moved while it ran. A plain walk misses a thread that
 * moves (gets a message) from a page not read yet to the front, already read. So after
 * the last page this one reads from the top again, until the first item older than the
 * walk's start mark, and emits what the walk did not; every item is emitted once (by
 * `key`, kept as a 53-bit hash: two keys with the same hash, about n²/2⁵⁴ for n items,
 * would hold back the second), whatever both passes saw. Memory: one set of hashes for
 * the walk, at most 16 bytes an item, that serves both its progress check and the dedupe
 * (the walk emits only keys new to it, see `paginateDistinct`); the re-read keeps its own
 * for the pages it reads, typically one.
 *
 * The start mark is the newest time on the first page, the server's own clock: anything
 * that moved after that page was read carries a time at or after it (a client clock
 * would be skewed, and Graph's times have whole seconds, hence "at or after"). When the
 * first page is empty there is no mark and the re-read reads every page. When the re-read
 * finds the newest-first order broken, it reads to the end instead of stopping early.
 *
 * Cost: the re-read needs ceil((k + 2) / limit) pages for k items updated during the walk
 * (plus the one at the mark and the first older one): typically one request. Its pages go
 * through the same `perPage` policy as the walk's (throttle, retry) and restart the same
 * way after a stale cursor; `maxPages` counts each pass on its own. An item that moves
 * while the re-read itself runs can still be missed; it is at the front for the next walk.
 *
 * @param firstUrl - the first page's URL, for both passes.
 * @param fetchPage - one page as a cold Observable.
 * @param key - identifies an item (a thread's id).
 * @param time - the item's last update in ms (a thread's `updated_time`).
 * @param limits - as for `paginate`, per pass.
 */
export function consistentWalk<A>(
  firstUrl: string,
  fetchPage: FetchPage<A>,
  key: KeyOf<A>,
  time: (item: A) => number,
  limits: WalkLimits = {},
): Observable<A> {
  return defer(() => {
    let marked = false;
    let mark: number | undefined;
    // The first page answered is the walk's first page; a restart keeps the earlier,
    // lower mark, which only makes the re-read read further.
    const marking: FetchPage<A> = (url, early) =>
      fetchPage(url, early).pipe(
        tap((page) => {
          if (marked) return;
          marked = true;
          mark = newest(page.items, time);
        }),
      );
    // One set of key hashes for progress and dedupe (at most 16 bytes an item, see
    // HashSet): the walk emits only keys new to it, so the set is what it emitted.
    const delivered = new HashSet();
    const walk = paginateDistinct(firstUrl, marking, key, limits, delivered);
    // The re-read judges its own pages (typically one) and stops at the mark; what it
    // finds is emitted when the walk did not deliver it.
    const reread = defer(() =>
      paginate(firstUrl, fetchPage, key, limits).pipe(
        takeWhile(notOlderThan(mark, time)),
        filter((item) => delivered.add(keyHash(key(item)))),
      ),
    );
    return concat(walk, reread);
  });
}
