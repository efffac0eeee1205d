import { Observable, type Observer, type OperatorFunction, type Subscriber } from 'rxjs';

/**
 * Each page's items, in order, page after page: `concatMap((page) => page.items)`
 * without an inner subscription (and its closures) per page, for the reason in
 * `observables/stateObservable.ts`. A page that arrives while the items of another are still
 * being emitted (a consumer that makes the walk go on from inside `next`) waits its turn,
 * as with `concatMap`; so does the end of the pages. Emitting stops as soon as the
 * consumer unsubscribes (`take(n)`).
 */
export function pageItems<A>(): OperatorFunction<{ readonly items: readonly A[] }, A> {
  return (pages) => new Observable<A>((subscriber) => pages.subscribe(new ItemEmitter(subscriber)));
}

class ItemEmitter<A> implements Observer<{ readonly items: readonly A[] }> {
  private emitting = false;
  private waiting: Array<readonly A[]> | undefined;
  private ended = false;

  constructor(private readonly subscriber: Subscriber<A>) {}

  next(page: { readonly items: readonly A[] }): void {
    if (this.emitting) {
      (this.waiting ??= []).push(page.items);
      return;
    }
    this.emitting = true;
    try {
      this.emit(page.items);
      for (let items = this.waiting?.shift(); items !== undefined; items = this.waiting?.shift()) this.emit(items);
    } finally {
      this.emitting = false;
    }
    if (this.ended) this.subscriber.complete();
  }

  error(error: unknown): void {
    this.subscriber.error(error);
  }

  complete(): void {
    if (this.emitting) this.ended = true;
    else this.subscriber.complete();
  }

  private emit(items: readonly A[]): void {
    const { subscriber } = this;
    for (let i = 0; i < items.length && !subscriber.closed; i++) subscriber.next(items[i] as A);
  }
}
