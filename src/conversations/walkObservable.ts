import { Observable } from 'rxjs';
import type { GraphUsage } from '../codecs/usage';

/**
 * A page response as policies see it: whatever it is, it may carry usage headers.
 *
 * @example
 * ```ts
 * const logUsage: RequestWrapper = (request) => request.pipe(tap((page: PageResponse) => console.log(page.usage)));
 * ```
 */
export interface PageResponse {
  readonly usage?: GraphUsage | undefined;
}

/**
 * Wraps one page request (a cold Observable that emits one page): throttling delays the
 * subscription, retrying re-subscribes it. A retry therefore re-sends one page, never
 * the walk.
 *
 * @example
 * ```ts
 * const retryTwice: RequestWrapper = (request) => request.pipe(retry(2));
 * const walk = conversations$(pageId, opts).withPolicy({ retry: retryTwice });
 * ```
 */
export type RequestWrapper = <P extends PageResponse>(request: Observable<P>) => Observable<P>;

/**
 * How a walk treats its requests. Set by operators such as `retryOnRateLimit` and
 * `throttleByUsage` when they are applied to a walk.
 *
 * @example
 * ```ts
 * const policy: WalkPolicy = conversations$(pageId, opts).pipe(retryOnRateLimit()).policy;
 * policy.dedupe; // true
 * ```
 */
export interface WalkPolicy {
  /** Runs before each request (and each retry of it): throttling. */
  readonly gate?: RequestWrapper | undefined;
  /** Wraps each request, gate included: retrying one page. */
  readonly retry?: RequestWrapper | undefined;
  /** Whether an error of the walk should restart it from its first page (e.g. a stale cursor). */
  readonly restartOn?: ((error: unknown, restarts: number) => boolean) | undefined;
  /** Emit each item once per walk (by the walk's key), across restarts and moved threads. */
  readonly dedupe?: boolean | undefined;
}

/**
 * A cold stream over one or more paging walks that knows how to apply request policies
 * to its own requests. `conversations$`, `messages$` and `mergeFolders` return one, so
 * `retryOnRateLimit` and `throttleByUsage` applied to them work per page: a retry
 * re-sends the failing page instead of restarting the walk.
 *
 * It is a plain Observable otherwise; any other operator turns it into an ordinary one.
 *
 * @example
 * ```ts
 * const walk = conversations$(pageId, opts);
 * walk instanceof WalkObservable; // true
 * walk.pipe(retryOnRateLimit()); // still a WalkObservable: retries pages, not the walk
 * ```
 */
export class WalkObservable<T> extends Observable<T> {
  /** The policy this walk applies. */
  readonly policy: WalkPolicy;
  private readonly build: (policy: WalkPolicy) => Observable<T>;

  /**
   * @param build - makes the walk's stream for a policy; called on every subscription.
   * @param policy - the policy to apply.
   */
  constructor(build: (policy: WalkPolicy) => Observable<T>, policy: WalkPolicy = {}) {
    super((subscriber) => build(policy).subscribe(subscriber));
    this.build = build;
    this.policy = policy;
  }

  /** The same walk with some policy fields replaced. */
  withPolicy(patch: WalkPolicy): WalkObservable<T> {
    return new WalkObservable(this.build, { ...this.policy, ...patch });
  }
}

/** Applies a policy to a stream that is a walk; leaves any other stream as it is. */
export function applyWalkPolicy<T>(source: Observable<T>, patch: WalkPolicy): Observable<T> {
  return source instanceof WalkObservable ? (source as WalkObservable<T>).withPolicy(patch) : source;
}
