/**
 * A URL query read the way `URLSearchParams` reads it (`+` is a space, percent escapes
 * are UTF-8), without `URLSearchParams`.
 *
 * Why: on Node `url.searchParams` parses the whole query in JavaScript, and changing it
 * writes the whole query back, re-encoded. Checking a paging URL that way (every page of
 * a walk) measured more CPU than decoding the page's threads; most of the time nothing
 * needs changing and only the names need reading.
 */

/** A query's parameter names, and the query without the parameters asked to go. */
export interface ReadQuery {
  /** The names of the parameters kept, decoded. */
  readonly names: Set<string>;
  /** The query (no `?`) without the dropped parameters; every other pair as it was written. */
  readonly kept: string;
  /** Whether any parameter was dropped. */
  readonly dropped: boolean;
}

const NONE: ReadonlySet<string> = new Set();

/**
 * Reads `search` (with or without its `?`), dropping the parameters whose decoded name is
 * in `drop`, or `undefined` when a name holds an escape that `decodeURIComponent` refuses
 * (the caller then asks `URLSearchParams`, whose decoding is lenient).
 */
export function readQuery(search: string, drop: ReadonlySet<string> = NONE): ReadQuery | undefined {
  const names = new Set<string>();
  const query = search.startsWith('?') ? search.slice(1) : search;
  if (query === '') return { names, kept: '', dropped: false };
  const pairs = query.split('&');
  let kept: string[] | undefined;
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i] as string;
    if (pair === '') continue;
    const end = pair.indexOf('=');
    const raw = (end === -1 ? pair : pair.slice(0, end)).replaceAll('+', ' ');
    let name: string;
    try {
      name = raw.includes('%') ? decodeURIComponent(raw) : raw;
    } catch {
      return undefined;
    }
    if (drop.has(name)) {
      kept ??= pairs.slice(0, i);
      continue;
    }
    names.add(name);
    kept?.push(pair);
  }
  return kept === undefined ? { names, kept: query, dropped: false } : { names, kept: kept.join('&'), dropped: true };
}
