import { concat, defer, EMPTY, filter, from, map, type Observable, takeWhile } from 'rxjs';
import type { PollableThread } from './snapshot';
import type { PollWalk, Step, ThreadChange } from './walk';

const wantsMore = <T>(step: Step<T>): step is Extract<Step<T>, { next: 'continue' }> => step.next === 'continue';

/**
 * The changes one poll finds: the walk of the source (which stops reading at the first
 * unchanged thread of a quick poll: takeWhile unsubscribes, which ends the paging walk),
 * the whole walk again when it saw the newest-first order broken, then what only the end
 * of a full walk reveals (removals).
 */
export function pollChanges<T extends PollableThread>(source: Observable<T>, walk: PollWalk<T>): Observable<ThreadChange<T>> {
  const walkOnce = () =>
    source.pipe(
      map((thread) => walk.step(thread)),
      takeWhile(wantsMore),
      map((step) => step.change),
      filter((change): change is ThreadChange<T> => change !== undefined),
    );
  return concat(
    walkOnce(),
    defer(() => (walk.fellBack ? walkOnce() : EMPTY)),
    defer(() => from(walk.finish())),
  );
}
