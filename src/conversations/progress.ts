/**
 * Whether a walk still gets somewhere: judged by what its pages bring (item keys not
 * seen earlier in the walk), never by their URLs or cursors, which a server can make
 * fresh on every page without moving at all.
 */

/**
 * Pages in a row that may bring nothing new, on top of two per page that did, before a
 * walk counts as looping.
 *
 * Why not zero: Graph itself sends a few empty pages with `next` in a row, and a last page
 * reached through `next` may be `{"data":[]}`. Why grow with the walk: when the thread a
 * cursor points at gets a message it moves to the front, and `after` that cursor starts
 * over, so a walk legitimately reads again every page it read before (all of them known
 * keys) until it gets past the change. Why two per page: in a busy inbox the thread at the
 * cursor of a page read again can move too, before the walk gets past the first change,
 * and the walk starts over a second time (seen under the chaos soak's mutator; one page per
 * page ended about one walk in 200 there with a `paging-loop` error). A server that
 * answers with nothing new for ever is stopped after at most this many pages plus twice as
 * many as it gave with something new: 6 requests for an endless empty page, 9 for one
 * page repeated, 15 for a 3-page cycle.
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
  // The seeds as int32 (`| 0`): the same bits for Math.imul and `^`, but 0xdeadbeef alone
  // is above 2³¹, so V8 kept h1 as a double through the loop, converting it each step:
  // measured twice the time a 17-character id.
  let h1 = 0xdeadbeef | 0;
  let h2 = 0x41c6ce57 | 0;
  for (let i = 0; i < key.length; i += 1) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The verdicts of one walk's pages in order, from whether each brought a key new to it. */
interface Verdicts {
  verdict(broughtNew: boolean): PageVerdict;
  /** A restart from the first page: the run of stale pages starts anew. */
  newPass(): void;
}

function verdicts(): Verdicts {
  let progressPages = 0;
  let staleRun = 0;
  return {
    verdict: (broughtNew) => {
      if (broughtNew) {
        progressPages += 1;
        staleRun = 0;
        return 'progress';
      }
      staleRun += 1;
      return staleRun > STALE_PAGE_ALLOWANCE + 2 * progressPages ? 'loop' : 'stale';
    },
    newPass: () => {
      staleRun = 0;
    },
  };
}

/** What a {@link distinctJudge} says of a page. */
export interface PageJudgement<A> {
  readonly verdict: PageVerdict;
  /** The items whose key is new to the walk, in order. */
  readonly fresh: readonly A[];
}

/** A walk's judge of its pages, from {@link distinctJudge}. */
export interface DistinctJudge<A> {
  /** Judges the next page's items. */
  page(items: readonly A[]): PageJudgement<A>;
  /**
   * The walk starts again from its first page (a stale cursor): it will read again the
   * pages it read so far, so the run of stale pages starts anew. What the walk delivered
   * is kept, and so is the allowance it earned.
   */
  newPass(): void;
}

/**
 * A fresh judge for a walk: call it with each page's items in order. It says what the
 * page did for the walk (see {@link PageVerdict}) and which of its items are new: the
 * ones whose key was not in `seen` before (a key listed twice on one page is new once).
 *
 * A page with at least one new key is `progress`; one without is `stale`; a stale page
 * beyond the allowance ({@link STALE_PAGE_ALLOWANCE} plus twice the number of progress
 * pages so far) is `loop`. Any progress page resets the run. A walk that emits only the new
 * items emits every key once, and `seen` is then exactly the set of keys it emitted: one
 * set serves for both progress and dedupe. Shared by several passes (a restart, a
 * re-read), it judges them as one long walk: a pass that reads again pages already
 * delivered finds them stale, within an allowance grown by every page that brought
 * something new before; each restart (`newPass`) starts the run of stale pages anew,
 * since it re-reads from the top by design (restarts are bounded on their own).
 */
export function distinctJudge<A>(key: (item: A) => string, seen: HashSink): DistinctJudge<A> {
  const { verdict, newPass } = verdicts();
  const page = (items: readonly A[]): PageJudgement<A> => {
    let broughtNew = false;
    // Copied only from the first item held back: a page of new keys is passed on as it is.
    let fresh: A[] | undefined;
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as A;
      const before = seen.size;
      seen.add(keyHash(key(item)));
      if (seen.size > before) {
        broughtNew = true;
        fresh?.push(item);
      } else {
        fresh ??= items.slice(0, i);
      }
    }
    return { verdict: verdict(broughtNew), fresh: fresh ?? items };
  };
  return { page, newPass };
}
