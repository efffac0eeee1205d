/**
 * The Angular-free part of the Page inbox: one `pollDiff` loop over every watched folder
 * (merged newest first by `mergeFolders`), reported poll by poll, and the list of
 * current threads those polls keep up to date.
 */
import { Observable, pipe, throwError } from 'rxjs';
import {
  conversations$,
  createUsageThrottle,
  InvalidInputError,
  mergeFolders,
  pollDiff,
  retryOnRateLimit,
  throttleByUsage,
  type DefaultThreadFields,
  type InFolder,
  type PagePolicy,
  type PollSnapshot,
  type SelectedThread,
  type ThreadChange,
} from 'rx-graph-conversations';
import type { PageInboxSettings } from './page-inbox.config';

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * A thread of the watched inbox (the library's default fields), tagged with its folder.
 *
 * @example
 * ```ts
 * const title = (thread: InboxThread) => `${thread.folder}: ${thread.snippet ?? ''} (${thread.unread_count ?? 0})`;
 * ```
 */
export type InboxThread = InFolder<SelectedThread<DefaultThreadFields>>;

/**
 * A change `pollDiff` found: `added`, `updated` (a new message, or a move between two
 * watched folders: `previous.folder` is where it was) or `removed`.
 *
 * @example
 * ```ts
 * const toast = (change: InboxChange) =>
 *   change.type === 'removed' ? `${change.thread.id} left ${change.previous.folder}`
 *   : change.type === 'updated' && change.previous.folder !== change.thread.folder ? `moved to ${change.thread.folder}`
 *   : `${change.thread.snippet ?? ''}`;
 * ```
 */
export type InboxChange = ThreadChange<InboxThread>;

/** The changes one poll of the watched folders found. */
export interface InboxPoll {
  /** Part of the first complete read (a failed first poll and its retry too): its threads, not news. */
  readonly seeding: boolean;
  /** The folders were read completely at least once, this poll included. */
  readonly seeded: boolean;
  readonly changes: readonly InboxChange[];
}

/** What the watched folders hold now. */
export interface InboxState {
  /** Current threads by id. */
  readonly byId: ReadonlyMap<string, InboxThread>;
  /** The same threads, newest first. */
  readonly threads: readonly InboxThread[];
  /** Every folder was read completely once. */
  readonly ready: boolean;
  /** Grows when `threads` changes. */
  readonly version: number;
  /** The poll that led here, and its place among all polls (for late subscribers to skip it). */
  readonly poll: InboxPoll | undefined;
  readonly seq: number;
}

// -------------------------------------------------------------------------------------
// polling
// -------------------------------------------------------------------------------------

/**
 * Polls the watched folders forever and emits, after each poll, what it changed: one
 * `pollDiff` over `mergeFolders`, so a quiet poll costs one request per folder and a move
 * between folders is one `updated` change. `pollDiff`'s `onSnapshot` marks the end of a
 * poll; with `emitInitial` the first full scan reports every thread as `added`, which
 * seeds the list without a second read. Every page request goes through one usage
 * throttle and a retry (`perPage`).
 */
export function pollInbox(settings: PageInboxSettings): Observable<InboxPoll> {
  const { pageId, accessToken, graphUrl, limit, folders, pollIntervalMs, fullScanEvery, onPollError } = settings;
  if (folders.length === 0) return throwError(() => new InvalidInputError('folders', 'expected at least one folder, e.g. ["inbox"]'));
  return new Observable<InboxPoll>((subscriber) => {
    const perPage: PagePolicy = pipe(throttleByUsage({ throttle: createUsageThrottle() }), retryOnRateLimit());
    let changes: InboxChange[] = [];
    let seeded = false;
    const onSnapshot = (snapshot: PollSnapshot) => {
      const seeding = !seeded;
      seeded ||= snapshot.polls >= 1; // a failed first poll leaves polls at 0: its retry still seeds
      const poll: InboxPoll = { seeding, seeded, changes };
      changes = [];
      subscriber.next(poll);
    };
    return mergeFolders(folders, (folder) => conversations$(pageId, { accessToken, graphUrl, folder, limit, perPage }))
      .pipe(pollDiff<InboxThread>({ intervalMs: pollIntervalMs, fullScanEvery, emitInitial: true, onSnapshot, onPollError }))
      .subscribe({ next: (change) => changes.push(change), error: (error: unknown) => subscriber.error(error) });
  });
}

// -------------------------------------------------------------------------------------
// state
// -------------------------------------------------------------------------------------

/** Nothing read yet. */
export const EMPTY_INBOX: InboxState = { byId: new Map(), threads: [], ready: false, version: 0, poll: undefined, seq: 0 };

const newestFirst = (a: InboxThread, b: InboxThread) => b.updated_time.getTime() - a.updated_time.getTime();

/** Applies one poll: a move is an update like any other (the thread carries its new folder). */
export function applyPoll(state: InboxState, poll: InboxPoll, seq: number): InboxState {
  const byId = new Map(state.byId);
  for (const change of poll.changes) {
    if (change.type === 'removed') byId.delete(change.thread.id);
    else byId.set(change.thread.id, change.thread);
  }
  const ready = state.ready || poll.seeded;
  const changed = poll.changes.length > 0 || ready !== state.ready;
  return {
    byId,
    threads: changed ? [...byId.values()].sort(newestFirst) : state.threads,
    ready,
    version: changed ? state.version + 1 : state.version,
    poll,
    seq,
  };
}
