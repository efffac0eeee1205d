/**
 * The names of a URL query's parameters, decoded as `URLSearchParams` decodes them (`+` is
 * a space, percent escapes are UTF-8), or `undefined` when a name holds an escape that
 * `decodeURIComponent` refuses (the caller then asks `URLSearchParams` itself, whose
 * decoding is lenient).
 *
 * Why not `url.searchParams`: on Node it parses the whole query in JavaScript, and
 * changing it writes the query back. Checking a paging URL that way (every page of a walk)
 * measured more CPU than decoding the page's threads; most of the time nothing needs
 * changing and only the names need reading.
 */
export function queryNames(search: string): Set<string> | undefined {
  const names = new Set<string>();
  const query = search.startsWith('?') ? search.slice(1) : search;
  if (query === '') return names;
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const end = pair.indexOf('=');
    const raw = (end === -1 ? pair : pair.slice(0, end)).replaceAll('+', ' ');
    try {
      names.add(raw.includes('%') ? decodeURIComponent(raw) : raw);
    } catch {
      return undefined;
    }
  }
  return names;
}
