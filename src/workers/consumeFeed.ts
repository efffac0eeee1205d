/**
 * The consumer loop over a {@link ChangeFeed}: deliver, then ack. Pure of I/O itself and
 * timed by a scheduler, so virtual-time tests drive it with a feed of cold Observables.
 */
import { concat, concatMap, defaultIfEmpty, defer, from, ignoreElements, map, type Observable, repeat, type SchedulerLike, tap } from 'rxjs';
import { fromAnswer, type Answer } from '../polling/answer';
import { fromEntry, type DeliveredChange } from './changeEntry';
import type { ChangeFeed, RawEntry } from './changeFeed';

/** How the loop runs. */
export interface LoopSettings {
  /** How often the loop looks for entries dead consumers left, in ms of `scheduler` time. */
  readonly claimEveryMs: number;
  readonly scheduler: SchedulerLike;
  /** Work to finish before an entry is acked; its failure ends the stream with the entry unacked. */
  readonly handle?: (change: DeliveredChange) => Answer<unknown>;
}

/**
 * Reads the feed for ever: first this consumer's own unacked entries (a restart), then
 * new entries, and every `claimEveryMs` the entries dead consumers left. Each change is
 * emitted, then acked once the subscriber's `next` returned (and `handle` finished, when
 * given). A trimmed entry (no fields) is acked without being emitted: there is nothing
 * left to deliver. An entry that does not decode ends the stream with a `DecodeError`,
 * unacked.
 */
export function consumeFeed(feed: ChangeFeed, settings: LoopSettings): Observable<DeliveredChange> {
  return defer(() => {
    let ownPendingDone = false;
    let claimAt = settings.scheduler.now();
    const round = (): Observable<readonly RawEntry[]> => {
      if (!ownPendingDone) return fromAnswer(() => feed.pending()).pipe(tap((batch) => (ownPendingDone = batch.length === 0)));
      if (settings.scheduler.now() >= claimAt) {
        claimAt = settings.scheduler.now() + settings.claimEveryMs;
        return fromAnswer(() => feed.claim());
      }
      return fromAnswer(() => feed.next());
    };
    const ack = (entryId: string) => fromAnswer(() => feed.ack(entryId)).pipe(ignoreElements());
    const deliver = (entry: RawEntry): Observable<DeliveredChange> => {
      if (entry.fields === undefined) return ack(entry.entryId);
      const read = fromEntry(entry.entryId, entry.fields);
      if (read._tag === 'Left') throw read.left;
      const change = read.right;
      const handled = settings.handle === undefined ? from([change]) : fromAnswer(() => settings.handle?.(change)).pipe(defaultIfEmpty(undefined), map(() => change));
      // concat: the ack is subscribed only after the change went through the subscriber's next.
      return concat(handled, ack(entry.entryId));
    };
    return defer(round).pipe(
      concatMap((batch) => from(batch)),
      concatMap(deliver),
      repeat(),
    );
  });
}
