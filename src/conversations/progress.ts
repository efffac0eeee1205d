/**
 * Whether a walk still gets somewhere: judged by what its pages bring (item keys not
 * seen earlier in the walk), never by their URLs or cursors, which a server can make
 * fresh on every page without moving at all.
 */

/**
 * Pages in a row that may bring nothing new, on top of one per page that did, before a
 * walk counts as looping.
 *
 * Why not zero: Graph itself sends a few empty pages with `next` in a row, and a last page
 * reached through `next` may be `{"data":[]}`. Why grow with the walk: when the thread a
 * cursor points at gets a message it moves to the front, and `after` that cursor starts
 * over, so a walk legitimately reads again every page it read before (all of them known
 * keys) until it gets past the change. A server that answers with nothing new for ever is
 * stopped after at most this many pages plus as many as it gave with something new: 6
 * requests for an endless empty page, 8 for one page repeated, 12 for a 3-page cycle.
 */
export const STALE_PAGE_ALLOWANCE = 5;

/** Where a judge puts the hashed keys: a `Set<number>`, or the walk's compact `HashSet`. */
export interface HashSink {
  readonly size: number;
  add(hash: number): unknown;
}

/** What a page did for its walk. */
export type PageVerdict = 'progress' | 'stale' | 'loop';

/**
 * A 53-bit hash (cyrb53) of an item key. The walk keeps these numbers, not the keys:
 * at most 16 bytes an item (in a `HashSet`, see keySet.ts) instead of a copy of every id (Instagram ids run to ~164
 * characters), so the check costs O(items walked) small numbers, one hash and one Set
 * lookup per item. Two keys colliding (about n²/2⁵⁴ for n items: 6·10⁻⁵ for a million)
 * only makes a page look less new than it is; a page counts as new when any of its keys
 * is new, so it would take every new key of one page colliding to hold that page back.
 */
export function keyHash(key: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < key.length; i += 1) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * A fresh judge for one pass of a walk: call it with each page's items in order. A page
 * with at least one key not seen before in this pass is `progress`; one without is
 * `stale`; a stale page beyond the allowance ({@link STALE_PAGE_ALLOWANCE} plus the
 * number of progress pages so far) is `loop`. Any progress page resets the run. The
 * hashed keys go into `seen` (a fresh set by default), which the walk keeps after a
 * restart to hold back what this pass delivered.
 */
export function progressJudge<A>(key: (item: A) => string, seen: HashSink = new Set<number>()): (items: readonly A[]) => PageVerdict {
  const verdict = verdicts();
  return (items) => {
    const before = seen.size;
    for (const item of items) seen.add(keyHash(key(item)));
    return verdict(seen.size > before);
  };
}

/** The verdicts of one walk's pages in order, from whether each brought a key new to it. */
function verdicts(): (broughtNew: boolean) => PageVerdict {
  let progressPages = 0;
  let staleRun = 0;
  return (broughtNew) => {
    if (broughtNew) {
      progressPages += 1;
      staleRun = 0;
      return 'progress';
    }
    staleRun += 1;
    return staleRun > STALE_PAGE_ALLOWANCE + progressPages ? 'loop' : 'stale';
  };
}

/**
 * A judge like {@link progressJudge} that also says which items of a page are new: the
 * ones whose key was not in `seen` before. A walk that emits only those emits every key
 * once, and `seen` is then exactly the set of keys it emitted: one set serves for both
 * progress and dedupe. Shared by several passes (a restart, a re-read), it judges them
 * as one long walk: a pass that reads again pages already delivered finds them stale,
 * within an allowance grown by every page that brought something new before.
 */
export function distinctJudge<A>(key: (item: A) => string, seen: HashSink): (items: readonly A[]) => { readonly verdict: PageVerdict; readonly fresh: readonly A[] } {
  const verdict = verdicts();
  return (items) => {
    let fresh: A[] | undefined;
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as A;
      const before = seen.size;
      seen.add(keyHash(key(item)));
      if (seen.size > before) (fresh ??= []).push(item);
    }
    return { verdict: verdict(fresh !== undefined), fresh: fresh === undefined ? [] : fresh.length === items.length ? items : fresh };
  };
}
