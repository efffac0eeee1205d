/**
 * `paging.next` read from a page's raw text, before it is parsed: what a walk with
 * `prefetch: 1` requests while the page is still being parsed and decoded. A guess, never
 * trusted: the walk uses the prefetched page only when the URL equals the `next` of the
 * decoded page (checked by the same rule), and drops it otherwise.
 */

const MARK = '"next":"';

/** The last `"next":"..."` of the text, JSON-unescaped (Graph puts the page's `paging` last); `undefined` when there is none. */
export function peekNext(text: string): string | undefined {
  const at = text.lastIndexOf(MARK);
  if (at === -1) return undefined;
  const start = at + MARK.length - 1;
  let end = start + 1;
  for (; end < text.length; end += 1) {
    const c = text.charCodeAt(end);
    if (c === 0x5c) end += 1; // skip the escaped character
    else if (c === 0x22) break;
  }
  if (end >= text.length) return undefined;
  try {
    const value: unknown = JSON.parse(text.slice(start, end + 1));
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
