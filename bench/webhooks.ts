/**
 * Webhooks + reconciliation next to plain polling: how long a new message takes to reach
 * the subscriber, and how many requests each change costs.
 *
 * - webhooks: measured end to end on the emulator (in this process, so the receiver and
 *   the emulator share the CPU): the emulator posts a signed webhook per message, the
 *   receiver triggers `pollDiff`, one quick poll finds the change. Latency is from the
 *   webhook's POST to the change at the subscriber. Requests are counted on the emulator.
 * - polling at 2 s and 30 s: a message arrives at a uniformly random moment of the
 *   interval and is found by the next poll, so its latency is the rest of the interval
 *   (drawn with a seeded generator) plus a measured quick poll of the same inbox; each
 *   poll is one request whether anything changed or not.
 *
 * Requests per change assume an inbox with one new message a minute (`changesPerMinute`),
 * and count the 5-minute reconciliation for webhooks.
 */
import { Subject } from 'rxjs';
import { conversations$, pollDiff, type Thread, type ThreadChange } from '../src/index';
import { startEmulator } from '../src/testing/index';
import { mulberry32 } from '../src/testing/emulator/random';
import { forPage, webhookReceiver } from '../src/webhooks/index';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { quantile, round } from './stats';

export interface WebhooksConfig {
  /** Messages sent one at a time, each measured. */
  readonly changes: number;
  /** Threads in the inbox. */
  readonly threads: number;
  /** Rate of new messages the requests per change are computed for. */
  readonly changesPerMinute: number;
}

export interface WebhooksRow {
  readonly mode: string;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requestsPerChange: number;
  readonly how: 'measured' | 'modelled';
}

const PAGE = '1001';
const APP_SECRET = 'bench-app-secret';
const VERIFY_TOKEN = 'bench-verify-token';
const RECONCILE_MS = 300_000;

const percentiles = (samples: readonly number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50Ms: round(quantile(sorted, 0.5), 1), p99Ms: round(quantile(sorted, 0.99), 1) };
};

export async function runWebhooks(config: WebhooksConfig): Promise<WebhooksRow[]> {
  const receiver = webhookReceiver({ appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN });
  const server = createServer(receiver.handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const callback = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
  const emulator = await startEmulator({ pages: [{ id: PAGE, name: 'Bench Page', threads: { MESSENGER: { inbox: config.threads } } }], webhook: { url: callback, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN } });
  const arrivals = new Subject<ThreadChange<Thread>>();
  let polled = (): void => undefined;
  const seeded = new Promise<void>((resolve) => (polled = resolve));
  const subscription = conversations$(PAGE, { accessToken: emulator.accessToken, graphUrl: emulator.url, folder: 'inbox', limit: 25 })
    .pipe(pollDiff({ intervalMs: RECONCILE_MS, emitInitial: false, triggerGapMs: 0, trigger: receiver.events$.pipe(forPage(PAGE)), onSnapshot: () => polled() }))
    .subscribe(arrivals);
  try {
    await seeded;
    const threads = emulator.threads(PAGE, { folder: 'inbox' });
    const latencies: number[] = [];
    const quickPolls: number[] = [];
    emulator.clearRequests();
    for (let i = 0; i < config.changes; i += 1) {
      const target = threads[(i * 7919) % threads.length];
      if (target === undefined) break;
      const arrived = new Promise<number>((resolve) => {
        const sub = arrivals.subscribe((change) => {
          if (change.thread.id !== target.id) return;
          sub.unsubscribe();
          resolve(performance.now());
        });
      });
      emulator.addMessage(PAGE, target.id, { text: `bench ${i}` });
      const at = await arrived;
      const posted = emulator.webhooks?.deliveries.at(-1)?.firstPostedAt;
      if (posted !== undefined) latencies.push(at - posted);
      const last = emulator.requests.at(-1);
      if (last !== undefined) await emulator.settled(last);
    }
    const requests = emulator.requests.filter((r) => r.path.endsWith('/conversations')).length;
    // A quick poll of the quiet inbox, measured the same way, for the polling rows.
    for (let i = 0; i < Math.max(20, config.changes); i += 1) {
      const start = performance.now();
      await new Promise<void>((resolve, reject) => {
        const sub = conversations$(PAGE, { accessToken: emulator.accessToken, graphUrl: emulator.url, folder: 'inbox', limit: 25 }).subscribe({
          next: () => {
            sub.unsubscribe(); // a quick poll stops at the first known thread
            resolve();
          },
          error: reject,
        });
      });
      quickPolls.push(performance.now() - start);
    }
    const perMinuteReconcile = 60_000 / RECONCILE_MS;
    const rows: WebhooksRow[] = [
      { mode: 'webhooks + 5 min reconciliation', ...percentiles(latencies), requestsPerChange: round(requests / latencies.length + perMinuteReconcile / config.changesPerMinute, 2), how: 'measured' },
    ];
    rows.push({ mode: 'one quick poll (for reference)', ...percentiles(quickPolls), requestsPerChange: 1, how: 'measured' });
    const random = mulberry32(18);
    for (const intervalMs of [2_000, 30_000]) {
      const samples = quickPolls.flatMap((pollMs) => Array.from({ length: 50 }, () => random() * intervalMs + pollMs));
      rows.push({ mode: `polling every ${intervalMs / 1000} s`, ...percentiles(samples), requestsPerChange: round(60_000 / intervalMs / config.changesPerMinute, 2), how: 'modelled' });
    }
    return rows;
  } finally {
    subscription.unsubscribe();
    await emulator.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export function formatWebhooks(rows: readonly WebhooksRow[], config: WebhooksConfig): string {
  const lines = rows.map(
    (row) => `  ${row.mode.padEnd(34)} p50 ${String(row.p50Ms).padStart(8)} ms  p99 ${String(row.p99Ms).padStart(8)} ms  ${String(row.requestsPerChange).padStart(6)} requests/change (${row.how})`,
  );
  return [`Webhooks vs polling (${config.changes} messages, ${config.threads} threads, requests at ${config.changesPerMinute} message/min):`, ...lines].join('\n');
}

// `node --import tsx bench/webhooks.ts` runs it alone (not when bundled into the bench run).
if (process.argv[1]?.endsWith('webhooks.ts') === true && import.meta.url === `file://${process.argv[1]}`) {
  const config = { changes: 50, threads: 1000, changesPerMinute: 1 };
  runWebhooks(config).then(
    (rows) => console.log(formatWebhooks(rows, config)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
