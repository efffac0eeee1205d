/**
 * The snapshot `pollDiff` diffs against: a plain JSON value (model), and the pure
 * helpers that read and build it. No I/O, no RxJS.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { InvalidInputError } from '../errors/invalidInputError';
import { showInput } from '../errors/showInput';

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * What `pollDiff` remembers of one thread: when it last changed and, for streams tagged
 * by `mergeFolders`, which folder it was in.
 *
 * @example
 * ```ts
 * const entry: SnapshotEntry = { updated_time: '2024-03-01T12:30:05.000Z', folder: 'inbox' };
 * ```
 */
export interface SnapshotEntry {
  /** ISO-8601 time of the thread's last change (`Date.prototype.toISOString()`). */
  readonly updated_time: string;
  /** The folder the thread was seen in; absent when the stream is not tagged. */
  readonly folder?: string;
}

/**
 * The state of a `pollDiff` loop, as a plain JSON-serialisable value: save it (or let a
 * {@link SnapshotStore} save it) and give it back after a restart so nothing is
 * emitted twice. `JSON.parse(JSON.stringify(snapshot))` is an equal, usable snapshot.
 *
 * @example
 * ```ts
 * const saved: PollSnapshot = { version: 1, polls: 12, threads: { t_1: { updated_time: '2024-03-01T12:30:05.000Z' } } };
 * conversations$(pageId, opts).pipe(pollDiff({ intervalMs: 30_000, snapshot: saved }));
 * ```
 */
export interface PollSnapshot {
  /** Format version; only 1 exists. */
  readonly version: 1;
  /** Polls completed so far: the number of the next poll (full scans fall on multiples of `fullScanEvery`). */
  readonly polls: number;
  /** Every known thread, by id. */
  readonly threads: Readonly<Record<string, SnapshotEntry>>;
  /**
   * Ids of `threads` the last full scan did not see and no walk has seen since: reported
   * `removed` if the next full scan misses them too. Absent when there are none.
   */
  readonly unconfirmed?: readonly string[];
  /**
   * Ids of `threads` whose entry comes from a poll that did not complete (its changes were
   * emitted): a restart diffs against them, so it does not emit them again, but its quick
   * poll does not stop at them, so it still finds what that poll never reached. Absent
   * when there are none.
   */
  readonly uncommitted?: readonly string[];
}

/**
 * The shape `pollDiff` works with: a thread's `id`, `updated_time` and, when the stream
 * is tagged by folder, `folder`. `Thread` fits, and so does any richer type.
 *
 * @example
 * ```ts
 * const thread: PollableThread = { id: 't_1', updated_time: new Date('2024-03-01T12:30:05Z'), folder: 'inbox' };
 * ```
 */
export interface PollableThread {
  readonly id: string;
  readonly updated_time: Date;
  readonly folder?: string;
}

/**
 * A thread that is gone, rebuilt from the snapshot: only what the snapshot kept.
 *
 * @example
 * ```ts
 * const gone: RemovedThread = { id: 't_1', updated_time: new Date('2024-03-01T12:30:05Z') };
 * ```
 */
export interface RemovedThread {
  readonly id: string;
  readonly updated_time: Date;
  readonly folder?: string;
}

// -------------------------------------------------------------------------------------
// constructors
// -------------------------------------------------------------------------------------

/** What the snapshot keeps of `thread`; `folder` only when the thread has one, so JSON round trips are equal. */
export function entryOf(thread: PollableThread): SnapshotEntry {
  const time = thread.updated_time.getTime();
  // toISOString throws a bare RangeError on an invalid Date; say which thread it was.
  if (!Number.isFinite(time)) throw new TypeError(`pollDiff: thread ${thread.id} has an invalid updated_time`);
  const updated_time = new Date(time).toISOString();
  return Object.freeze(thread.folder === undefined ? { updated_time } : { updated_time, folder: thread.folder });
}

/** The thread a `removed` change carries, rebuilt from its last entry. */
export function removedThread(id: string, entry: SnapshotEntry): RemovedThread {
  const updated_time = new Date(entry.updated_time);
  return entry.folder === undefined ? { id, updated_time } : { id, updated_time, folder: entry.folder };
}

/** The id lists a snapshot may carry besides its threads. */
export interface SnapshotMarks {
  readonly unconfirmed?: Iterable<string>;
  readonly uncommitted?: Iterable<string>;
}

/**
 * A frozen snapshot: users keep what `onSnapshot` hands them, and the loop goes on from
 * its own copy. Empty id lists are left out, so snapshots without marks stay as they were.
 */
export function makeSnapshot(polls: number, threads: Iterable<readonly [string, SnapshotEntry]>, marks: SnapshotMarks = {}): PollSnapshot {
  const unconfirmed = Object.freeze([...(marks.unconfirmed ?? [])]);
  const uncommitted = Object.freeze([...(marks.uncommitted ?? [])]);
  return Object.freeze({
    version: 1 as const,
    polls,
    threads: Object.freeze(Object.fromEntries(threads)),
    ...(unconfirmed.length > 0 ? { unconfirmed } : {}),
    ...(uncommitted.length > 0 ? { uncommitted } : {}),
  });
}

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

/** Whether `thread` is exactly what the entry remembers: same time (to the millisecond) and same folder. */
export function isUnchanged(entry: SnapshotEntry, thread: PollableThread): boolean {
  return Date.parse(entry.updated_time) === thread.updated_time.getTime() && entry.folder === thread.folder;
}

/** Poll `poll` walks everything when it falls on a multiple of `fullScanEvery`. */
export function isFullScanPoll(poll: number, fullScanEvery: number): boolean {
  return poll % fullScanEvery === 0;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A copy of one entry read from outside, or why it is not one. */
function readEntry(entry: unknown): Either<string, SnapshotEntry> {
  if (!isRecord(entry)) return left('is not an object');
  const { updated_time, folder } = entry;
  if (typeof updated_time !== 'string' || Number.isNaN(Date.parse(updated_time))) return left('has no valid ISO updated_time');
  if (folder === undefined) return right(Object.freeze({ updated_time }));
  if (typeof folder !== 'string') return left('has a folder that is not a string');
  return right(Object.freeze({ updated_time, folder }));
}

/**
 * Checks a snapshot that came from outside (the `snapshot` option, a store, a file) and
 * copies its entries, so later changes to the caller's object cannot reach the loop.
 */
export function checkSnapshot(option: string, value: unknown): Either<InvalidInputError, PollSnapshot> {
  const fail = (why: string) => left(new InvalidInputError(option, `expected a PollSnapshot { version: 1, polls, threads }, but ${why}`));
  if (!isRecord(value)) return fail(`got ${showInput(value)}`);
  if (value['version'] !== 1) return fail(`version is ${showInput(value['version'])}`);
  const polls = value['polls'];
  if (typeof polls !== 'number' || !Number.isSafeInteger(polls) || polls < 0) return fail(`polls is ${String(polls)}, not a whole number >= 0`);
  const threads = value['threads'];
  if (!isRecord(threads)) return fail('threads is not an object');
  const entries: Array<readonly [string, SnapshotEntry]> = [];
  for (const [id, entry] of Object.entries(threads)) {
    const read = readEntry(entry);
    if (read._tag === 'Left') return fail(`thread ${JSON.stringify(id)} ${read.left}`);
    entries.push([id, read.right]);
  }
  const unconfirmed = readIds(value['unconfirmed'], threads);
  if (unconfirmed._tag === 'Left') return fail(`unconfirmed ${unconfirmed.left}`);
  const uncommitted = readIds(value['uncommitted'], threads);
  if (uncommitted._tag === 'Left') return fail(`uncommitted ${uncommitted.left}`);
  return right(makeSnapshot(polls, entries, { unconfirmed: unconfirmed.right, uncommitted: uncommitted.right }));
}

/** An optional list of ids, each of which must be a thread of the snapshot (a mark on nothing means the file was edited or mixed up). */
function readIds(value: unknown, threads: Readonly<Record<string, unknown>>): Either<string, readonly string[]> {
  if (value === undefined) return right([]);
  if (!Array.isArray(value)) return left('is not a list of thread ids');
  const ids = new Set<string>();
  for (const id of value as readonly unknown[]) {
    if (typeof id !== 'string') return left('is not a list of thread ids');
    if (!Object.prototype.hasOwnProperty.call(threads, id)) return left(`lists ${JSON.stringify(id)}, which threads does not have`);
    ids.add(id);
  }
  return right([...ids]);
}
