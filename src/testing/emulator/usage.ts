/**
 * Quota accounting behind the usage headers (X-App-Usage, X-Page-Usage,
 * X-Business-Use-Case-Usage) and the optional enforced budget. Every request except a
 * CORS preflight counts as one call in a fixed window that starts at the first call.
 * Time is passed in, so the arithmetic is testable without waiting.
 */
import type { RealismRules } from './realism';

export interface Budget {
  readonly calls: number;
  readonly windowMs: number;
  /** Graph code answered once the budget is exceeded. */
  readonly code: number;
}

export interface UsageSnapshot {
  /** Percent (0-100) of the window's calls used. */
  readonly callCount: number;
  readonly totalTime: number;
  readonly totalCputime: number;
  /** Minutes until the window resets, when throttled; else 0. */
  readonly regainMinutes: number;
  /** True when an enforced budget is exceeded: the request must be refused. */
  readonly throttled: boolean;
}

/** Without an enforced budget, percentages are reported against this nominal quota. */
const NOMINAL = { calls: 4800, windowMs: 3_600_000 };

export class UsageMeter {
  private windowStart: number | undefined;
  private calls = 0;

  constructor(private readonly budget: Budget | undefined) {
    if (budget !== undefined && (!(budget.calls >= 0) || !(budget.windowMs > 0))) {
      throw new Error(`startEmulator: budget needs calls >= 0 and windowMs > 0, e.g. { calls: 100, windowMs: 60_000 }`);
    }
  }

  /** Counts one call at `nowMs` and reports the usage including it. */
  hit(nowMs: number): UsageSnapshot {
    const quota = this.budget ?? NOMINAL;
    if (this.windowStart === undefined || nowMs >= this.windowStart + quota.windowMs) {
      this.windowStart = nowMs;
      this.calls = 0;
    }
    this.calls += 1;
    const throttled = this.budget !== undefined && this.calls > this.budget.calls;
    const percent = quota.calls === 0 ? 100 : Math.min(100, Math.floor((100 * this.calls) / quota.calls));
    const regainMs = this.windowStart + quota.windowMs - nowMs;
    return {
      callCount: percent,
      totalTime: throttled ? 100 : Math.floor((percent * 3) / 4),
      totalCputime: throttled ? 100 : Math.floor(percent / 2),
      regainMinutes: throttled ? Math.max(1, Math.ceil(regainMs / 60_000)) : 0,
      throttled,
    };
  }
}

/**
 * The three usage headers; the business-use-case one only when the Page is known. With
 * `quietUsage` (realism `graph`) as a Page token sees them: nothing while usage is 0%,
 * then only `X-Business-Use-Case-Usage` (type `messenger`, keyed by the Page id).
 */
export function usageHeaders(usage: UsageSnapshot, pageId: string | undefined, realism?: Pick<RealismRules, 'quietUsage'>): Record<string, string> {
  const counters = { call_count: usage.callCount, total_time: usage.totalTime, total_cputime: usage.totalCputime };
  if (realism?.quietUsage === true) {
    const measurable = usage.callCount > 0 || usage.totalTime > 0 || usage.totalCputime > 0 || usage.throttled;
    return measurable && pageId !== undefined ? { 'x-business-use-case-usage': businessUseCase(usage, pageId) } : {};
  }
  const headers: Record<string, string> = {
    'x-app-usage': JSON.stringify(counters),
    'x-page-usage': JSON.stringify({ ...counters, estimated_time_to_regain_access: usage.regainMinutes }),
  };
  if (pageId !== undefined) headers['x-business-use-case-usage'] = businessUseCase(usage, pageId);
  return headers;
}

function businessUseCase(usage: UsageSnapshot, pageId: string): string {
  return JSON.stringify({
    [pageId]: [
      {
        type: 'messenger',
        call_count: usage.callCount,
        total_cputime: usage.totalCputime,
        total_time: usage.totalTime,
        estimated_time_to_regain_access: usage.regainMinutes,
      },
    ],
  });
}
