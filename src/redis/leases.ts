import type { PageLeases } from '../operators/watchPages/leases';
import { DEFAULT_PREFIX, run, type RedisClient } from './client';
import { ACQUIRE, HEARTBEAT, RELEASE } from './scripts';

/**
 * Options of {@link redisPageLeases}.
 *
 * @example
 * ```ts
 * import { hostname } from 'node:os';
 *
 * const options: RedisLeasesOptions = { workerId: `${hostname()}:${process.pid}`, prefix: 'inbox-watch:' };
 * ```
 */
export interface RedisLeasesOptions {
  /** This worker's id, unique among the workers; default `{pid}-{random}`. */
  readonly workerId?: string;
  /** Prefix of every key; default `rxgc:`. Leases are `{prefix}lease:{pageId}`, the registry `{prefix}workers`. */
  readonly prefix?: string;
}

/**
 * {@link PageLeases} in Redis. A lease is a key holding the worker id with a TTL
 * (`SET NX PX`, renewed by a script only by its holder, released only by its holder); the
 * registry is a sorted set of worker ids scored by the expiry of their heartbeat, pruned
 * on every heartbeat. Expiry is Redis's: a worker that dies (even by SIGKILL) loses its
 * leases and its registration `ttlMs` later, and the others take its Pages over.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { redisPageLeases } from 'rx-graph-conversations/redis';
 * const leases = redisPageLeases(new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'), { workerId: `worker-${process.pid}` });
 * watchPages(['1001', '1002'], { intervalMs: 30_000, source: (pageId) => conversations$(pageId, { accessToken }), leases }).subscribe(console.log);
 * ```
 *
 * @param client - an ioredis client.
 * @param options - `workerId` and key `prefix`.
 * @returns this worker's leases.
 */
export function redisPageLeases(client: RedisClient, options: RedisLeasesOptions = {}): PageLeases {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const workerId = options.workerId ?? `${typeof process === 'object' ? process.pid : 0}-${Math.random().toString(36).slice(2, 10)}`;
  const lease = (pageId: string) => `${prefix}lease:${pageId}`;
  const workers = `${prefix}workers`;
  return {
    workerId,
    heartbeat: async (ttlMs) => Number(await run(client, HEARTBEAT, [workers], [workerId, Math.ceil(ttlMs)])),
    acquire: async (pageId, ttlMs) => (await run(client, ACQUIRE, [lease(pageId)], [workerId, Math.ceil(ttlMs)])) === 1,
    release: async (pageId) => {
      await run(client, RELEASE, [lease(pageId)], [workerId]);
    },
    leave: async () => {
      await client.zrem(workers, workerId);
    },
  };
}
