/**
 * The answers of `pollDiff`'s ports (snapshot store, removal confirmation): a value now,
 * a Promise, or (for the confirmation) an Observable, all read the same way.
 */
import { defer, from, isObservable, type Observable, of, take } from 'rxjs';
import { GraphError } from '../errors/graphError';
import { isLaterWalkKind } from '../errors/kinds';

/** What a port may answer with. */
export type Answer<A> = A | PromiseLike<A> | Observable<A>;

const isPromiseLike = <A>(value: Answer<A>): value is PromiseLike<A> =>
  typeof value === 'object' && value !== null && 'then' in value && typeof value.then === 'function';

/**
 * A synchronous answer stays synchronous, so virtual-time tests and sync stores need no
 * microtasks. An Observable answers with its first value (later ones are not waited for).
 */
export function fromAnswer<A>(answer: () => Answer<A>): Observable<A> {
  return defer(() => {
    const value = answer();
    if (isObservable(value)) return value.pipe(take(1));
    return isPromiseLike(value) ? from(value) : of(value);
  });
}

/**
 * Whether a poll loop goes on after this error. A library error decides by its kind: what
 * a later walk may not meet again (`isLaterWalkKind`: rate limits, server and network
 * failures, timeouts, a stale cursor past the walk's restarts). Anything else (a store's
 * own error) only when it says `retryable: true`, exactly.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof GraphError) return isLaterWalkKind(error.kind);
  return typeof error === 'object' && error !== null && 'retryable' in error && error.retryable === true;
}
