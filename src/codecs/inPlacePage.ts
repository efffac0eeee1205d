import type * as t from 'io-ts';
import { right } from 'fp-ts/lib/Either.js';
import { Paging } from './connection';
import type { Decode } from './decode';
import { compileIs, type InPlaceItem } from './fastPath';

const hasOwn = Object.prototype.hasOwnProperty;
const isPaging = compileIs(Paging as unknown as t.Decoder<unknown, unknown> & { is: t.Is<unknown> });

/** A plain object as JSON.parse makes it (see `checkThread` for why plain matters). */
const isPlainObject = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && Object.getPrototypeOf(u) === Object.prototype && !hasOwn.call(u, '__proto__');

/**
 * A page decoder for bodies the caller owns: values it parsed itself and hands to no one
 * else, as a page walk does with each response. The plain, valid case (`{ data: [...],
 * paging? }` whose every item passes `item.check`) is decoded in place: the page and its
 * items are the decoded values, changed where decoding changes something (a thread's
 * `updated_time` becomes a Date), with no copy of any item. Everything else goes to
 * `full` (io-ts, salvage and error report), untouched: every item is checked before any
 * is changed. The result equals what `full` returns for the same input.
 *
 * Why: copying each item is most of what decoding a page costs on top of JSON.parse
 * (bench/README.md, "decode inside a walk").
 *
 * @param item - the item codec's in-place decoding (see `inPlaceItemOf`).
 * @param full - the page codec's own decoder, for every other case.
 */
export function inPlacePageDecoder<P>(item: InPlaceItem, full: Decode<P>): Decode<P> {
  return (input, context) => {
    if (!isPlainObject(input)) return full(input, context);
    const { data, paging } = input;
    if (!Array.isArray(data) || (paging !== undefined && !isPaging(paging))) return full(input, context);
    const checked = new Float64Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const verdict = item.check(data[i]);
      if (Number.isNaN(verdict)) return full(input, context);
      checked[i] = verdict;
    }
    for (let i = 0; i < data.length; i++) item.finish(data[i] as Record<string, unknown>, checked[i] as number);
    return right(input as P);
  };
}
