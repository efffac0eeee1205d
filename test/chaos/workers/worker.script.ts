// One polling worker process of the workers chaos test: prints one NDJSON line per event.
import { Redis } from 'ioredis';
import { conversations$, retryOnRateLimit } from '../../../src/index';
import { pollWorkers } from '../../../src/workers/index';
import { childEnv } from './childEnv';

const env = childEnv('worker');
const name = env('NAME');
const write = (line: object) => process.stdout.write(`${JSON.stringify({ w: name, ...line })}\n`);
// Every command may meet a dropped reply (through the proxy): ioredis reconnects and sends again.
const redis = new Redis({ host: '127.0.0.1', port: Number(env('REDIS_PORT')), maxRetriesPerRequest: null, retryStrategy: () => 20 });
const retry = retryOnRateLimit({ maxRetries: 30, baseDelayMs: 2, maxDelayMs: 20, maxWaitMs: 1000 });

const subscription = pollWorkers(env('PAGES').split(','), {
  connection: redis,
  prefix: env('PREFIX'),
  intervalMs: Number(env('INTERVAL_MS')),
  concurrency: 3,
  fullScanEvery: 2,
  lockDurationMs: Number(env('LOCK_MS')),
  stalledIntervalMs: Number(env('STALL_MS')),
  rateLimitMs: 50,
  source: (pageId) => conversations$(pageId, { accessToken: env('TOKEN'), graphUrl: env('GRAPH_URL'), limit: 25, timeoutMs: 300, maxRestarts: 40, perPage: retry }),
}).subscribe({
  next: (event) => {
    if (event.type === 'polled') write({ ev: 'polled', pageId: event.pageId, result: event.result, version: event.version, changes: event.changes });
    else if (event.type === 'failed') write({ ev: 'failed', pageId: event.pageId, error: String(event.error).slice(0, 200) });
    else if (event.type === 'worker-error') write({ ev: 'worker-error', error: String(event.error).slice(0, 200) });
    else write({ ev: event.type });
  },
  error: (error: unknown) => {
    write({ ev: 'error', error: String(error) });
    process.exit(1);
  },
});

process.on('SIGTERM', () => {
  subscription.unsubscribe();
  // The worker closes after its polls in flight; then the process ends.
  setTimeout(() => process.exit(0), 1500).unref();
});
