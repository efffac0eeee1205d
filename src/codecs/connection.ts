import * as t from 'io-ts';
import { optional } from './optional';

/**
 * The `paging` object of a Graph list: opaque cursors and full `next`/`previous` URLs.
 * `next` is present only when there is a next page.
 *
 * @example
 * ```ts
 * Paging.is({ cursors: { after: 'QVFI' }, next: 'https://graph.facebook.com/...' }); // true
 * ```
 */
export const Paging = optional(
  {
    cursors: optional({ before: t.string, after: t.string }),
    next: t.string,
    previous: t.string,
  },
  'Paging',
);
/** The `paging` object of a Graph list. */
export type Paging = t.TypeOf<typeof Paging>;

/**
 * A plain Graph list, `{ data: [...] }`, as used for participants and senders.
 *
 * @example
 * ```ts
 * const Names = DataList(t.type({ name: t.string }));
 * ```
 */
export function DataList<C extends t.Mixed>(item: C) {
  return t.type({ data: t.array(item) }, `DataList<${item.name}>`);
}

/**
 * A paged Graph list, `{ data: [...], paging?: {...} }`: the envelope of every edge
 * (a page of threads, a thread's messages).
 *
 * @example
 * ```ts
 * const ThreadPage = Connection(Thread);
 * ```
 */
export function Connection<C extends t.Mixed>(item: C) {
  return t.intersection([t.type({ data: t.array(item) }), optional({ paging: Paging })], `Connection<${item.name}>`);
}
