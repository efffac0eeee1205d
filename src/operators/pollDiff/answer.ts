/**
 * The answers of `pollDiff`'s ports (snapshot store, removal confirmation): a value now,
 * a Promise, or (for the confirmation) an Observable, all read the same way.
 */
import { defer, from, isObservable, type Observable, of, take } from 'rxjs';

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

/** Only an error that says `retryable: true` (exactly) lets the loop go on. */
export function isRetryable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'retryable' in error && error.retryable === true;
}
