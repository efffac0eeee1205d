/**
 * Where `pollDiff` keeps its snapshot between runs: a minimal, async-capable interface
 * that receives each poll's changes (never the whole snapshot, so a quiet poll costs the
 * same at 10,000 threads as at a million), the pure function that applies them, and an
 * in-memory implementation.
 */
import { makeSnapshot, type PollSnapshot, type SnapshotEntry } from './snapshot';

/**
 * What changed in a `pollDiff` snapshot since the last successful save (or since the
 * load): apply it to what the store holds with {@link applySnapshotChange}. A quiet poll
 * hands over `polls` and empty lists.
 *
 * @example
 * ```ts
 * const change: SnapshotChange = { polls: 8, set: { t_1: { updated_time: '2024-03-01T12:30:05.000Z' } }, removed: [], uncommitted: [] };
 * ```
 */
export interface SnapshotChange {
  /** The snapshot's `polls` after this change. */
  readonly polls: number;
  /** Threads added or updated, by id, with their new entry. */
  readonly set: Readonly<Record<string, SnapshotEntry>>;
  /** Ids of threads that are gone. */
  readonly removed: readonly string[];
  /** The whole `unconfirmed` list when it changed (a full scan, a suspect seen again); absent when unchanged. */
  readonly unconfirmed?: readonly string[];
  /** The whole `uncommitted` list (the changes of a poll that did not complete: a few ids). */
  readonly uncommitted: readonly string[];
}

/**
 * Loads a {@link PollSnapshot} and records its changes. Either method may answer
 * synchronously or with a Promise. `pollDiff` loads once on subscribe and, after every
 * poll, hands `save` what changed since the last save that succeeded (a save that fails
 * is handed again, merged with what came after), waiting for it before it schedules the
 * next poll. An error with `retryable: true` from `save` is handed to `onPollError` and the
 * loop goes on; any other error ends the stream.
 *
 * A store that keeps the snapshot as one document applies the change with
 * {@link applySnapshotChange} (O(N) per save, as writing the document is anyway); a store
 * that keeps one record per thread (a Redis hash, a table) writes only `set` and
 * `removed`, so a quiet poll costs it next to nothing.
 *
 * @example
 * ```ts
 * import { readFile, writeFile } from 'node:fs/promises';
 * let held: PollSnapshot | undefined;
 * const fileStore: SnapshotStore = {
 *   load: async () => (held = await readFile('snapshot.json', 'utf8').then((text) => JSON.parse(text) as PollSnapshot, () => undefined)),
 *   save: (change) => writeFile('snapshot.json', JSON.stringify((held = applySnapshotChange(held, change)))),
 * };
 * ```
 */
export interface SnapshotStore {
  /** The saved snapshot, or `undefined` when there is none yet (the first poll is then a full scan). */
  load(): PollSnapshot | undefined | Promise<PollSnapshot | undefined>;
  /** Records what changed since the last save (or the load). */
  save(change: SnapshotChange): void | Promise<void>;
}

/** Ids of `ids` that `present` has, at most once each. */
function presentIds(ids: Iterable<string>, present: (id: string) => boolean): string[] {
  return [...new Set(ids)].filter(present);
}

/**
 * The snapshot after `change`: `snapshot` (or an empty one) with the threads set and
 * removed, the new `polls` and marks. Pure; O(N).
 *
 * @example
 * ```ts
 * const next = applySnapshotChange(undefined, { polls: 1, set: { t_1: { updated_time: '2024-03-01T12:30:05.000Z' } }, removed: [], uncommitted: [] });
 * // { version: 1, polls: 1, threads: { t_1: { updated_time: '2024-03-01T12:30:05.000Z' } } }
 * ```
 */
export function applySnapshotChange(snapshot: PollSnapshot | undefined, change: SnapshotChange): PollSnapshot {
  const threads = new Map(Object.entries(snapshot?.threads ?? {}));
  for (const id of change.removed) threads.delete(id);
  for (const [id, entry] of Object.entries(change.set)) threads.set(id, entry);
  const present = (id: string) => threads.has(id);
  return makeSnapshot(change.polls, threads, {
    unconfirmed: presentIds(change.unconfirmed ?? snapshot?.unconfirmed ?? [], present),
    uncommitted: presentIds(change.uncommitted, present),
  });
}

/**
 * A {@link SnapshotStore} in memory, for tests and single-process apps. It keeps one entry
 * per thread and applies each change in O(changes); it copies what it receives through
 * JSON, like a real store would, so it fails as early as one on a value that does not
 * serialise. `current` builds the whole snapshot it holds (O(N), on read).
 *
 * @example
 * ```ts
 * const store = memorySnapshotStore();
 * conversations$(pageId, opts).pipe(pollDiff({ intervalMs: 30_000, store })).subscribe(console.log);
 * // later: store.current?.polls
 * ```
 *
 * @param initial - the snapshot to start from, if any.
 * @returns the store, with a read-only view of what it holds.
 */
export function memorySnapshotStore(initial?: PollSnapshot): SnapshotStore & { readonly current: PollSnapshot | undefined } {
  const copy = <A>(value: A): A => JSON.parse(JSON.stringify(value)) as A;
  const start = initial === undefined ? undefined : copy(initial);
  let held = start !== undefined;
  let polls = start?.polls ?? 0;
  const threads = new Map(Object.entries(start?.threads ?? {}));
  let unconfirmed: readonly string[] = start?.unconfirmed ?? [];
  let uncommitted: readonly string[] = start?.uncommitted ?? [];
  const current = () => {
    if (!held) return undefined;
    const present = (id: string) => threads.has(id);
    return makeSnapshot(polls, threads, { unconfirmed: presentIds(unconfirmed, present), uncommitted: presentIds(uncommitted, present) });
  };
  return {
    get current() {
      return current();
    },
    load: current,
    save: (received) => {
      const change = copy(received);
      for (const id of change.removed) threads.delete(id);
      for (const [id, entry] of Object.entries(change.set)) threads.set(id, entry);
      polls = change.polls;
      if (change.unconfirmed !== undefined) unconfirmed = change.unconfirmed;
      uncommitted = change.uncommitted;
      held = true;
    },
  };
}
