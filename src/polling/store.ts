/**
 * Where `pollDiff` keeps its snapshot between runs: a minimal, async-capable interface
 * and an in-memory implementation.
 */
import type { PollSnapshot } from './snapshot';

/**
 * Loads and saves a {@link PollSnapshot}. Either method may answer synchronously or with
 * a Promise. `pollDiff` loads once on subscribe and saves after every poll, waiting for
 * the save before it schedules the next poll. An error with `retryable: true` from `save`
 * is handed to `onPollError` and the loop goes on; any other error ends the stream.
 *
 * @example
 * ```ts
 * import { readFile, writeFile } from 'node:fs/promises';
 * const fileStore: SnapshotStore = {
 *   load: () => readFile('snapshot.json', 'utf8').then((text) => JSON.parse(text) as PollSnapshot, () => undefined),
 *   save: (snapshot) => writeFile('snapshot.json', JSON.stringify(snapshot)),
 * };
 * ```
 */
export interface SnapshotStore {
  /** The saved snapshot, or `undefined` when there is none yet (the first poll is then a full scan). */
  load(): PollSnapshot | undefined | Promise<PollSnapshot | undefined>;
  /** Replaces the saved snapshot. */
  save(snapshot: PollSnapshot): void | Promise<void>;
}

/**
 * A {@link SnapshotStore} in memory, for tests and single-process apps. It keeps a JSON
 * copy, like a real store would, so it fails as early as one on a value that does not
 * serialise; `current` shows what it holds.
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
  const copy = (snapshot: PollSnapshot): PollSnapshot => JSON.parse(JSON.stringify(snapshot)) as PollSnapshot;
  let held = initial === undefined ? undefined : copy(initial);
  return {
    get current() {
      return held;
    },
    load: () => held,
    save: (snapshot) => {
      held = copy(snapshot);
    },
  };
}
