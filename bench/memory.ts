/**
 * 4. Memory: a large inbox through `conversations$`, once counting the threads as they
 * stream by, once collecting them into an array. Peak `heapUsed` growth over a baseline
 * taken after a full GC, sampled every few emitted threads and on a 5 ms timer; then the
 * live heap of a streaming walk (full GCs along the way), which excludes garbage.
 * Needs `node --expose-gc`.
 */
import { conversations$ } from '../src/index';
import { startRemoteEmulator } from './emulatorClient';
import { gc } from './stats';

export interface MemoryConfig {
  readonly threads: number;
  readonly limit: number;
}

export interface MemoryResult {
  readonly threads: number;
  readonly streamingMb: number;
  readonly collectingMb: number;
  /** Heap still held after the streaming walk and a GC (retention, should be ~0). */
  readonly streamingRetainedMb: number;
  /**
   * Live heap growth during a streaming walk: a separate walk that runs a full GC at every
   * tenth of the threads and keeps the largest growth over the baseline. Garbage is
   * excluded, so this is what the walk holds on to, and it should not grow with N.
   */
  readonly streamingLiveMb: number;
}

const PAGE_ID = '1001';
const SAMPLE_EVERY = 20;
const MB = 1024 * 1024;

/** Largest live-heap growth seen by full GCs at every tenth of the walk. */
async function liveGrowth(url: string, accessToken: string, limit: number, total: number): Promise<number> {
  gc();
  const baseline = process.memoryUsage().heapUsed;
  const every = Math.max(1, Math.floor(total / 10));
  let largest = 0;
  let count = 0;
  await new Promise<void>((resolve, reject) => {
    conversations$(PAGE_ID, { accessToken, graphUrl: url, limit }).subscribe({
      next: () => {
        count += 1;
        if (count % every !== 0) return;
        gc();
        largest = Math.max(largest, process.memoryUsage().heapUsed - baseline);
      },
      error: reject,
      complete: () => resolve(),
    });
  });
  return largest / MB;
}

async function peakGrowth(url: string, accessToken: string, limit: number, collect: boolean): Promise<{ count: number; peakMb: number; retainedMb: number }> {
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  const sample = () => {
    const used = process.memoryUsage().heapUsed;
    if (used > peak) peak = used;
  };
  const timer = setInterval(sample, 5);
  const kept: unknown[] = [];
  let count = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      conversations$(PAGE_ID, { accessToken, graphUrl: url, limit }).subscribe({
        next: (thread) => {
          count += 1;
          if (collect) kept.push(thread);
          if (count % SAMPLE_EVERY === 0) sample();
        },
        error: reject,
        complete: () => resolve(),
      });
    });
  } finally {
    clearInterval(timer);
  }
  sample();
  gc();
  const retained = process.memoryUsage().heapUsed - baseline;
  if (collect && kept.length !== count) throw new Error('memory: lost threads');
  return { count, peakMb: (peak - baseline) / MB, retainedMb: retained / MB };
}

export async function runMemory(config: MemoryConfig, log: (line: string) => void): Promise<MemoryResult> {
  const emulator = await startRemoteEmulator({ pages: [{ id: PAGE_ID, name: 'Bench Page', threads: { MESSENGER: { inbox: config.threads } } }], latencyMs: 0 });
  try {
    const { url, accessToken } = emulator;
    // Warm-up: code compiled, sockets open, before any baseline is taken.
    await peakGrowth(url, accessToken, config.limit, false);
    log('  memory warm-up done');
    const streaming = await peakGrowth(url, accessToken, config.limit, false);
    log('  memory streaming done');
    const collecting = await peakGrowth(url, accessToken, config.limit, true);
    log('  memory collecting done');
    const streamingLiveMb = await liveGrowth(url, accessToken, config.limit, config.threads);
    log('  memory live heap done');
    for (const run of [streaming, collecting]) {
      if (run.count !== config.threads) throw new Error(`memory: got ${run.count} threads, expected ${config.threads}`);
    }
    return { threads: streaming.count, streamingMb: streaming.peakMb, collectingMb: collecting.peakMb, streamingRetainedMb: streaming.retainedMb, streamingLiveMb };
  } finally {
    await emulator.close();
  }
}
