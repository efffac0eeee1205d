/**
 * Scaling of the polling workers (`rx-graph-conversations/workers`) at a fixed app budget:
 * for 1, 2 and 4 workers, the polls per second they complete together when there are more
 * Pages due than they can poll (each worker polls `concurrency` Pages at once against an
 * emulator that answers in `latencyMs`), and so how many Pages each keeps at the full
 * rate (one poll per `intervalMs`); then the delivery latency from an emulator mutation to
 * a consumer of the change stream (p50/p99). The budget is BullMQ's limiter: `budget.max`
 * polls per `budget.durationMs` across every worker. Workers run in this process, each on
 * its own Redis connections (they share nothing else, as between processes). Needs
 * Debian's redis-server.
 *
 * Alone: `node --import tsx bench/scaling.ts [--quick]`. From bench/run.ts:
 * `const rows = await runScaling(quick ? SCALING_QUICK : SCALING_FULL)`, then `formatScaling(rows, options)`.
 */
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { Subscription } from 'rxjs';
import { conversations$ } from '../src/index';
import { startEmulator, type PageSpec } from '../src/testing/index';
import { changes$, pollWorkers } from '../src/workers/index';
import { startRedis } from '../test/redis/redisServer';

export interface ScalingOptions {
  /** Worker counts to measure. */
  readonly workers: readonly number[];
  /** Pages watched: more than the workers can poll at `intervalMs`, so capacity or budget binds. */
  readonly pages: number;
  /** Poll interval per Page, ms. */
  readonly intervalMs: number;
  /** The app budget: polls per duration, all workers together (BullMQ limiter). */
  readonly budget: { readonly max: number; readonly durationMs: number };
  /** Emulator latency per response, ms. */
  readonly latencyMs: number;
  /** Polls at once per worker. */
  readonly concurrency: number;
  /** Measuring time per point, after a warm-up. */
  readonly measureMs: number;
  /** Mutations made during the latency measurement (one every 50 ms). */
  readonly mutations: number;
}

export const SCALING_QUICK: ScalingOptions = {
  workers: [1, 2, 4],
  pages: 60,
  intervalMs: 500,
  budget: { max: 60, durationMs: 1000 },
  latencyMs: 40,
  concurrency: 1,
  measureMs: 2500,
  mutations: 40,
};
export const SCALING_FULL: ScalingOptions = { ...SCALING_QUICK, workers: [1, 2, 3, 4], measureMs: 5000, mutations: 100 };

export interface ScalingRow {
  readonly workers: number;
  /** Pages kept at the full rate (one poll per interval) by all workers together: polls/s x interval. */
  readonly pagesTotal: number;
  readonly pagesPerWorker: number;
  /** Graph requests per second at that point, all workers together. */
  readonly requestsPerSecond: number;
  /** The budget, in polls per second. */
  readonly budgetPerSecond: number;
  /** Polls completed per second, all workers together. */
  readonly pollsPerSecond: number;
  /** Whether the budget bound (polls/s at >= 90% of it). */
  readonly budgetBinds: boolean;
  /** Emulator mutation to consumer, ms. */
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

export async function runScaling(options: ScalingOptions): Promise<ScalingRow[]> {
  const redis = await startRedis();
  const specs: PageSpec[] = Array.from({ length: options.pages }, (_, i) => ({ id: String(9000 + i), name: `Page ${i}`, threads: { MESSENGER: { inbox: 3 } } }));
  const emulator = await startEmulator({ pages: specs, latencyMs: options.latencyMs });
  const ids = specs.map((p) => p.id);
  const rows: ScalingRow[] = [];
  const connections: Redis[] = [];
  const connect = () => {
    const client = new Redis({ host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null });
    connections.push(client);
    return client;
  };
  try {
    for (const [run, workers] of options.workers.entries()) {
      const prefix = `bench${run}:`; // fresh queue, snapshots and stream per point
      const running = new Subscription();
      let polls = 0;
      const source = (pageId: string) => conversations$(pageId, { accessToken: emulator.accessToken, graphUrl: emulator.url, limit: 25 });
      for (let w = 0; w < workers; w += 1) {
        const events = pollWorkers(ids, { connection: connect(), source, intervalMs: options.intervalMs, prefix, concurrency: options.concurrency, limiter: options.budget, emitInitial: false });
        running.add(events.subscribe((event) => (polls += event.type === 'polled' ? 1 : 0)));
      }
      // Latency: when each mutated thread's change reaches the consumer.
      const mutatedAt = new Map<string, number>();
      const latencies: number[] = [];
      running.add(
        changes$(connect(), { group: 'bench', consumer: 'c1', prefix, startId: '$', blockMs: 100 }).subscribe(({ id }) => {
          const started = mutatedAt.get(id);
          if (started !== undefined) latencies.push(performance.now() - started);
        }),
      );
      await sleep(options.intervalMs * 2 + 500); // the first (silent) scans
      emulator.clearRequests();
      const before = polls;
      await sleep(options.measureMs);
      const pollsPerSecond = (polls - before) / (options.measureMs / 1000);
      const requestsPerSecond = emulator.requests.length / (options.measureMs / 1000);
      for (let m = 0; m < options.mutations; m += 1) {
        const pageId = ids[(m * 7) % ids.length] ?? '';
        const thread = emulator.addMessage(pageId, emulator.threads(pageId)[2]?.id ?? '');
        mutatedAt.set(`${pageId}:${thread.id}:${new Date(thread.updated_time.replace('+0000', 'Z')).toISOString()}:updated`, performance.now());
        await sleep(50);
      }
      await sleep(options.intervalMs * 4 + 1000); // the last mutations' polls
      running.unsubscribe();
      await sleep(200);
      const budgetPerSecond = options.budget.max / (options.budget.durationMs / 1000);
      const pagesTotal = Math.round(pollsPerSecond * (options.intervalMs / 1000));
      const sorted = [...latencies].sort((a, b) => a - b);
      rows.push({
        workers,
        pagesTotal,
        pagesPerWorker: Math.round((pagesTotal / workers) * 10) / 10,
        requestsPerSecond: Math.round(requestsPerSecond * 10) / 10,
        budgetPerSecond,
        pollsPerSecond: Math.round(pollsPerSecond * 10) / 10,
        budgetBinds: pollsPerSecond >= 0.9 * budgetPerSecond,
        latencyP50Ms: Math.round(percentile(sorted, 50)),
        latencyP99Ms: Math.round(percentile(sorted, 99)),
      });
    }
  } finally {
    for (const c of connections) c.disconnect();
    await emulator.close();
    await redis.stop();
  }
  return rows;
}

export function formatScaling(rows: readonly ScalingRow[], options: ScalingOptions): string {
  const lines = rows.map(
    (r) =>
      `scaling: ${r.workers} worker(s) x ${options.concurrency} at once, ${options.latencyMs} ms per response: ${r.pollsPerSecond} polls/s = ${r.pagesTotal} Pages at one poll per ${options.intervalMs} ms ` +
      `(${r.pagesPerWorker} per worker, ${r.requestsPerSecond} req/s); budget ${r.budgetPerSecond} polls/s ${r.budgetBinds ? 'BINDS' : 'not reached'}; ` +
      `mutation to consumer p50 ${r.latencyP50Ms} ms, p99 ${r.latencyP99Ms} ms`,
  );
  const one = rows[0];
  const perWorker = one === undefined ? 0 : one.pollsPerSecond / one.workers;
  for (const r of rows) {
    if (perWorker > 0) lines.push(`scaling: ${r.workers} worker(s): ${Math.round((r.pollsPerSecond / (perWorker * r.workers)) * 100)}% of linear${r.budgetBinds ? ' (the budget binds)' : ''}`);
  }
  const binds = rows.find((r) => r.budgetBinds);
  lines.push(binds === undefined ? 'scaling: the budget never bound over this range' : `scaling: the app budget of ${binds.budgetPerSecond} polls/s binds from ${binds.workers} worker(s) on`);
  return lines.join('\n');
}

// Run alone (`node --import tsx bench/scaling.ts`), not when bundled into the bench run.
if (process.argv[1]?.endsWith('scaling.ts') === true && process.argv[1] === fileURLToPath(import.meta.url)) {
  const options = process.argv.includes('--quick') ? SCALING_QUICK : SCALING_FULL;
  runScaling(options).then(
    (rows) => {
      console.log(formatScaling(rows, options));
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
