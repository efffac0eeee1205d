/**
 * The diff at the core of `pollDiff` and the polling workers: what one poll concludes from each thread it reads.
 * Deterministic and free of I/O, timers and RxJS; the operator feeds it threads and
 * turns its answers into subscriptions.
 */
import type { KnownThreads } from './known';
import { entryOf, isFullScanPoll, isUnchanged, removedThread, type PollableThread, type RemovedThread, type SnapshotEntry } from './snapshot';

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
 * const describe = (change: ThreadChange<InFolder<Thread>>): string =>
 *   change.type === 'updated' && change.previous.folder !== change.thread.folder
 *     ? `${change.thread.id} moved from ${change.previous.folder} to ${change.thread.folder}`
 *     : `${change.thread.id} ${change.type}`;
 * ```
 */
export type ThreadChange<T> =
  | { readonly type: 'added'; readonly thread: T }
  | { readonly type: 'updated'; readonly thread: T; readonly previous: SnapshotEntry }
  | { readonly type: 'removed'; readonly thread: RemovedThread; readonly previous: SnapshotEntry };

/**
 * What the source said about a full scan's removal candidates: the ids among them that no
 * longer exist, or `unknown` when it could not tell (a retryable failure).
 */
export type Confirmation = { readonly gone: ReadonlySet<string> } | 'unknown';

/** `quick` stops at the first unchanged thread; `full` reads everything and finds removals. */
export type ScanMode = 'quick' | 'full';

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

/** Polls between full scans when the caller does not say: one full scan costs ceil(N/limit) requests, so every 10th poll keeps their cost near one tenth of a walk per poll. */
export const DEFAULT_FULL_SCAN_EVERY = 10;

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
export function planPoll(at: PollPosition): { readonly mode: ScanMode; readonly silent: boolean } {
  if (at.fromSnapshot && at.completedHere === 0) return { mode: 'quick', silent: false };
  return { mode: isFullScanPoll(at.poll, at.fullScanEvery) ? 'full' : 'quick', silent: !at.fromSnapshot && at.poll === 0 && !at.emitInitial };
}

// -------------------------------------------------------------------------------------
// one poll
// -------------------------------------------------------------------------------------

/**
 * One poll over the threads one or two walks of the source deliver (two when a quick
 * poll falls back to a full scan). Emits at most one change per id, unless the same id
 * comes back with a newer `updated_time` (it got a message during the walk).
 */
export class DiffCore<T extends PollableThread> {
  private walkMode: ScanMode;
  private fellBackToFull = false;
  /** Newest time seen per id in this poll, across both walks. */
  private readonly seen = new Map<string, number>();
  private previousMs: number | undefined;

  constructor(
    private readonly known: KnownThreads,
    mode: ScanMode,
    private readonly silent: boolean,
  ) {
    this.walkMode = mode;
  }

  get mode(): ScanMode {
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
   * After the last thread of a full scan: the ids it would now report removed, those that
   * the previous full scan missed too, with no sighting between. Empty for a quick poll.
   */
  candidates(): string[] {
    if (this.walkMode !== 'full') return [];
    return [...this.known.entries()].filter(([id]) => !this.seen.has(id) && this.known.isSuspect(id)).map(([id]) => id);
  }

  /**
   * After the last thread: a full scan reports the candidates removed, and the other ids
   * it did not see become suspects. With a `confirmation`, only the candidates it says
   * are gone are removed; the others exist, so their suspicion is cleared (a later walk
   * sees them where they are now). When the confirmation could not be had (`unknown`),
   * nothing is removed and the candidates stay suspects for the next full scan.
   */
  finish(confirmation?: Confirmation): ThreadChange<T>[] {
    if (this.walkMode !== 'full') return [];
    const unseen = [...this.known.entries()].filter(([id]) => !this.seen.has(id));
    const isCandidate = (id: string) => this.known.isSuspect(id);
    const gone =
      confirmation === undefined
        ? unseen.filter(([id]) => isCandidate(id))
        : confirmation === 'unknown'
          ? []
          : unseen.filter(([id]) => isCandidate(id) && confirmation.gone.has(id));
    const stillSuspect = confirmation === 'unknown' ? unseen : unseen.filter(([id]) => !isCandidate(id));
    this.known.suspect(stillSuspect.map(([id]) => id));
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
