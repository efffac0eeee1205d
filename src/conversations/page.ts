import type { MonoTypeOperatorFunction } from 'rxjs';
import type { GraphUsage } from '../codecs/usage';

/**
 * What a response carries that a throttle can read: the usage headers, or `undefined`
 * when Graph sent none. `usage` is a required key, so `throttleByUsage` only fits streams
 * whose values have it (a page request), never a stream of threads.
 *
 * @example
 * ```ts
 * const percentOf = (response: WithUsage) => (response.usage === undefined ? 0 : usagePeak(response.usage).percent);
 * ```
 */
export interface WithUsage {
  /** The usage headers of the response, reduced to their figures; `undefined` when absent. */
  readonly usage: GraphUsage | undefined;
}

/**
 * What one page request of a walk emits, once: the page's items, already decoded, the
 * URL of the next page (checked and cleaned; `undefined` on the last page) and the usage
 * headers of the response. A `perPage` policy sees these.
 *
 * @example
 * ```ts
 * const logPages: PagePolicy = (request) => request.pipe(tap((page: WalkPage<unknown>) => console.log(page.items.length, page.next !== undefined)));
 * ```
 */
export interface WalkPage<A> extends WithUsage {
  readonly items: readonly A[];
  readonly next: string | undefined;
}

/**
 * A policy for each page request of a walk (`perPage` of `conversations$` and
 * `messages$`): an operator applied to the cold Observable of one request, which emits
 * one {@link WalkPage} and completes. Throttling delays that request (`throttleByUsage`),
 * retrying re-sends that page (`retryOnRateLimit`); compose several with RxJS `pipe`.
 * Every page goes through it, the first, the next ones, the pages of a restart and of a
 * consistent walk's re-read. A policy passes pages on as the request emitted them; it
 * may delay, repeat or fail requests, not make pages up.
 *
 * @example
 * ```ts
 * const throttle = createUsageThrottle();
 * const perPage: PagePolicy = pipe(throttleByUsage({ throttle }), retryOnRateLimit());
 * conversations$('1001', { accessToken, perPage }).subscribe((thread) => console.log(thread.id));
 * ```
 */
export type PagePolicy = MonoTypeOperatorFunction<WalkPage<unknown>>;
