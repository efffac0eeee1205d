import type { Observable } from 'rxjs';

/**
 * Pull for a push stream. RxJS has no backpressure: a walk requests its next page as
 * soon as the previous page's items were delivered. A consumer that buffers (the k-way
 * merge of `mergeFolders`) offers a demand instead, and the walk asks it before each
 * later page: `ready()` emits when the consumer wants more (its buffer runs low).
 */
export interface PageDemand {
  /** Emits once the consumer wants the next page; the walk takes the first emission. */
  ready(): Observable<unknown>;
}

let offered: PageDemand | undefined;

/**
 * Runs `subscribe` with `demand` on offer: the first walk subscribed synchronously
 * inside it (through any chain of ordinary operators such as `map` or `filter`) claims
 * it. Why ambient and not an argument: the consumer only holds the Observable a user's
 * factory returned, and nothing may look inside that. A walk subscribed later (after a
 * delay, a re-subscribe on retry) finds nothing on offer and reads ahead as a plain walk
 * does: the same values, buffered rather than pulled. Only when pages are requested
 * depends on it, never what is emitted.
 */
export function offeringDemand<R>(demand: PageDemand, subscribe: () => R): R {
  const outer = offered;
  offered = demand;
  try {
    return subscribe();
  } finally {
    offered = outer;
  }
}

/** Takes the demand on offer, if any: one walk per offer, the first subscribed. */
export function claimDemand(): PageDemand | undefined {
  const demand = offered;
  offered = undefined;
  return demand;
}

/**
 * Takes `demand` off offer if no walk claimed it yet: called once the consumer hears from
 * the source, so a walk that something downstream subscribes while a value is delivered
 * never claims a demand that was not meant for it.
 */
export function withdrawDemand(demand: PageDemand): void {
  if (offered === demand) offered = undefined;
}
