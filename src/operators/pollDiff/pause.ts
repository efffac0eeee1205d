/**
 * The wait between two polls of `pollDiff`, as an Observable that emits why the next poll
 * runs: the interval timer, or a trigger that arrived (during the poll just ended, or
 * during the wait), whichever comes first.
 */
import { map, type Observable, of, race, type SchedulerLike, type Subject, switchMap, take } from 'rxjs';
import { delay$ } from '../../timing/delay';
import { intervalWaitMs, triggeredWaitMs, type Cadence, type PollReason } from '../../polling/cadence';

/** What the trigger told the loop: whether one arrived since the last poll started, and a wake-up for the ones to come. */
export interface TriggerState {
  pending: boolean;
  readonly arrivals: Subject<void>;
}

export function pauseBeforeNext(at: Cadence, scheduler: SchedulerLike, trigger: TriggerState | undefined): Observable<PollReason> {
  const interval$ = delay$(intervalWaitMs(at), scheduler).pipe(map((): PollReason => 'interval'));
  if (trigger === undefined) return interval$;
  const arrived$ = trigger.pending ? of(at.now) : trigger.arrivals.pipe(take(1), map(() => scheduler.now()));
  const triggered$ = arrived$.pipe(
    switchMap((arrivedAt) => delay$(triggeredWaitMs(at, arrivedAt), scheduler)),
    map((): PollReason => 'triggered'),
  );
  return race(interval$, triggered$);
}
