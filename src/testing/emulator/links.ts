/**
 * Paging URLs. Like Graph, `next`/`previous` are full URLs on the server's own origin
 * that embed the access token (even when the request used the header) and repeat every
 * other parameter of the request, so a client can follow them as given. Pure.
 */

import type { RealismRules } from './realism';

export type Entries = ReadonlyArray<readonly [string, string]>;

export interface LinkContext {
  /** Emulator base url, e.g. `http://127.0.0.1:5123`. */
  readonly origin: string;
  /** Version segment of the request (`v19.0`), repeated in links; undefined if absent. */
  readonly version: string | undefined;
  readonly token: string;
  /** Query of the request, in order, first value of each name. */
  readonly query: Entries;
  /** How real the answer looks: paging form, nulls, ids. */
  readonly realism: RealismRules;
}

const CURSOR_AND_TOKEN = new Set(['access_token', 'after', 'before', 'until', 'since', '__paging_token', '__previous']);
/** A paging token is the cursor with Graph's `enc_` prefix. */
const TOKEN_PREFIX = 'enc_';

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
  /** The page size asked for: with `nextPastTheEnd`, a full last page still gets a `next`. */
  readonly limit: number;
}

/** How an item shows in a paging link: its cursor, and its time (`until`/`since`, in seconds). */
export interface ItemMark {
  readonly cursor: string;
  readonly timeMs: number;
}

/**
 * Graph's `paging` object, or undefined for an empty page in `graph` realism (Graph's
 * last page through `next` is `{"data":[]}`). `cursors` form: cursors when there are
 * items, `next` only when there is a next page, `previous` only when there is a previous
 * one. `tokens` form: no cursors; `next` is `limit&until=<s>&__paging_token=enc_<cursor>`,
 * `previous` `since=<s>&__paging_token=...&__previous=1`. With `nextPastTheEnd` a full
 * last page carries a `next` that leads to the empty page.
 */
export function pagingObject<T>(
  window: PageWindow<T>,
  markOf: (item: T) => ItemMark,
  urlWith: (params: Entries) => string,
  realism: RealismRules,
): Record<string, unknown> | undefined {
  const first = window.items[0];
  const last = window.items[window.items.length - 1];
  if (first === undefined || last === undefined) return realism.nextPastTheEnd ? undefined : {};
  const before = markOf(first);
  const after = markOf(last);
  const hasNext = window.hasNext || (realism.nextPastTheEnd && window.items.length >= window.limit);
  if (realism.paging === 'tokens') {
    const seconds = (mark: ItemMark) => String(Math.floor(mark.timeMs / 1000));
    return {
      ...(window.hasPrevious ? { previous: urlWith([['since', seconds(before)], ['__paging_token', TOKEN_PREFIX + before.cursor], ['__previous', '1']]) } : {}),
      ...(hasNext ? { next: urlWith([['until', seconds(after)], ['__paging_token', TOKEN_PREFIX + after.cursor]]) } : {}),
    };
  }
  return {
    cursors: { before: before.cursor, after: after.cursor },
    ...(hasNext ? { next: urlWith([['after', after.cursor]]) } : {}),
    ...(window.hasPrevious ? { previous: urlWith([['before', before.cursor]]) } : {}),
  };
}

/** The cursor a `__paging_token` carries, or the token itself when it has no `enc_` prefix. */
export function cursorOfToken(token: string): string {
  return token.startsWith(TOKEN_PREFIX) ? token.slice(TOKEN_PREFIX.length) : token;
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
