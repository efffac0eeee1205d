import * as t from 'io-ts';

// Exact: only the known figures are kept, so whatever else a server puts in these
// headers (arbitrary text, echoed credentials) never reaches onUsage or an error.
const figures = {
  call_count: t.number,
  total_time: t.number,
  total_cputime: t.number,
  estimated_time_to_regain_access: t.number,
};
const UsageFigures = t.exact(t.partial(figures));

/**
 * The business use case types Meta documents for `X-Business-Use-Case-Usage`. Any other
 * `type` is dropped: a header is server text, and a free-form string there could carry
 * anything (the token, for one) to `onUsage`, logs and `JSON.stringify(err)`.
 */
export const BUSINESS_USE_CASE_TYPES = ['messenger', 'pages', 'instagram', 'ads_management', 'ads_insights', 'custom_audience', 'instant_articles', 'leadgen', 'whatsapp_business_management'] as const;

const BusinessUseCaseType = t.keyof(Object.fromEntries(BUSINESS_USE_CASE_TYPES.map((type) => [type, null])) as Record<(typeof BUSINESS_USE_CASE_TYPES)[number], null>);

const BusinessUseCase = t.exact(t.partial({ type: BusinessUseCaseType, ...figures }));

/**
 * Quota usage from the rate-limit headers of one response, in percent (0-100) of each
 * quota: `app` from `X-App-Usage`, `page` from `X-Page-Usage`, `businessUseCase` from
 * `X-Business-Use-Case-Usage` (keyed by business or Page id).
 * `estimated_time_to_regain_access` is in minutes.
 *
 * Only known figures reach it, each a finite number >= 0; business use cases only under
 * keys that are Graph ids (digits) and with a `type` Meta documents (`messenger`, `pages`,
 * `instagram`, `ads_management`, ...); anything else a header says is dropped.
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
type Figures = t.TypeOf<typeof UsageFigures>;
type BusinessUseCase = t.TypeOf<typeof BusinessUseCase>;

const HEADERS = { app: 'x-app-usage', page: 'x-page-usage', businessUseCase: 'x-business-use-case-usage' } as const;
const FIGURE_NAMES = Object.keys(figures) as Array<keyof typeof figures>;
/** Business and Page ids are digits; anything else as a key is not an id and is dropped. */
const ID_KEY = /^[0-9]{1,32}$/;

function parseJsonHeader(value: string | null): unknown {
  if (value === null) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The known figures of an object that are finite numbers >= 0 (1e400 parses as Infinity); `undefined` when none is. */
function figuresOf(value: unknown): Figures | undefined {
  if (!isRecord(value)) return undefined;
  const out: { -readonly [K in keyof Figures]: Figures[K] } = {};
  let found = false;
  for (const name of FIGURE_NAMES) {
    const figure = value[name];
    if (typeof figure === 'number' && Number.isFinite(figure) && figure >= 0) {
      out[name] = figure;
      found = true;
    }
  }
  return found ? out : undefined;
}

function businessUseCasesOf(value: unknown): GraphUsage['businessUseCase'] {
  if (!isRecord(value)) return undefined;
  const out: Record<string, BusinessUseCase[]> = {};
  let found = false;
  for (const [id, entries] of Object.entries(value)) {
    if (!ID_KEY.test(id) || !Array.isArray(entries)) continue;
    const kept: BusinessUseCase[] = [];
    for (const entry of entries) {
      const known = figuresOf(entry);
      if (known === undefined) continue;
      const type = isRecord(entry) && BusinessUseCaseType.is(entry['type']) ? entry['type'] : undefined;
      kept.push(type === undefined ? known : { type, ...known });
    }
    if (kept.length > 0) {
      out[id] = kept;
      found = true;
    }
  }
  return found ? out : undefined;
}

/**
 * Reads the usage headers of a response. Headers that are absent or malformed are left
 * out (usage is advice, never a reason to fail a page); `undefined` when none is usable.
 * Everything but the known figures is dropped (see {@link GraphUsage}).
 *
 * @example
 * ```ts
 * const response = await fetch(`https://graph.facebook.com/v19.0/${pageId}/conversations`, { headers: { authorization: `Bearer ${accessToken}` } });
 * parseUsageHeaders((name) => response.headers.get(name));
 * // { app: { call_count: 28, total_time: 25, total_cputime: 25 } }
 * ```
 */
export function parseUsageHeaders(header: (name: string) => string | null): GraphUsage | undefined {
  const app = figuresOf(parseJsonHeader(header(HEADERS.app)));
  const page = figuresOf(parseJsonHeader(header(HEADERS.page)));
  const businessUseCase = businessUseCasesOf(parseJsonHeader(header(HEADERS.businessUseCase)));
  if (app === undefined && page === undefined && businessUseCase === undefined) return undefined;
  return { ...(app && { app }), ...(page && { page }), ...(businessUseCase && { businessUseCase }) };
}

/**
 * The highest figures across all usage headers of a response.
 *
 * @example
 * ```ts
 * const { percent, regainAccessMs }: UsagePeak = usagePeak({ app: { call_count: 95 } }); // 95, 0
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
