/**
 * 10,000 subscribe/unsubscribe cycles against the emulator, in a process of its own
 * (`node --expose-gc --import tsx`), printing heap and active-resource figures as JSON.
 * Three kinds of cycle: unsubscribe at once (before any request), leave a request in
 * flight (the server sees it aborted), and stop after the first thread (take(1), a
 * completed request). The heap is measured after a forced GC, after a warm-up and at the end.
 */
import { take } from 'rxjs';
import { conversations$, retryOnRateLimit } from '../../src/index';
import { startEmulator } from '../../src/testing/index';

const CYCLES = Number(process.env['CYCLES'] ?? 10_000);
const WARMUP = Math.min(1_000, Math.floor(CYCLES / 10));

declare const gc: () => void;

function resourceCounts(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) out[type] = (out[type] ?? 0) + 1;
  return out;
}

async function settleDown(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
  gc();
  gc();
}

async function main(): Promise<void> {
  const emulator = await startEmulator();
  const opts = { accessToken: emulator.accessToken, graphUrl: emulator.url, limit: 2, timeoutMs: 5_000 };
  const walk = () => conversations$('1001', opts).pipe(retryOnRateLimit({ baseDelayMs: 1, maxDelayMs: 2 }));
  const sample = async () => {
    await settleDown();
    return { heapUsed: process.memoryUsage().heapUsed, resources: resourceCounts() };
  };

  let inFlight = 0;
  let completed = 0;
  let immediate = 0;
  let warm: Awaited<ReturnType<typeof sample>> | undefined;
  const started = Date.now();
  for (let i = 0; i < CYCLES; i += 1) {
    if (i === WARMUP) warm = await sample();
    if (i % 100 === 0) emulator.clearRequests();
    const kind = i % 10;
    if (kind === 0) {
      // A request in flight, abandoned: the server must see it aborted.
      emulator.inject({ kind: 'hang' });
      const arrived = emulator.nextRequest();
      const subscription = walk().subscribe({ error: () => undefined });
      const request = await arrived;
      subscription.unsubscribe();
      const settled = await emulator.settled(request);
      if (settled.state !== 'aborted') throw new Error(`cycle ${i}: request ended ${settled.state}, not aborted`);
      inFlight += 1;
    } else if (kind === 1) {
      await new Promise<void>((resolve, reject) => walk().pipe(take(1)).subscribe({ complete: resolve, error: reject }));
      completed += 1;
    } else {
      walk().subscribe().unsubscribe();
      immediate += 1;
    }
  }
  const end = await sample();
  await emulator.close();
  await settleDown();
  const closed = resourceCounts();
  process.stdout.write(`${JSON.stringify({ cycles: CYCLES, inFlight, completed, immediate, ms: Date.now() - started, warm, end, closed })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
