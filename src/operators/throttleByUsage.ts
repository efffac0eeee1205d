import { type MonoTypeOperatorFunction, throwError } from 'rxjs';
import type { WalkPage, WithUsage } from '../conversations/page';
import type { RequestGate } from './throttleGate';
import { createUsageThrottle, type UsageThrottleConfig } from './usageThrottle';

/**
 * Settings of {@link throttleByUsage}: a shared throttle, or settings for a private one.
 *
 * @example
 * ```ts
 * const config: ThrottleByUsageConfig = { throttle: createUsageThrottle({ threshold: 80 }) };
 * ```
 */
export interface ThrottleByUsageConfig extends UsageThrottleConfig {
  /**
   * A throttle shared with other streams (`createUsageThrottle()`), or with other
   * processes (`redisUsageThrottle` from `rx-graph-conversations/redis`); when given, the
   * other settings are ignored.
   */
  throttle?: RequestGate;
}

/**
 * Slows page requests down before Graph throttles them. From the latest usage headers
 * (`X-App-Usage`, `X-Page-Usage`, `X-Business-Use-Case-Usage`), once any percentage
 * passes `threshold` (default 75) requests are spaced out, more the closer usage gets to
 * 100 (up to `maxDelayMs` between requests); when a response says
 * `estimated_time_to_regain_access`, no request goes before that time. Streams that
 * share one `throttle` share one budget; processes that share one `redisUsageThrottle`
 * (from `rx-graph-conversations/redis`) share one budget too, with an optional hard cap.
 *
 * It delays the subscription to its source and reads the `usage` of what the source
 * emits, so it belongs where usage is visible: in `perPage` of `conversations$` or
 * `messages$`, around each page request. Its type says so: it applies to Observables of
 * values with a `usage` key ({@link WithUsage}); on a stream of threads it does not
 * compile.
 *
 * With {@link retryOnRateLimit}: put the throttle first,
 * `perPage: pipe(throttleByUsage({ throttle }), retryOnRateLimit())`. Every retry then
 * passes the throttle too, and the usage a rate-limit error carries is recorded before
 * the retry waits, so the two never wait twice for the same reason: retry waits at least
 * what Graph asked, and by then the throttle's regain time has passed.
 *
 * @example
 * ```ts
 * const throttle = createUsageThrottle({ threshold: 75 });
 * conversations$('1001', { ...opts, perPage: pipe(throttleByUsage({ throttle }), retryOnRateLimit()) })
 *   .subscribe((thread) => console.log(thread.id, throttle.state.percent));
 * // t_1 12, t_2 12, ... and, past 75%, pages arrive further apart
 * ```
 *
 * @typeParam P - what the request emits; when nothing says, a page of a walk.
 * @param config - a shared throttle, or settings for a private one.
 * @return an operator that paces the requests it is applied to.
 */
export function throttleByUsage<P extends WithUsage = WalkPage<unknown>>(config: ThrottleByUsageConfig = {}): MonoTypeOperatorFunction<P> {
  let throttle: RequestGate;
  try {
    throttle = config.throttle ?? createUsageThrottle(config);
  } catch (error) {
    return () => throwError(() => error);
  }
  return (source) => throttle.wrap(source);
}
