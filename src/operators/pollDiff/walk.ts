/**
 * The diff at the core of `pollDiff`: what one poll concludes from each thread it reads.
 * Deterministic and free of I/O, timers and RxJS; the operator feeds it threads and
 * turns its answers into subscriptions.
 */
import {
  entryOf,
  isFullScanPoll,
  isUnchanged,
  makeSnapshot,
  removedThread,
  type PollableThread,
  type PollSnapshot,
  type RemovedThread,
  type SnapshotEntry,
} from './snapshot';

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * One change `pollDiff` found: a thread it had not seen (`added`), a thread whose
 * `updated_time` or folder differs from the snapshot (`updated`; a folder change alone is
 * a move), or a thread a full scan no longer found (`removed`, rebuilt from the snapshot).
 * `previous` is what the snapshot held before the change.
 *
 * @example
 * ```ts
 * const describe = (change: ThreadChange<Thread>): string =>
 *   change.type === 'updated' && change.previous.folder !== change.thread.folder
 *     ? `${change.thread.id} moved from ${change.previous.folder} to ${change.thread.folder}`
 *     : `${change.thread.id} ${change.type}`;
 * ```
 */
export type ThreadChange<T> =
  | { readonly type: 'added'; readonly thread: T }
  | { readonly type: 'updated'; readonly thread: T; readonly previous: SnapshotEntry }
  | { readonly type: 'removed'; readonly thread: RemovedThread; readonly previous: SnapshotEntry };

/** `quick` stops at the first unchanged thread; `full` reads everything and finds removals. */
export type WalkMode = 'quick' | 'full';

/** What the walk wants next after a thread: more threads (with a change or not), or no more. */
export type Step<T> =
  | { readonly next: 'continue'; readonly change: ThreadChange<T> | undefined }
  /** A quick poll reached a thread the snapshot already has: everything older is known. */
  | { readonly next: 'stop' }
  /** A thread was newer than the one before it: the order a quick poll relies on is broken. */
  | { readonly next: 'fallback' };

const STOP = { next: 'stop' } as const;
const FALLBACK = { next: 'fallback' } as const;
const NOTHING = { next: 'continue', change: undefined } as const;

// -------------------------------------------------------------------------------------
// planning
// -------------------------------------------------------------------------------------

/** Where a loop stands when a poll starts. */
export interface PollPosition {
  /** The number of this poll (`snapshot.polls`). */
  readonly poll: number;
  /** Polls completed since subscribe. */
  readonly completedHere: number;
  /** Whether the loop started from a given or loaded snapshot. */
  readonly fromSnapshot: boolean;
  readonly fullScanEvery: number;
  readonly emitInitial: boolean;
}

/**
 * A restarted loop trusts its snapshot and starts cheap; otherwise every
 * `fullScanEvery`-th poll walks everything. Only the seeding scan of a loop without a
 * snapshot may be silent. A failed poll did not complete, so its retry gets the same plan.
 */
export function planPoll(at: PollPosition): { readonly mode: WalkMode; readonly silent: boolean } {
  if (at.fromSnapshot && at.completedHere === 0) return { mode: 'quick', silent: false };
  return { mode: isFullScanPoll(at.poll, at.fullScanEvery) ? 'full' : 'quick', silent: !at.fromSnapshot && at.poll === 0 && !at.emitInitial };
}

// -------------------------------------------------------------------------------------
// known threads
// -------------------------------------------------------------------------------------

/**
 * The snapshot as two layers. `committed` is what the last completed poll left: a quick
 * poll may stop at a thread equal to it, because everything older was checked. `pending`
 * holds changes already emitted by polls that have not completed (null: removed). After
 * a failed poll they stay pending, so the retry does not emit them again (it diffs against
 * both layers) yet does not stop at them either (it stops only against `committed`),
 * and still finds the changes the failed poll never reached. The snapshot keeps the
 * pending ids (`uncommitted`), so a restart from it behaves like that retry.
 *
 * Besides: the ids the last completed full scan did not see (`unconfirmed`). A full walk
 * misses a thread that moves from a page it has not read yet to one it has read (a new
 * message moves it to the front; a move to a folder already walked), so one absence is
 * only a suspicion: any sighting clears it, a second full scan without one confirms it.
 */
export class KnownThreads {
  private readonly committed: Map<string, SnapshotEntry>;
  private readonly pending = new Map<string, SnapshotEntry | null>();
  private readonly suspects: Set<string>;
  /** The suspects a full walk leaves, applied when its poll completes. */
  private nextSuspects: ReadonlySet<string> | undefined;
  private pollsDone: number;

  constructor(start: PollSnapshot | undefined) {
    const uncommitted = new Set(start?.uncommitted ?? []);
    const threads = Object.entries(start?.threads ?? {});
    this.committed = new Map(threads.filter(([id]) => !uncommitted.has(id)));
    for (const [id, entry] of threads) if (uncommitted.has(id)) this.pending.set(id, entry);
    this.suspects = new Set(start?.unconfirmed ?? []);
    this.pollsDone = start?.polls ?? 0;
  }

  /** Completed polls: the number of the poll to run next. */
  get polls(): number {
    return this.pollsDone;
  }

  /** The entry as of the last completed poll. */
  committedEntry(id: string): SnapshotEntry | undefined {
    return this.committed.get(id);
  }

  /** The entry including changes already emitted. */
  current(id: string): SnapshotEntry | undefined {
    const pending = this.pending.get(id);
    return pending === undefined ? this.committed.get(id) : (pending ?? undefined);
  }

  set(id: string, entry: SnapshotEntry): void {
    this.pending.set(id, entry);
  }

  remove(id: string): void {
    this.pending.set(id, null);
  }

  /** A walk delivered the thread: it exists, whether or not its poll completes. */
  sighted(id: string): void {
    this.suspects.delete(id);
  }

  /** Whether the last completed full scan missed the thread and no walk has seen it since. */
  isSuspect(id: string): boolean {
    return this.suspects.has(id);
  }

  /** What a full walk leaves unconfirmed; replaces the suspects once its poll completes. */
  suspect(ids: Iterable<string>): void {
    this.nextSuspects = new Set(ids);
  }

  /** Every current entry, emitted changes included. */
  *entries(): IterableIterator<readonly [string, SnapshotEntry]> {
    for (const [id, entry] of this.committed) if (!this.pending.has(id)) yield [id, entry];
    for (const [id, entry] of this.pending) if (entry !== null) yield [id, entry];
  }

  /** A poll completed: its changes become the reference of the next quick poll. */
  commit(): void {
    for (const [id, entry] of this.pending) {
      if (entry === null) this.committed.delete(id);
      else this.committed.set(id, entry);
    }
    this.pending.clear();
    if (this.nextSuspects !== undefined) {
      this.suspects.clear();
      for (const id of this.nextSuspects) if (this.committed.has(id)) this.suspects.add(id);
      this.nextSuspects = undefined;
    }
    this.pollsDone += 1;
  }

  snapshot(): PollSnapshot {
    const uncommitted = [...this.pending].filter(([, entry]) => entry !== null).map(([id]) => id);
    const present = (id: string) => this.current(id) !== undefined;
    return makeSnapshot(this.pollsDone, this.entries(), { unconfirmed: [...this.suspects].filter(present), uncommitted });
  }
}

// -------------------------------------------------------------------------------------
// one poll
// -------------------------------------------------------------------------------------

/**
 * One poll over the threads one or two walks of the source deliver (two when a quick
 * poll falls back to a full scan). Emits at most one change per id, unless the same id
 * comes back with a newer `updated_time` (it got a message during the walk).
 */
export class PollWalk<T extends PollableThread> {
  private walkMode: WalkMode;
  private fellBackToFull = false;
  /** Newest time seen per id in this poll, across both walks. */
  private readonly seen = new Map<string, number>();
  private previousMs: number | undefined;

  constructor(
    private readonly known: KnownThreads,
    mode: WalkMode,
    private readonly silent: boolean,
  ) {
    this.walkMode = mode;
  }

  get mode(): WalkMode {
    return this.walkMode;
  }

  /** Whether a quick poll found the order broken and the source must be walked again in full. */
  get fellBack(): boolean {
    return this.fellBackToFull;
  }

  step(thread: T): Step<T> {
    this.known.sighted(thread.id);
    const ms = thread.updated_time.getTime();
    if (this.walkMode === 'quick') {
      if (this.previousMs !== undefined && ms > this.previousMs) {
        this.walkMode = 'full';
        this.fellBackToFull = true;
        return FALLBACK;
      }
      this.previousMs = ms;
      const reference = this.known.committedEntry(thread.id);
      if (reference !== undefined && isUnchanged(reference, thread)) return STOP;
    }
    const seenMs = this.seen.get(thread.id);
    if (seenMs !== undefined && ms <= seenMs) return NOTHING;
    this.seen.set(thread.id, ms);
    const change = this.diff(thread);
    return change === undefined || this.silent ? NOTHING : { next: 'continue', change };
  }

  /**
   * After the last thread: a full scan reports as removed the ids that the previous full
   * scan missed too, with no sighting between; the other ids it did not see become suspects.
   */
  finish(): ThreadChange<T>[] {
    if (this.walkMode !== 'full') return [];
    const unseen = [...this.known.entries()].filter(([id]) => !this.seen.has(id));
    const gone = unseen.filter(([id]) => this.known.isSuspect(id));
    this.known.suspect(unseen.filter(([id]) => !this.known.isSuspect(id)).map(([id]) => id));
    for (const [id] of gone) this.known.remove(id);
    if (this.silent) return [];
    return gone.map(([id, previous]) => ({ type: 'removed', thread: removedThread(id, previous), previous }));
  }

  private diff(thread: T): ThreadChange<T> | undefined {
    const previous = this.known.current(thread.id);
    if (previous !== undefined && isUnchanged(previous, thread)) return undefined;
    this.known.set(thread.id, entryOf(thread));
    return previous === undefined ? { type: 'added', thread } : { type: 'updated', thread, previous };
  }
}
