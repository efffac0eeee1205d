import { Observable, type Observer, type Subscriber, type TeardownLogic } from 'rxjs';

/**
 * `input.pipe(map((value) => project(value, context)))` for an Observable made anew for every page or request,
 * without the closures `map` makes on every use.
 *
 * Why: V8 keeps a function's optimized code only while a closure that ran it is alive.
 * Closures made for one page and run once (what `map(...)`, `new Observable(() => ...)`
 * and an arrow per page make) are dead by the next major GC, their optimized code with
 * them, and the pages after it run them unoptimized until they are compiled again.
 * Measured on repeated walks: about 30 ms of compile per walk of about 600 ms of CPU,
 * every walk. Here the per-use work runs in a module function and prototype methods,
 * which live as long as the module, so it is compiled once.
 */
export class Mapped<T, R, C> extends Observable<R> {
  /** `project` is best a module function and `context` what varies per use: no closure per use at all. */
  constructor(
    readonly input: Observable<T>,
    readonly project: (value: T, context: C) => R,
    readonly context: C,
  ) {
    super(subscribeMapped);
  }
}

// rxjs calls the subscribe function with the Observable as `this` (its constructor's type says so).
function subscribeMapped(this: Observable<unknown>, subscriber: Subscriber<unknown>): TeardownLogic {
  const mapped = this as Mapped<unknown, unknown, unknown>;
  return mapped.input.subscribe(new Mapping(subscriber, mapped.project, mapped.context));
}

/** Like `map`: a value `project` throws for is the stream's error. */
class Mapping<T, R, C> implements Observer<T> {
  constructor(
    private readonly subscriber: Subscriber<R>,
    private readonly project: (value: T, context: C) => R,
    private readonly context: C,
  ) {}

  next(value: T): void {
    let result: R;
    try {
      result = this.project(value, this.context);
    } catch (error) {
      this.subscriber.error(error);
      return;
    }
    this.subscriber.next(result);
  }

  error(error: unknown): void {
    this.subscriber.error(error);
  }

  complete(): void {
    this.subscriber.complete();
  }
}
