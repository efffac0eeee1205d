/**
 * The Angular-free part of the Page inbox: one `pollDiff` loop per folder, reported poll
 * by poll, and the list of current threads those polls keep up to date.
 */
import { map, merge, Observable, throwError } from 'rxjs';
import {
  conversations$,
  createUsageThrottle,
  InvalidInputError,
  pollDiff,
  retryOnRateLimit,
  throttleByUsage,
  type DefaultThreadFields,
  type Folder,
  type InFolder,
  type PollSnapshot,
  type SelectedThread,
  type ThreadChange,
  type UsageThrottle,
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
 * A change `pollDiff` found in one folder: `added`, `updated` (a new message) or
 * `removed`. A thread moved between two watched folders shows up as `removed` from one and
 * `added` to the other, each when its folder's full scan finds it.
 *
 * @example
 * ```ts
 * const toast = (change: InboxChange) => (change.type === 'removed' ? `${change.thread.id} left ${change.previous.folder}` : `${change.thread.snippet ?? ''}`);
 * ```
 */
export type InboxChange = ThreadChange<InboxThread>;

/** The changes one poll of one folder found. */
export interface FolderPoll {
  readonly folder: Folder;
  /** Part of the folder's first complete read (a failed first poll and its retry too): its threads, not news. */
  readonly seeding: boolean;
  /** The folder was read completely at least once, this poll included. */
  readonly seeded: boolean;
  readonly changes: readonly InboxChange[];
}

/** What the watched folders hold now. */
export interface InboxState {
  /** Current threads by id. */
  readonly byId: ReadonlyMap<string, InboxThread>;
  /** The same threads, newest first. */
  readonly threads: readonly InboxThread[];
  /** The folders read completely at least once. */
  readonly seeded: ReadonlySet<Folder>;
  /** Every folder was read completely once. */
  readonly ready: boolean;
  /** Grows when `threads` changes. */
  readonly version: number;
  /** The poll that led here, and its place among all polls (for late subscribers to skip it). */
  readonly poll: FolderPoll | undefined;
  readonly seq: number;
}

// -------------------------------------------------------------------------------------
// polling
// -------------------------------------------------------------------------------------

/**
 * Polls one folder forever and emits, after each poll, what it changed. `pollDiff`'s
 * `onSnapshot` marks the end of a poll; with `emitInitial` the first full scan reports
 * every thread as `added`, which seeds the list without a second read.
 */
export function pollFolder(folder: Folder, settings: PageInboxSettings, throttle: UsageThrottle): Observable<FolderPoll> {
  const { pageId, accessToken, graphUrl, limit, pollIntervalMs, fullScanEvery, onPollError } = settings;
  return new Observable<FolderPoll>((subscriber) => {
    let changes: InboxChange[] = [];
    let seeded = false;
    const onSnapshot = (snapshot: PollSnapshot) => {
      const seeding = !seeded;
      seeded ||= snapshot.polls >= 1; // a failed first poll leaves polls at 0: its retry still seeds
      const poll: FolderPoll = { folder, seeding, seeded, changes };
      changes = [];
      subscriber.next(poll);
    };
    return conversations$(pageId, { accessToken, folder, limit, ...(graphUrl === undefined ? {} : { graphUrl }) })
      .pipe(
        throttleByUsage({ throttle }),
        retryOnRateLimit(),
        map((thread): InboxThread => ({ ...thread, folder })),
        pollDiff<InboxThread>({
          intervalMs: pollIntervalMs,
          fullScanEvery,
          emitInitial: true,
          onSnapshot,
          onPollError: (error) => onPollError?.(error, folder),
        }),
      )
      .subscribe({ next: (change) => changes.push(change), error: (error: unknown) => subscriber.error(error) });
  });
}

/** Every folder polled on its own (a quick poll stops at the first known thread, so folders are not merged before `pollDiff`), sharing one usage budget. */
export function pollFolders(settings: PageInboxSettings): Observable<FolderPoll> {
  if (settings.folders.length === 0) return throwError(() => new InvalidInputError('folders', 'expected at least one folder, e.g. ["inbox"]'));
  const throttle = createUsageThrottle();
  return merge(...settings.folders.map((folder) => pollFolder(folder, settings, throttle)));
}

// -------------------------------------------------------------------------------------
// state
// -------------------------------------------------------------------------------------

/** Nothing read yet. */
export const EMPTY_INBOX: InboxState = { byId: new Map(), threads: [], seeded: new Set(), ready: false, version: 0, poll: undefined, seq: 0 };

const newestFirst = (a: InboxThread, b: InboxThread) => b.updated_time.getTime() - a.updated_time.getTime();

/**
 * Applies one poll. A removal deletes a thread only from the folder it was removed from:
 * a thread moved between watched folders may already have been added to the other one.
 */
export function applyPoll(state: InboxState, poll: FolderPoll, folderCount: number, seq: number): InboxState {
  const byId = new Map(state.byId);
  for (const change of poll.changes) {
    if (change.type !== 'removed') byId.set(change.thread.id, change.thread);
    else if (byId.get(change.thread.id)?.folder === change.thread.folder) byId.delete(change.thread.id);
  }
  const seeded = poll.seeded && !state.seeded.has(poll.folder) ? new Set([...state.seeded, poll.folder]) : state.seeded;
  const ready = seeded.size === folderCount;
  const changed = poll.changes.length > 0 || ready !== state.ready;
  return {
    byId,
    threads: changed ? [...byId.values()].sort(newestFirst) : state.threads,
    seeded,
    ready,
    version: changed ? state.version + 1 : state.version,
    poll,
    seq,
  };
}
