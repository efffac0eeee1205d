/**
 * How closely the emulator copies what real Graph responses look like (GRAPH_API.md,
 * "What real responses show"). `simple` keeps the shapes a test reads most easily;
 * `graph` is no kinder than Graph. Pure data.
 */

/**
 * The emulator's realism: `simple` (default) or `graph`.
 *
 * @example
 * ```ts
 * const realism: Realism = 'graph';
 * ```
 */
export type Realism = 'simple' | 'graph';

/**
 * How paging links are written: `cursors` (`after=`/`before=` with a `cursors` object, as
 * recent versions do) or `tokens` (`until=`/`since=` with `__paging_token`, and no
 * `cursors` object, as real v2.x pages and nested `messages` did).
 *
 * @example
 * ```ts
 * const form: PagingForm = 'tokens';
 * ```
 */
export type PagingForm = 'cursors' | 'tokens';

/**
 * How bodies are written: `plain` (`JSON.stringify`, the `simple` default) or `graph`
 * (as Graph writes JSON, the `graph` default: `/` as `\/`, every character past ASCII as
 * `\uXXXX`, `%` as `\u0025`).
 *
 * @example
 * ```ts
 * const form: JsonForm = 'graph';
 * ```
 */
export type JsonForm = 'plain' | 'graph';

/** What each realism level does; resolved once per emulator. */
export interface RealismRules {
  readonly level: Realism;
  readonly paging: PagingForm;
  /** A full last page still carries `next`, which leads to `{"data":[]}` with no `paging`. */
  readonly nextPastTheEnd: boolean;
  /** `null` in optional nested fields (`attachments.data[].size`, `shares.data[].id/description/picture`), and shares. */
  readonly nulls: boolean;
  /** `unread_count: 0` sent on some threads (left out on the others). */
  readonly zeroCountsSometimes: boolean;
  /** Ids shaped like today's: `t_` + 15 digits, `m_` + 86 base64url characters, Instagram `aWdfZAG...`. */
  readonly graphIds: boolean;
  /** No usage header while usage is 0%; a Page token sees only `X-Business-Use-Case-Usage`. */
  readonly quietUsage: boolean;
  /** Error bodies as captured: no `fbtrace_id` for 190 and 2500. */
  readonly capturedErrors: boolean;
  /** Code answered when an enforced budget is exceeded (80006 for a Page token on this edge). */
  readonly budgetCode: number;
  /** JSON written as Graph writes it (see `graphJson`): `\/`, `\u00e9`, `\u0025`. */
  readonly graphJson: boolean;
}

export function realismRules(level: Realism, paging: PagingForm | undefined, budgetCode: number | undefined, json?: JsonForm): RealismRules {
  const graph = level === 'graph';
  return {
    level,
    paging: paging ?? (graph ? 'tokens' : 'cursors'),
    nextPastTheEnd: graph,
    nulls: graph,
    zeroCountsSometimes: graph,
    graphIds: graph,
    quietUsage: graph,
    capturedErrors: graph,
    budgetCode: budgetCode ?? (graph ? 80006 : 613),
    graphJson: (json ?? (graph ? 'graph' : 'plain')) === 'graph',
  };
}

export function checkedRealism(level: unknown, paging: unknown, json?: unknown): void {
  if (json !== undefined && json !== 'plain' && json !== 'graph') {
    throw new Error(`startEmulator: json must be 'plain' or 'graph', got ${JSON.stringify(json)}`);
  }
  if (level !== undefined && level !== 'simple' && level !== 'graph') {
    throw new Error(`startEmulator: realism must be 'simple' or 'graph', got ${JSON.stringify(level)}`);
  }
  if (paging !== undefined && paging !== 'cursors' && paging !== 'tokens') {
    throw new Error(`startEmulator: paging must be 'cursors' or 'tokens', got ${JSON.stringify(paging)}`);
  }
}

/**
 * A value as JSON the way Graph writes it: `/` as `\/`, every character past ASCII as
 * `\uXXXX`, and `%` as `\u0025` (captured paging URLs read
 * `https:\/\/graph.facebook.com\/v12.0\/...?fields=id\u00252Cretailer_id`). All three
 * only ever stand inside strings, so the text means what `JSON.stringify` gives.
 */
export function graphJson(value: unknown): string {
  // replaceAll for the two that every page has, the pattern for what is past ASCII: a
  // page's server time is part of what the bench's walks measure.
  return JSON.stringify(value)
    .replaceAll('/', '\\/')
    .replaceAll('%', '\\u0025')
    .replace(PAST_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const PAST_ASCII = /[\u0080-\uffff]/g;
