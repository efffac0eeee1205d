import type { PollSnapshot } from '../polling/snapshot';
import type { PageSnapshotStore } from '../polling/pageStore';
import { DEFAULT_PREFIX, run, type RedisClient } from './client';
import { COMPARE_AND_SET } from './scripts';

/**
 * Options of {@link redisPageSnapshotStore}.
 *
 * @example
 * ```ts
 * const options: RedisSnapshotStoreOptions = { prefix: 'inbox-watch:' };
 * ```
 */
export interface RedisSnapshotStoreOptions {
  /** Prefix of every key; default `rxgc:`. A Page's snapshot lives in the hash `{prefix}snapshot:{pageId}`. */
  readonly prefix?: string;
}

/**
 * A {@link PageSnapshotStore} in Redis, shared by every worker: one hash per Page with
 * `version` and `snapshot` (the `PollSnapshot` as JSON). `compareAndSet` is one Lua
 * script, so checking the version and saving are atomic: of two processes that polled a
 * Page from the same version, exactly one saves. Snapshots survive restarts (and of
 * Redis, if Redis persists). The polling workers of `rx-graph-conversations/workers` read
 * these hashes with it, and write them together with their changes.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { redisPageSnapshotStore } from 'rx-graph-conversations/redis';
 * const store = redisPageSnapshotStore(new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'));
 * conversations$('1001', { accessToken }).pipe(pollDiff({ intervalMs: 30_000, store: snapshotStoreFor(store, '1001') })).subscribe(console.log);
 * ```
 *
 * @param client - an ioredis client.
 * @param options - `prefix` of the keys.
 * @returns the store.
 */
export function redisPageSnapshotStore(client: RedisClient, options: RedisSnapshotStoreOptions = {}): PageSnapshotStore {
  const key = (pageId: string) => `${options.prefix ?? DEFAULT_PREFIX}snapshot:${pageId}`;
  return {
    load: async (pageId) => {
      const [version, json] = await client.hmget(key(pageId), 'version', 'snapshot');
      if (version === null || version === undefined || json === null || json === undefined) return undefined;
      return { version: Number(version), snapshot: JSON.parse(json) as PollSnapshot };
    },
    compareAndSet: async (pageId, expectedVersion, next) => (await run(client, COMPARE_AND_SET, [key(pageId)], [expectedVersion, JSON.stringify(next)])) === 1,
  };
}
