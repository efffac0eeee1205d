import * as t from 'io-ts';
import { isRight } from 'fp-ts/lib/Either.js';

// Exact: only the known figures are kept, so whatever else a server puts in these
// headers (arbitrary text, echoed credentials) never reaches onUsage or an error.
const figures = {
  call_count: t.number,
  total_time: t.number,
  total_cputime: t.number,
  estimated_time_to_regain_access: t.number,
};
const UsageFigures = t.exact(t.partial(figures));

const BusinessUseCase = t.exact(t.partial({ type: t.string, ...figures }));

/**
 * Quota usage from the rate-limit headers of one response, in percent (0-100) of each
 * quota: `app` from `X-App-Usage`, `page` from `X-Page-Usage`, `businessUseCase` from
 * `X-Business-Use-Case-Usage` (keyed by business or Page id).
 * `estimated_time_to_regain_access` is in minutes.
 *
 * @example
 * ```ts
 * conversations$(pageId, { accessToken, onUsage: (usage) => console.log(usagePeak(usage)) });
 * ```
 */
export const GraphUsage = t.partial(
  {
    app: UsageFigures,
    page: UsageFigures,
    businessUseCase: t.record(t.string, t.array(BusinessUseCase)),
  },
  'GraphUsage',
);
/** Quota usage from the rate-limit headers of one response. */
export type GraphUsage = t.TypeOf<typeof GraphUsage>;

const HEADERS = { app: 'x-app-usage', page: 'x-page-usage', businessUseCase: 'x-business-use-case-usage' } as const;

function parseJsonHeader(value: string | null): unknown {
  if (value === null) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/**
 * Reads the usage headers of a response. Headers that are absent or malformed are left
 * out (usage is advice, never a reason to fail a page); `undefined` when none is usable.
 *
 * @example
 * ```ts
 * parseUsageHeaders((name) => response.headers.get(name));
 * // { app: { call_count: 28, total_time: 25, total_cputime: 25 } }
 * ```
 */
export function parseUsageHeaders(header: (name: string) => string | null): GraphUsage | undefined {
  const usage: { -readonly [K in keyof GraphUsage]: GraphUsage[K] } = {};
  let found = false;
  for (const key of Object.keys(HEADERS) as Array<keyof typeof HEADERS>) {
    const raw = parseJsonHeader(header(HEADERS[key]));
    const decoded = GraphUsage.decode({ [key]: raw });
    if (raw !== undefined && isRight(decoded) && decoded.right[key] !== undefined) {
      Object.assign(usage, decoded.right);
      found = true;
    }
  }
  return found ? usage : undefined;
}

/**
 * The highest figures across all usage headers of a response.
 *
 * @example
 * ```ts
 * const { percent, regainAccessMs }: UsagePeak = usagePeak(usage);
 * ```
 */
export interface UsagePeak {
  /** The highest percentage of any quota (0-100, or more when over). */
  readonly percent: number;
  /** The longest `estimated_time_to_regain_access`, in milliseconds. */
  readonly regainAccessMs: number;
}

/**
 * Reduces usage to what a throttle needs: the fullest quota and the longest wait.
 *
 * @example
 * ```ts
 * usagePeak({ app: { call_count: 95 }, page: { estimated_time_to_regain_access: 2 } });
 * // { percent: 95, regainAccessMs: 120000 }
 * ```
 */
export function usagePeak(usage: GraphUsage): UsagePeak {
  const figures = [usage.app, usage.page, ...Object.values(usage.businessUseCase ?? {}).flat()];
  let percent = 0;
  let minutes = 0;
  for (const f of figures) {
    if (f === undefined) continue;
    percent = Math.max(percent, f.call_count ?? 0, f.total_time ?? 0, f.total_cputime ?? 0);
    minutes = Math.max(minutes, f.estimated_time_to_regain_access ?? 0);
  }
  return { percent, regainAccessMs: minutes * 60_000 };
}
