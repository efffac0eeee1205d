import { sequenceS } from 'fp-ts/lib/Apply.js';
import { Apply } from 'fp-ts/lib/Either.js';
import { asyncScheduler, concatMap, defer, type Observable, of, type SchedulerLike, tap } from 'rxjs';
import { type GraphUsage, usagePeak } from '../codecs/usage';
import type { WithUsage } from '../conversations/page';
import { GraphApiError } from '../errors/graphApiError';
import { milliseconds, orThrow, percentage } from '../options/check';
import { delay$ } from '../timing/delay';
import { isTrustedHint } from '../timing/hints';
import { DEFAULT_MAX_WAIT_MS } from '../timing/limits';

/**
 * Settings of a {@link UsageThrottle}.
 *
 * @example
 * ```ts
 * const throttle = createUsageThrottle({ threshold: 60, maxDelayMs: 30_000, maxWaitMs: 600_000 });
 * ```
 */
export interface UsageThrottleConfig {
  /** The usage percentage from which requests are spaced out. Default 75. */
  threshold?: number;
  /** The spacing between requests at 100% usage; it grows linearly from 0 at `threshold`. Default 60000 ms, at most 2^31-1. */
  maxDelayMs?: number;
  /**
   * The ceiling on Graph's `estimated_time_to_regain_access`: a longer regain time is
   * held as this long (a figure that is not finite or negative is ignored). Default
   * 900000 (15 minutes), as in `retryOnRateLimit`, which ends the stream with the
   * rate-limit error when Graph asks for longer; at most 2^31-1 ms. It also bounds how
   * long the state outlives its use: once no regain time or spacing is pending, usage is
   * forgotten after `maxDelayMs + maxWaitMs`.
   */
  maxWaitMs?: number;
  /** Where waits are scheduled and what "now" is. Default `asyncScheduler`. */
  scheduler?: SchedulerLike;
}

/**
 * What the throttle knows, and when the next request may go. All times in ms since epoch.
 *
 * @example
 * ```ts
 * const { percent, regainAt }: ThrottleState = throttle.state;
 * if (regainAt > Date.now()) console.log(`throttled, ${percent}% used`);
 * ```
 */
export interface ThrottleState {
  /** The fullest quota in the latest usage report, in percent. */
  readonly percent: number;
  /** No request before this time: Graph's `estimated_time_to_regain_access`, at most `maxWaitMs` ahead. */
  readonly regainAt: number;
  /** When the latest request was let go; the next one waits the spacing after it. */
  readonly lastStartAt: number | undefined;
}

/** The spacing between requests at a usage percentage: 0 below the threshold, then linear up to `maxDelayMs` at 100. */
export function spacingMs(percent: number, threshold: number, maxDelayMs: number): number {
  if (percent < threshold) return 0;
  if (threshold >= 100) return maxDelayMs;
  return Math.round(maxDelayMs * Math.min(1, (percent - threshold) / (100 - threshold)));
}

/**
 * Reserves the next request slot: the request waits until Graph's regain time has passed
 * and, when usage is past the threshold, until the spacing after the previous request
 * (of any stream sharing the state) has passed. Pure: the caller keeps the state.
 */
export function reserveSlot(state: ThrottleState, now: number, threshold: number, maxDelayMs: number): { waitMs: number; state: ThrottleState } {
  const spaced = state.lastStartAt === undefined ? now : state.lastStartAt + spacingMs(state.percent, threshold, maxDelayMs);
  const start = Math.max(now, state.regainAt, spaced);
  return { waitMs: start - now, state: { ...state, lastStartAt: start } };
}

/**
 * What a throttle takes from one usage report, in memory or in Redis: the fullest
 * percentage (`undefined` when not a finite number: the one held stays) and the regain
 * time, clamped to `maxWaitMs` (0 when untrusted: not finite, negative), so no figure a
 * server sends can hold the budget for days or fire a timer early.
 */
export function usageReading(usage: GraphUsage, maxWaitMs: number): { readonly percent: number | undefined; readonly regainMs: number } {
  const peak = usagePeak(usage);
  return {
    percent: Number.isFinite(peak.percent) ? peak.percent : undefined,
    regainMs: isTrustedHint(peak.regainAccessMs) ? Math.min(peak.regainAccessMs, maxWaitMs) : 0,
  };
}

/** Folds one usage report into the state, read by {@link usageReading}. */
export function recordUsage(state: ThrottleState, usage: GraphUsage, now: number, maxWaitMs: number = DEFAULT_MAX_WAIT_MS): ThrottleState {
  const { percent = state.percent, regainMs } = usageReading(usage, maxWaitMs);
  return { ...state, percent, regainAt: Math.min(Math.max(state.regainAt, now + regainMs), now + maxWaitMs) };
}

/**
 * How long the state still matters after `now`: until its regain time and its latest
 * reserved start have passed, plus `maxDelayMs + maxWaitMs` for the usage reading (the
 * next response brings a fresh one). The Redis throttle gives its key the same TTL.
 */
export function stateTtlMs(state: ThrottleState, now: number, maxDelayMs: number, maxWaitMs: number): number {
  return Math.max(0, state.regainAt - now, (state.lastStartAt ?? now) - now) + maxDelayMs + maxWaitMs;
}

const FRESH: ThrottleState = { percent: 0, regainAt: 0, lastStartAt: undefined };

/**
 * One request budget shared by every stream it throttles: the latest usage headers
 * from any of them decide how all of them are paced. Create one per app (or per Page
 * token) and hand it to `throttleByUsage({ throttle })` wherever you read Graph.
 *
 * @example
 * ```ts
 * const throttle = createUsageThrottle({ threshold: 75 });
 * const inbox$ = conversations$(pageId, { ...opts, perPage: throttleByUsage({ throttle }) });
 * const spam$ = conversations$(pageId, { ...opts, folder: 'spam', perPage: throttleByUsage({ throttle }) });
 * // or feed it from anywhere: conversations$(pageId, { ...opts, onUsage: (u) => throttle.record(u) })
 * ```
 */
export interface UsageThrottle {
  /** Feeds a usage report (e.g. from `onUsage`). */
  record(usage: GraphUsage): void;
  /** How long a request would wait if it were sent now. */
  delayMs(): number;
  /** The current state, for dashboards. */
  readonly state: ThrottleState;
  /** Delays a request until its slot, and records the usage its response (or error) carries. */
  wrap<P extends WithUsage>(request: Observable<P>): Observable<P>;
}

/**
 * Creates a {@link UsageThrottle}. Bad settings throw an `InvalidInputError` at once.
 *
 * @example
 * ```ts
 * const throttle = createUsageThrottle();
 * throttle.record({ app: { call_count: 90 } });
 * throttle.delayMs(); // 0: nothing was sent yet; once a request goes, the next one waits 36000 ms
 * ```
 */
export function createUsageThrottle(config: UsageThrottleConfig = {}): UsageThrottle {
  const threshold = config.threshold ?? 75;
  const maxDelayMs = config.maxDelayMs ?? 60_000;
  const maxWaitMs = config.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  orThrow(sequenceS(Apply)({ threshold: percentage('threshold', threshold), maxDelayMs: milliseconds('maxDelayMs', maxDelayMs), maxWaitMs: milliseconds('maxWaitMs', maxWaitMs) }));
  const scheduler = config.scheduler ?? asyncScheduler;
  let stored: ThrottleState = FRESH;
  let expiresAt = Number.POSITIVE_INFINITY;

  // Every read goes through here, so an expired state is never used, only replaced.
  const current = (now: number): ThrottleState => (now >= expiresAt ? FRESH : stored);
  const update = (next: ThrottleState, now: number) => {
    stored = next;
    expiresAt = now + stateTtlMs(next, now, maxDelayMs, maxWaitMs);
  };
  const record = (usage: GraphUsage) => {
    const now = scheduler.now();
    update(recordUsage(current(now), usage, now, maxWaitMs), now);
  };
  return {
    record,
    delayMs: () => reserveSlot(current(scheduler.now()), scheduler.now(), threshold, maxDelayMs).waitMs,
    get state() {
      return current(scheduler.now());
    },
    wrap: <P extends WithUsage>(request: Observable<P>) =>
      defer(() => {
        const now = scheduler.now();
        const slot = reserveSlot(current(now), now, threshold, maxDelayMs);
        update(slot.state, now);
        const ready: Observable<unknown> = slot.waitMs > 0 ? delay$(slot.waitMs, scheduler) : of(0);
        return ready.pipe(
          concatMap(() => {
            // A late timer moves the slot: spacing counts from when the request really went.
            const started = scheduler.now();
            const state = current(started);
            update({ ...state, lastStartAt: Math.max(state.lastStartAt ?? 0, started) }, started);
            return request;
          }),
          tap({
            next: (page) => {
              if (page.usage !== undefined) record(page.usage);
            },
            error: (error: unknown) => {
              if (error instanceof GraphApiError && error.usage !== undefined) record(error.usage);
            },
          }),
        );
      }),
  };
}
