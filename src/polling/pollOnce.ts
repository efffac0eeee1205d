/**
 * One poll of one Page for the polling workers: the same diff as `pollDiff`, but the
 * changes are collected, not emitted, so they are written together with the snapshot.
 */
import { defer, map, type Observable, toArray } from 'rxjs';
import { checkSnapshot, type PollableThread, type PollSnapshot } from './snapshot';
import { pollChanges } from './pollChanges';
import { KnownThreads } from './known';
import { planPoll, DiffCore, type ThreadChange } from './diff';


/** The outcome of one poll: its changes and the snapshot to save. */
export interface PollResult<T> {
  readonly changes: readonly ThreadChange<T>[];
  readonly snapshot: PollSnapshot;
}

/**
 * Walks `source` once against `start` (a saved snapshot, or none: a full scan, silent
 * unless `emitInitial`). Quick unless the poll number falls on `fullScanEvery`.
 */
export function pollOnce<T extends PollableThread>(
  source: Observable<T>,
  start: PollSnapshot | undefined,
  settings: { readonly fullScanEvery: number; readonly emitInitial: boolean },
): Observable<PollResult<T>> {
  return defer(() => {
    const checked = start === undefined ? undefined : checkSnapshot('store', start);
    if (checked?._tag === 'Left') throw checked.left;
    const known = new KnownThreads(checked?.right);
    // A saved snapshot was completed by some worker: plan as a loop past its first poll.
    const plan = planPoll({ poll: known.polls, completedHere: 1, fromSnapshot: checked !== undefined, ...settings });
    const diff = new DiffCore<T>(known, plan.mode, plan.silent);
    return pollChanges(source, diff).pipe(
      toArray(),
      map((changes) => {
        known.commit();
        return { changes, snapshot: known.snapshot() };
      }),
    );
  });
}
