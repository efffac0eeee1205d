/**
 * `rx-graph-conversations/redis`: Redis adapters for processes that share one app's
 * quota (`redisUsageThrottle`) and Page snapshots (`redisPageSnapshotStore`). Bring your
 * own `ioredis` client (an optional peer dependency); nothing here opens connections.
 * The polling workers and the change stream are on `rx-graph-conversations/workers`.
 *
 * @module rx-graph-conversations/redis
 */
export type { RedisClient } from './client';
export { redisPageSnapshotStore, type RedisSnapshotStoreOptions } from './snapshotStore';
export { redisUsageThrottle, type RedisUsageThrottle, type RedisUsageThrottleOptions } from './throttle';
