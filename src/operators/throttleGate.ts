import type { Observable } from 'rxjs';
import type { WithUsage } from '../conversations/page';

/**
 * What `throttleByUsage` needs of a throttle: a way to delay each request until its slot
 * and to learn from its response. The in-process `UsageThrottle` is one;
 * `redisUsageThrottle` from `rx-graph-conversations/redis`, shared by several processes,
 * is another. The slot may be reserved asynchronously (the returned Observable waits).
 *
 * @example
 * ```ts
 * // a gate that lets every request go, logging it
 * const logging: RequestGate = { wrap: (request) => defer(() => (console.log('request'), request)) };
 * conversations$(pageId, { ...opts, perPage: throttleByUsage({ throttle: logging }) });
 * ```
 */
export interface RequestGate {
  /** Delays a request until its slot, and records the usage its response (or error) carries. */
  wrap<P extends WithUsage>(request: Observable<P>): Observable<P>;
}
