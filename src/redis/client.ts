import type { Cluster, Redis } from 'ioredis';

/**
 * The Redis connection the adapters use: an `ioredis` client (`new Redis(url)`) or
 * cluster. Only `eval` is called, with every key of one call in the same hash slot.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * const redis: RedisClient = new Redis('redis://127.0.0.1:6379');
 * ```
 */
export type RedisClient = Redis | Cluster;

/** Key prefix option shared by the adapters. */
export const DEFAULT_PREFIX = 'rxgc:';

/** Runs a script; ioredis caches nothing here, Redis caches the compiled script by its SHA. */
export function run(client: RedisClient, script: string, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
  return client.eval(script, keys.length, ...keys, ...args);
}
