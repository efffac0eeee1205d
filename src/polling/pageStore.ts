/**
 * Per-Page snapshots with a version: the state the polling workers of
 * `rx-graph-conversations/workers` keep in Redis, and a `pollDiff` store that saves by
 * compare-and-set.
 */
import type { PollSnapshot } from './snapshot';
import { applySnapshotChange, type SnapshotStore } from './store';

/**
 * A Page's saved snapshot and its version: the number of successful
 * {@link PageSnapshotStore.compareAndSet} calls for that Page (0: never saved).
 *
 * @example
 * ```ts
 * const saved: VersionedSnapshot = { version: 3, snapshot: { version: 1, polls: 3, threads: {} } };
 * ```
 */
export interface VersionedSnapshot {
  /** How many times this Page's snapshot was saved. */
  readonly version: number;
  /** The snapshot, as `pollDiff` keeps it. */
  readonly snapshot: PollSnapshot;
}

/**
 * One {@link PollSnapshot} per Page with a version, shared by every process that uses it.
 * `compareAndSet` saves `next` only if the Page's version is still `expectedVersion` (0
 * when nothing is saved yet), atomically, and answers whether it did, so two writers that
 * loaded the same version cannot both save. `memoryPageSnapshotStore()` is the in-process
 * implementation; `redisPageSnapshotStore` from `rx-graph-conversations/redis` the shared
 * one (the polling workers of `rx-graph-conversations/workers` keep their snapshots in the
 * same hashes, and save them together with their changes).
 *
 * @example
 * ```ts
 * const store: PageSnapshotStore = memoryPageSnapshotStore();
 * const saved = await store.load('1001'); // undefined: never polled
 * await store.compareAndSet('1001', saved?.version ?? 0, { version: 1, polls: 1, threads: {} }); // true
 * ```
 */
export interface PageSnapshotStore {
  /** The Page's snapshot and version, or `undefined` when none was saved. */
  load(pageId: string): Promise<VersionedSnapshot | undefined>;
  /** Saves `next` as version `expectedVersion + 1` if the saved version is `expectedVersion`; resolves whether it did. */
  compareAndSet(pageId: string, expectedVersion: number, next: PollSnapshot): Promise<boolean>;
}

/**
 * A {@link PageSnapshotStore} in memory, for tests and one process. It keeps JSON copies,
 * like a real store.
 *
 * @example
 * ```ts
 * const pages = memoryPageSnapshotStore();
 * conversations$('1001', opts).pipe(pollDiff({ intervalMs: 30_000, store: snapshotStoreFor(pages, '1001') })).subscribe(console.log);
 * ```
 *
 * @returns an empty store.
 */
export function memoryPageSnapshotStore(): PageSnapshotStore {
  const held = new Map<string, { version: number; json: string }>();
  return {
    load: (pageId) => {
      const saved = held.get(pageId);
      return Promise.resolve(saved === undefined ? undefined : { version: saved.version, snapshot: JSON.parse(saved.json) as PollSnapshot });
    },
    compareAndSet: (pageId, expectedVersion, next) => {
      const version = held.get(pageId)?.version ?? 0;
      if (version !== expectedVersion) return Promise.resolve(false);
      held.set(pageId, { version: version + 1, json: JSON.stringify(next) });
      return Promise.resolve(true);
    },
  };
}

/**
 * The `pollDiff` {@link SnapshotStore} of one Page kept in a {@link PageSnapshotStore}, e.g.
 * `redisPageSnapshotStore`, so a single `pollDiff` loop survives restarts with its state in
 * Redis. Every save is a compare-and-set against the version it loaded or last saved:
 * if another process saved the Page's snapshot meanwhile, `save` fails with an error
 * (not retryable, so the loop ends) rather than overwrite it. For several workers, use
 * `pollWorkers` from `rx-graph-conversations/workers`.
 *
 * @example
 * ```ts
 * const store = snapshotStoreFor(redisPageSnapshotStore(redis), '1001');
 * conversations$('1001', opts).pipe(pollDiff({ intervalMs: 30_000, store })).subscribe(console.log);
 * ```
 *
 * @param pages - where the snapshots are.
 * @param pageId - the Page whose snapshot this is.
 * @returns a store for `pollDiff({ store })`.
 */
export function snapshotStoreFor(pages: PageSnapshotStore, pageId: string): SnapshotStore {
  let version = 0;
  // The Page's snapshot is one document set by compare-and-set: each change is applied to
  // the last one loaded or saved (O(N) per save, as writing the document is anyway).
  let held: PollSnapshot | undefined;
  return {
    load: async () => {
      const saved = await pages.load(pageId);
      version = saved?.version ?? 0;
      held = saved?.snapshot;
      return held;
    },
    save: async (change) => {
      const next = applySnapshotChange(held, change);
      if (!(await pages.compareAndSet(pageId, version, next))) {
        throw new Error(`snapshotStoreFor: the snapshot of Page ${pageId} was saved by someone else since version ${version}; not overwriting it`);
      }
      version += 1;
      held = next;
    },
  };
}
