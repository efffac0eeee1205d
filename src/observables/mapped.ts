import type { Observable, Observer, Subscriber, TeardownLogic } from 'rxjs';
import { StateObservable } from './stateObservable';

interface MappedState<T, R, C> {
  readonly input: Observable<T>;
  readonly project: (value: T, context: C) => R;
  readonly context: C;
}

/**
 * `input.pipe(map((value) => project(value, context)))` for an Observable made anew for
 * every page or request, without the closures `map` makes on every use (see
 * {@link StateObservable} for why). `project` is best a module function and `context`
 * what varies per use: then nothing is a closure made per use.
 */
export function mapped<T, R, C>(input: Observable<T>, project: (value: T, context: C) => R, context: C): Observable<R> {
  return new StateObservable<R, MappedState<T, R, C>>({ input, project, context }, subscribeMapped);
}

function subscribeMapped<T, R, C>(state: MappedState<T, R, C>, subscriber: Subscriber<R>): TeardownLogic {
  return state.input.subscribe(new Mapping(subscriber, state.project, state.context));
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
