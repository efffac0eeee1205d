// One watchPages worker process for the multi-worker test: prints one NDJSON line per change.
import { Redis } from 'ioredis';
import { conversations$, throttleByUsage, watchPages } from '../../src/index';
import { redisPageLeases, redisPageSnapshotStore, redisUsageThrottle } from '../../src/redis/index';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`worker: ${name} is not set`);
  return value;
};
const worker = env('WORKER');
const redis = new Redis({ host: '127.0.0.1', port: Number(env('REDIS_PORT')), maxRetriesPerRequest: 2 });
const throttle = redisUsageThrottle(redis, { maxRequests: Number(env('CAP')), windowMs: Number(env('WINDOW_MS')), prefix: env('PREFIX') });
const write = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

const subscription = watchPages(env('PAGES').split(','), {
  intervalMs: Number(env('INTERVAL_MS')),
  leaseMs: Number(env('LEASE_MS')),
  concurrency: 4,
  source: (pageId) => conversations$(pageId, { accessToken: env('TOKEN'), graphUrl: env('GRAPH_URL'), limit: 25, perPage: throttleByUsage({ throttle }) }),
  store: redisPageSnapshotStore(redis, { prefix: env('PREFIX') }),
  leases: redisPageLeases(redis, { workerId: worker, prefix: env('PREFIX') }),
  onPageError: (error, pageId) => write({ worker, error: String(error), pageId }),
}).subscribe(({ pageId, change }) => write({ worker, pageId, type: change.type, id: change.thread.id, at: change.thread.updated_time.getTime() }));
write({ worker, started: true });

process.on('SIGTERM', () => {
  subscription.unsubscribe();
  setTimeout(() => redis.quit().finally(() => process.exit(0)), 100);
});
