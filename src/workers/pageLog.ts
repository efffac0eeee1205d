/**
 * The port a poll writes through: load a Page's snapshot with its version, then commit
 * the next snapshot and the poll's changes in one atomic step. `redisPageLog` is the
 * Redis implementation (one Lua script); tests give an in-memory one.
 */
import type { Answer } from '../polling/answer';
import type { VersionedSnapshot } from '../polling/pageStore';
import type { PollSnapshot } from '../polling/snapshot';
import type { ChangeEntry } from './changeEntry';

/** What one poll asks the log to write. */
export interface PollCommit {
  /** The version the poll loaded (0: nothing saved yet). */
  readonly expectedVersion: number;
  /** The snapshot after the poll. */
  readonly snapshot: PollSnapshot;
  /** The poll's changes, in the order the poll found them. */
  readonly changes: readonly ChangeEntry[];
  /**
   * Unique per poll attempt. A commit sent twice (a reply lost and the command re-sent)
   * is recognised by it and answered `replayed`, without writing anything twice.
   */
  readonly pollId: string;
}

/**
 * What the log did with a commit: `committed` (snapshot saved and changes appended as
 * `version`), `replayed` (this very poll was committed before: its reply had been lost),
 * or `stale` (another poll moved the Page on since this one loaded it: nothing written;
 * the Page's next poll, from the newer snapshot, finds whatever this one found).
 */
export interface CommitReply {
  readonly result: 'committed' | 'replayed' | 'stale';
  /** The Page's version after the call. */
  readonly version: number;
}

/**
 * Where polls read and write. The invariant it keeps: the saved snapshot is exactly the
 * sum of the changes appended for that Page, so a change is never saved without being
 * delivered (nor delivered without being saved).
 */
export interface PageLog {
  load(pageId: string): Answer<VersionedSnapshot | undefined>;
  commit(pageId: string, commit: PollCommit): Answer<CommitReply>;
}
