/**
 * Paging URLs. Like Graph, `next`/`previous` are full URLs on the server's own origin
 * that embed the access token (even when the request used the header) and repeat every
 * other parameter of the request, so a client can follow them as given. Pure.
 */

export type Entries = ReadonlyArray<readonly [string, string]>;

export interface LinkContext {
  /** Emulator base url, e.g. `http://127.0.0.1:5123`. */
  readonly origin: string;
  /** Version segment of the request (`v19.0`), repeated in links; undefined if absent. */
  readonly version: string | undefined;
  readonly token: string;
  /** Query of the request, in order, first value of each name. */
  readonly query: Entries;
}

const CURSOR_AND_TOKEN = new Set(['access_token', 'after', 'before']);

/** `origin/version/segments?access_token=..&params..&cursor=..`, segments percent-encoded. */
export function buildUrl(context: LinkContext, segments: readonly string[], params: Entries): string {
  const path = [...(context.version === undefined ? [] : [context.version]), ...segments].map(encodeURIComponent).join('/');
  const search = new URLSearchParams([['access_token', context.token], ...params.map(([k, v]): [string, string] => [k, v])]);
  return `${context.origin}/${path}?${search.toString()}`;
}

/** The request's own parameters for its next page: same filters, effective limit. */
export function continuationParams(context: LinkContext, limit: number): Array<readonly [string, string]> {
  const kept = context.query.filter(([name]) => !CURSOR_AND_TOKEN.has(name));
  const withLimit = kept.map(([name, value]): readonly [string, string] => (name === 'limit' ? [name, String(limit)] : [name, value]));
  return kept.some(([name]) => name === 'limit') ? withLimit : [...withLimit, ['limit', String(limit)]];
}

/** Parameters of a nested edge's own URL: its fields and limit, plus the request's proof. */
export function nestedParams(context: LinkContext, fields: string | undefined, limit: number): Array<readonly [string, string]> {
  const proof = context.query.find(([name]) => name === 'appsecret_proof');
  return [...(fields === undefined ? [] : [['fields', fields] as const]), ['limit', String(limit)], ...(proof === undefined ? [] : [proof])];
}

export interface PageWindow<T> {
  readonly items: readonly T[];
  readonly hasNext: boolean;
  readonly hasPrevious: boolean;
}

/**
 * Graph's `paging` object: cursors when there are items, `next` only when there is a
 * next page, `previous` only when there is a previous one.
 */
export function pagingObject<T>(
  window: PageWindow<T>,
  cursorOf: (item: T) => string,
  urlWith: (cursor: readonly [string, string]) => string,
): Record<string, unknown> {
  const first = window.items[0];
  const last = window.items[window.items.length - 1];
  if (first === undefined || last === undefined) return {};
  const before = cursorOf(first);
  const after = cursorOf(last);
  return {
    cursors: { before, after },
    ...(window.hasNext ? { next: urlWith(['after', after]) } : {}),
    ...(window.hasPrevious ? { previous: urlWith(['before', before]) } : {}),
  };
}

/** Slices `length` items around a cursor position: `after` starts past it, `before` ends at it. */
export function windowBounds(
  length: number,
  limit: number,
  cursor: { readonly after: number } | { readonly before: number } | undefined,
): { start: number; end: number } {
  if (cursor === undefined) return { start: 0, end: Math.min(length, limit) };
  if ('after' in cursor) {
    const start = cursor.after + 1;
    return { start, end: Math.min(length, start + limit) };
  }
  return { start: Math.max(0, cursor.before - limit), end: cursor.before };
}
