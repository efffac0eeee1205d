/**
 * One poll of one Page by a worker: load the snapshot, walk the source, commit the next
 * snapshot and the changes in one step. Pure of I/O itself: the log and the source are
 * given, so virtual-time tests drive it.
 */
import { map, mergeMap, type Observable } from 'rxjs';
import { fromAnswer } from '../polling/answer';
import { pollOnce } from '../polling/pollOnce';
import type { PollableThread } from '../polling/snapshot';
import { toEntry } from './changeEntry';
import type { CommitReply, PageLog } from './pageLog';

/** How a worker polls: as `pollDiff` does (`fullScanEvery`, `emitInitial`). */
export interface PollSettings {
  readonly fullScanEvery: number;
  readonly emitInitial: boolean;
}

/** What one poll did. */
export interface PollOutcome extends CommitReply {
  readonly pageId: string;
  /** Changes the poll found (written only when `result` is `committed`). */
  readonly changes: number;
}

/**
 * Polls `pageId` once: its snapshot from `log`, the threads from `source`, then one
 * `commit` with `pollId`. Errors of the source or the log end the Observable with that
 * error and write nothing (the Page is as before the poll).
 */
export function pollPage<T extends PollableThread>(log: PageLog, pageId: string, source: Observable<T>, settings: PollSettings, pollId: string): Observable<PollOutcome> {
  return fromAnswer(() => log.load(pageId)).pipe(
    mergeMap((saved) =>
      pollOnce(source, saved?.snapshot, settings).pipe(
        mergeMap(({ changes, snapshot }) =>
          fromAnswer(() => log.commit(pageId, { expectedVersion: saved?.version ?? 0, snapshot, changes: changes.map((change) => toEntry(pageId, change)), pollId })).pipe(
            map((reply) => ({ ...reply, pageId, changes: changes.length })),
          ),
        ),
      ),
    ),
  );
}
