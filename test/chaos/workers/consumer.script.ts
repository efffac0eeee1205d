// One consumer process of the workers chaos test: prints one NDJSON line per change it
// handled, before the change is acked (stdout to a pipe is synchronous on Linux).
import { Redis } from 'ioredis';
import { changes$ } from '../../../src/workers/index';
import { childEnv } from './childEnv';

const env = childEnv('consumer');
const name = env('NAME');
const write = (line: object) => process.stdout.write(`${JSON.stringify({ c: name, ...line })}\n`);
const redis = new Redis({ host: '127.0.0.1', port: Number(env('REDIS_PORT')), maxRetriesPerRequest: null, retryStrategy: () => 20 });

const subscription = changes$(redis, { group: 'chaos', consumer: name, prefix: env('PREFIX'), blockMs: 100, claimIdleMs: Number(env('CLAIM_IDLE_MS')), batchSize: 20 }).subscribe({
  next: ({ id, entryId, pageId, change }) =>
    write({ ev: 'change', id, entryId, pageId, type: change.type, thread: change.thread.id, time: change.thread.updated_time.toISOString() }),
  error: (error: unknown) => {
    write({ ev: 'error', error: String(error) });
    process.exit(1);
  },
});
write({ ev: 'ready' });

process.on('SIGTERM', () => {
  subscription.unsubscribe();
  void redis.quit().finally(() => process.exit(0));
});
