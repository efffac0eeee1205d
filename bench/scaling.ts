/**
 * Scaling of `watchPages` across workers that share one budget in Redis: for 1 to 4
 * workers, the most Pages they keep polling at the full rate (one quiet poll per Page
 * every `intervalMs`) before the shared budget binds. Workers run in this process, each
 * with its own Redis connection, leases and throttle client (coordination only goes
 * through Redis, as between processes). Needs Debian's redis-server.
 *
 * Alone: `node --import tsx bench/scaling.ts [--quick]`. From bench/run.ts:
 * `const rows = await runScaling(quick ? SCALING_QUICK : SCALING_FULL)`, then `formatScaling(rows)`.
 */
import { fileURLToPath } from 'node:url';
import { Subscription } from 'rxjs';
import { conversations$, throttleByUsage, watchPages } from '../src/index';
import { redisPageLeases, redisPageSnapshotStore, redisUsageThrottle } from '../src/redis/index';
import { startEmulator, type PageSpec } from '../src/testing/index';
import { startRedis } from '../test/redis/redisServer';

export interface ScalingOptions {
  /** Worker counts to measure. */
  readonly workers: readonly number[];
  /** Page counts to try, ascending. */
  readonly pages: readonly number[];
  /** Poll interval per Page, ms. */
  readonly intervalMs: number;
  /** The shared budget: requests per window. */
  readonly budget: { readonly maxRequests: number; readonly windowMs: number };
  /** Emulator latency per response, ms. */
  readonly latencyMs: number;
  /** Polls at once per worker. */
  readonly concurrency: number;
  /** Measuring time per point, after a warm-up of one interval. */
  readonly measureMs: number;
}

export const SCALING_QUICK: ScalingOptions = {
  workers: [1, 2, 4],
  pages: [10, 20, 40, 60, 80],
  intervalMs: 1000,
  budget: { maxRequests: 50, windowMs: 1000 },
  latencyMs: 20,
  concurrency: 4,
  measureMs: 2000,
};
export const SCALING_FULL: ScalingOptions = { ...SCALING_QUICK, workers: [1, 2, 3, 4], pages: [10, 20, 30, 40, 45, 50, 55, 60, 80], measureMs: 4000 };

export interface ScalingRow {
  readonly workers: number;
  /** Most Pages polled at >= 90% of the full rate. */
  readonly pagesTotal: number;
  readonly pagesPerWorker: number;
  /** Requests per second at that point, all workers together. */
  readonly requestsPerSecond: number;
  /** The budget, in requests per second. */
  readonly budgetPerSecond: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runScaling(options: ScalingOptions): Promise<ScalingRow[]> {
  const redis = await startRedis();
  const most = Math.max(...options.pages);
  const specs: PageSpec[] = Array.from({ length: most }, (_, i) => ({ id: String(9000 + i), name: `Page ${i}`, threads: { MESSENGER: { inbox: 2 } } }));
  const emulator = await startEmulator({ pages: specs, latencyMs: options.latencyMs });
  const rows: ScalingRow[] = [];
  let run = 0;
  try {
    for (const workers of options.workers) {
      let best = { pages: 0, rate: 0 };
      for (const count of options.pages) {
        run += 1;
        const prefix = `bench${run}:`; // fresh leases, snapshots and budget per point
        const ids = specs.slice(0, count).map((p) => p.id);
        const subscriptions = new Subscription();
        for (let w = 0; w < workers; w += 1) {
          const client = redis.client();
          const throttle = redisUsageThrottle(client, { ...options.budget, prefix });
          subscriptions.add(
            watchPages(ids, {
              intervalMs: options.intervalMs,
              concurrency: options.concurrency,
              leaseMs: 600,
              emitInitial: false,
              source: (pageId) => conversations$(pageId, { accessToken: emulator.accessToken, graphUrl: emulator.url, perPage: throttleByUsage({ throttle }) }),
              store: redisPageSnapshotStore(client, { prefix }),
              leases: redisPageLeases(client, { workerId: `w${w}`, prefix }),
            }).subscribe(),
          );
        }
        await sleep(options.intervalMs + 600); // first scans and the first re-balance
        emulator.clearRequests();
        await sleep(options.measureMs);
        const rate = emulator.requests.length / (options.measureMs / 1000);
        subscriptions.unsubscribe();
        await sleep(100);
        // Full rate: one request per Page per (interval + one response).
        const full = count / ((options.intervalMs + options.latencyMs) / 1000);
        if (rate < 0.9 * full) break;
        best = { pages: count, rate };
      }
      rows.push({
        workers,
        pagesTotal: best.pages,
        pagesPerWorker: Math.round((best.pages / workers) * 10) / 10,
        requestsPerSecond: Math.round(best.rate * 10) / 10,
        budgetPerSecond: options.budget.maxRequests / (options.budget.windowMs / 1000),
      });
    }
  } finally {
    await emulator.close();
    await redis.stop();
  }
  return rows;
}

export function formatScaling(rows: readonly ScalingRow[], options: ScalingOptions): string {
  return rows
    .map((r) => `scaling: ${r.workers} worker(s), poll every ${options.intervalMs} ms: ${r.pagesTotal} Pages (${r.pagesPerWorker} per worker, ${r.requestsPerSecond} req/s) before the budget of ${r.budgetPerSecond} req/s binds`)
    .join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const options = process.argv.includes('--quick') ? SCALING_QUICK : SCALING_FULL;
  runScaling(options).then(
    (rows) => console.log(formatScaling(rows, options)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
