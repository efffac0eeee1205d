import { type MonoTypeOperatorFunction, throwError } from 'rxjs';
import { WalkObservable } from '../conversations/walkObservable';
import { InvalidInputError } from '../errors/invalidInputError';
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
 * Slows a walk's requests down before Graph throttles them. From the latest usage
 * headers (`X-App-Usage`, `X-Page-Usage`, `X-Business-Use-Case-Usage`), once any
 * percentage passes `threshold` (default 75) requests are spaced out, more the closer
 * usage gets to 100 (up to `maxDelayMs` between requests); when a response says
 * `estimated_time_to_regain_access`, no request goes before that time. Streams that
 * share one `throttle` share one budget; processes that share one `redisUsageThrottle`
 * (from `rx-graph-conversations/redis`) share one budget too, with an optional hard cap.
 *
 * It paces requests, so it must be applied to a walk (`conversations$`, `messages$`,
 * `mergeFolders`): on any other stream it errors with an `InvalidInputError`.
 *
 * With {@link retryOnRateLimit}: put the throttle first,
 * `walk.pipe(throttleByUsage(), retryOnRateLimit())`. Every retry then passes the
 * throttle too, and the usage a rate-limit error carries is recorded before the retry
 * waits, so the two never wait twice for the same reason: retry waits at least what Graph
 * asked, and by then the throttle's regain time has passed.
 *
 * @example
 * ```ts
 * const throttle = createUsageThrottle({ threshold: 75 });
 * conversations$('1001', opts)
 *   .pipe(throttleByUsage({ throttle }), retryOnRateLimit())
 *   .subscribe((thread) => console.log(thread.id, throttle.state.percent));
 * // t_1 12, t_2 12, ... and, past 75%, pages arrive further apart
 * ```
 *
 * @param config - a shared throttle, or settings for a private one.
 * @return an operator that paces the walk's requests.
 */
export function throttleByUsage<T>(config: ThrottleByUsageConfig = {}): MonoTypeOperatorFunction<T> {
  let throttle: RequestGate;
  try {
    throttle = config.throttle ?? createUsageThrottle(config);
  } catch (error) {
    return () => throwError(() => error);
  }
  return (source) => {
    if (!(source instanceof WalkObservable)) {
      return throwError(() => new InvalidInputError('source', 'throttleByUsage paces requests: apply it to conversations$, messages$ or mergeFolders directly'));
    }
    return (source as WalkObservable<T>).withPolicy({ gate: (request) => throttle.wrap(request) });
  };
}
