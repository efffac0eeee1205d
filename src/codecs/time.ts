import * as t from 'io-ts';

// Graph writes `2024-03-01T12:30:05+0000`; ISO-8601 with `Z` or `+00:00` is accepted too.
const GRAPH_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})$/;

function parseGraphTime(text: string): number {
  if (!GRAPH_TIME.test(text)) return Number.NaN;
  // Date.parse only promises the `+00:00` form, so put the colon in.
  const normalised = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  return Date.parse(normalised);
}

/**
 * Formats a date the way Graph does: `2024-03-01T12:30:05+0000` (UTC, no milliseconds).
 *
 * @example
 * ```ts
 * formatGraphTime(new Date(Date.UTC(2024, 2, 1, 12, 30, 5))); // '2024-03-01T12:30:05+0000'
 * ```
 */
export function formatGraphTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}+0000`;
}

/**
 * A Graph timestamp (`2024-03-01T12:30:05+0000`) decoded to a `Date`, so threads compare
 * with `getTime()`; encodes back to Graph's format.
 *
 * @example
 * ```ts
 * GraphDateTime.decode('2024-03-01T12:30:05+0000'); // right(Date 2024-03-01T12:30:05.000Z)
 * ```
 */
export const GraphDateTime = new t.Type<Date, string, unknown>(
  'GraphDateTime',
  (u): u is Date => u instanceof Date && !Number.isNaN(u.getTime()),
  (u, c) => {
    if (typeof u !== 'string') return t.failure(u, c, 'expected a Graph timestamp string');
    const ms = parseGraphTime(u);
    return Number.isNaN(ms) ? t.failure(u, c, 'expected a Graph timestamp like 2024-03-01T12:30:05+0000') : t.success(new Date(ms));
  },
  formatGraphTime,
);
