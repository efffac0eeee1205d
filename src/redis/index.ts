/**
 * `rx-graph-conversations/redis`: Redis adapters for running `watchPages` and
 * `throttleByUsage` in several worker processes that share one app's quota. Bring your
 * own `ioredis` client (an optional peer dependency); nothing here opens connections.
 *
 * @packageDocumentation
 */
export type { RedisClient } from './client';
export { redisPageSnapshotStore, type RedisSnapshotStoreOptions } from './snapshotStore';
export { redisPageLeases, type RedisLeasesOptions } from './leases';
export { redisUsageThrottle, type RedisUsageThrottle, type RedisUsageThrottleOptions } from './throttle';
