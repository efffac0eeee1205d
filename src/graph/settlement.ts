/**
 * A promise with its `resolve` and `reject` at hand, for a class that settles it from its
 * methods and listeners (what `Promise.withResolvers` gives, which Node 20 lacks). Made
 * once per request by the transport and the abort race, so no closure of ours is made
 * per request (see `observables/stateObservable.ts`).
 */
export class Settlement<T> {
  readonly promise: Promise<T>;
  readonly resolve: (value: T) => void;
  readonly reject: (reason: unknown) => void;

  constructor() {
    let resolve: ((value: T) => void) | undefined;
    let reject: ((reason: unknown) => void) | undefined;
    this.promise = new Promise<T>((settle, fail) => {
      resolve = settle;
      reject = fail;
    });
    // The executor ran synchronously inside `new Promise`: both are set by now.
    this.resolve = resolve as (value: T) => void;
    this.reject = reject as (reason: unknown) => void;
  }
}
