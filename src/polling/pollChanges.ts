import { concat, defer, EMPTY, filter, from, map, mergeMap, type Observable, takeWhile } from 'rxjs';
import type { PollableThread } from './snapshot';
import type { Confirmation, DiffCore, Step, ThreadChange } from './diff';

const wantsMore = <T>(step: Step<T>): step is Extract<Step<T>, { next: 'continue' }> => step.next === 'continue';

/** Asks the source which removal candidates are really gone. */
export type Confirm = (candidates: readonly string[]) => Observable<Confirmation>;

/**
 * The changes one poll finds: the walk of the source (which stops reading at the first
 * unchanged thread of a quick poll: takeWhile unsubscribes, which ends the paging walk),
 * the whole walk again when it saw the newest-first order broken, then what only the end
 * of a full walk reveals (removals), confirmed first by `confirm` when given and when
 * there is anything to confirm.
 */
export function pollChanges<T extends PollableThread>(source: Observable<T>, diff: DiffCore<T>, confirm?: Confirm): Observable<ThreadChange<T>> {
  const walkOnce = () =>
    source.pipe(
      map((thread) => diff.step(thread)),
      takeWhile(wantsMore),
      map((step) => step.change),
      filter((change): change is ThreadChange<T> => change !== undefined),
    );
  const removals = (): Observable<ThreadChange<T>> => {
    const candidates = confirm === undefined ? [] : diff.candidates();
    if (confirm === undefined || candidates.length === 0) return from(diff.finish(confirm === undefined ? undefined : { gone: new Set() }));
    return confirm(candidates).pipe(mergeMap((answer) => from(diff.finish(answer))));
  };
  return concat(
    walkOnce(),
    defer(() => (diff.fellBack ? walkOnce() : EMPTY)),
    defer(removals),
  );
}
