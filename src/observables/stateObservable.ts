import { Observable, type Subscriber, type TeardownLogic } from 'rxjs';

/**
 * `new Observable((subscriber) => subscribeWith(state, subscriber))` without the closure,
 * for Observables made anew for every page or request: the subscribe work is a module
 * function, the per-use data `state`.
 *
 * Why: V8 keeps a function's optimized code only while a closure that ran it is alive.
 * Closures made for one page and run once (what `map(...)`, `new Observable(() => ...)`
 * and an arrow per page make) are dead by the next major GC, their optimized code with
 * them, and the pages after it run them unoptimized until they are compiled again.
 * Measured on repeated walks: about 30 ms of compile per walk of about 600 ms of CPU,
 * every walk. A module function and prototype methods live as long as the module, so
 * they are compiled once.
 */
export class StateObservable<T, S> extends Observable<T> {
  constructor(
    readonly state: S,
    readonly subscribeWith: (state: S, subscriber: Subscriber<T>) => TeardownLogic,
  ) {
    super(subscribeState);
  }
}

// rxjs calls the subscribe function with the Observable as `this` (its constructor's type says so).
function subscribeState(this: Observable<unknown>, subscriber: Subscriber<unknown>): TeardownLogic {
  const observable = this as StateObservable<unknown, unknown>;
  return observable.subscribeWith(observable.state, subscriber);
}
