/**
 * 4. Memory, as live heap after a full GC (what is retained, not the garbage a peak of
 * `heapUsed` mostly shows). Needs `node --expose-gc`.
 *
 * - Walks through the emulator: a plain `conversations$`, the same with
 *   `retryOnRateLimit({ dedupe: true })` on the stream, `mergeFolders` over four folders,
 *   and `pollDiff`'s first poll (whose snapshot is O(N) by design). Each runs a full GC
 *   at every tenth of its threads and keeps the largest growth over its baseline.
 * - Dedupe state alone, per thread: N synthetic thread ids (made before the baseline,
 *   so the ids themselves are not counted) pushed through each dedupe, measured after
 *   the last one and a GC, while the subscription is still open.
 */
import { type Observable, Subject } from 'rxjs';
import { conversations$, FOLDERS, mergeFolders, pollDiff, retryOnRateLimit, type Folder, type SnapshotChange } from '../src/index';
import { consistentWalk } from '../src/conversations/consistentWalk';
import type { PageOf } from '../src/conversations/paginate';
import { asapScheduler, observeOn, of } from 'rxjs';
import { startRemoteEmulator } from './emulatorClient';
import { gc } from './stats';

export interface MemoryConfig {
  readonly threads: number;
  readonly limit: number;
  /** Synthetic ids for the dedupe measurement. */
  readonly dedupeThreads: number;
}

export interface Retained {
  readonly mb: number;
  readonly bytesPerThread: number;
}

export interface MemoryResult {
  readonly threads: number;
  readonly plain: Retained;
  readonly retryDedupe: Retained;
  readonly mergeFolders: Retained;
  readonly pollDiff: Retained;
  readonly dedupe: { readonly threads: number; readonly retryOnRateLimit: number; readonly mergeFolders: number; readonly consistentWalk: number };
}

const PAGE_ID = '1001';
const MB = 1024 * 1024;

/** Live JS heap plus ArrayBuffer backing stores (a KeySet's table lives there, outside heapUsed). */
const heap = () => {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
};

/** Largest live-heap growth seen by full GCs at every tenth of the walk. */
function liveGrowth(source: Observable<unknown>, total: number): Promise<Retained> {
  gc();
  const baseline = heap();
  const every = Math.max(1, Math.floor(total / 10));
  let largest = 0;
  let count = 0;
  return new Promise((resolve, reject) => {
    source.subscribe({
      next: () => {
        count += 1;
        if (count % every !== 0) return;
        gc();
        largest = Math.max(largest, heap() - baseline);
      },
      error: reject,
      complete: () => {
        if (count !== total) reject(new Error(`memory: got ${count} threads, expected ${total}`));
        else resolve({ mb: largest / MB, bytesPerThread: largest / total });
      },
    });
  });
}

/** Live heap held by pollDiff after its first poll (the snapshot of every thread), while it still runs. */
function pollRetained(source: Observable<{ id: string; updated_time: Date }>, total: number): Promise<Retained> {
  gc();
  const baseline = heap();
  return new Promise((resolve, reject) => {
    const subscription = source
      .pipe(
        pollDiff({
          intervalMs: 3_600_000,
          emitInitial: false,
          store: {
            load: () => undefined,
            save: (change: SnapshotChange) => {
              const held = Object.keys(change.set).length;
              setImmediate(() => {
                gc();
                const growth = heap() - baseline;
                subscription.unsubscribe();
                if (held !== total) reject(new Error(`memory: pollDiff saw ${held} threads, expected ${total}`));
                else resolve({ mb: growth / MB, bytesPerThread: growth / total });
              });
            },
          },
        }),
      )
      .subscribe({ error: reject });
  });
}

type Item = { id: string; updated_time: Date };
const BASE = Date.parse('2024-03-01T00:00:00Z');
/**
 * The i-th synthetic thread, made fresh on each call, as a walk makes each thread from
 * its page: a Graph-like id of 37 characters (what a dedupe keeps alive is counted).
 */
const item = (i: number): Item => ({ id: `t_mid.${1_709_245_490_719 + i}:${((i * 2_654_435_761) % 4_294_967_296).toString(16).padStart(8, '0')}c068f42db92`, updated_time: new Date(BASE - i * 1000) });

/** Bytes per thread a dedupe keeps: `pipe` over a subject fed `n` fresh threads, measured after the last one. */
function dedupeBytes(n: number, pipe: (source: Observable<Item>) => Observable<unknown>): number {
  const subject = new Subject<Item>();
  let seen = 0;
  const subscription = pipe(subject).subscribe(() => void (seen += 1));
  gc();
  const baseline = heap();
  for (let i = 0; i < n; i++) subject.next(item(i));
  gc();
  const growth = heap() - baseline;
  subscription.unsubscribe();
  if (seen !== n) throw new Error(`dedupe: ${seen} of ${n} passed`);
  return growth / n;
}

/** Bytes per item a consistent walk keeps (progress hashes and its distinct), pages from memory. */
function consistentBytes(count: number, limit: number): Promise<number> {
  const pages = Math.ceil(count / limit);
  const fetchPage = (url: string): Observable<PageOf<{ id: string; updated_time: Date }>> => {
    const p = Number(new URL(url).searchParams.get('p') ?? '0');
    // Asynchronous like a real page (a synchronous one would nest expand 10,000 deep).
    const items = Array.from({ length: Math.min(limit, count - p * limit) }, (_, i) => item(p * limit + i));
    return of({ items, next: p + 1 < pages ? `http://x/?p=${p + 1}` : undefined, usage: undefined }).pipe(observeOn(asapScheduler));
  };
  gc();
  const baseline = heap();
  return new Promise((resolve, reject) => {
    let seen = 0;
    const subscription = consistentWalk('http://x/?p=0', fetchPage, (t) => t.id, (t) => t.updated_time.getTime()).subscribe({
      next: () => {
        seen += 1;
        if (seen !== count) return;
        gc();
        const growth = heap() - baseline;
        setImmediate(() => subscription.unsubscribe());
        resolve(growth / count);
      },
      error: reject,
      complete: () => reject(new Error(`consistent: ${seen} of ${count}`)),
    });
  });
}

export async function runMemory(config: MemoryConfig, log: (line: string) => void): Promise<MemoryResult> {
  const perFolder = Math.floor(config.threads / FOLDERS.length);
  const emulator = await startRemoteEmulator({
    pages: [{ id: PAGE_ID, name: 'Bench Page', threads: { MESSENGER: Object.fromEntries(FOLDERS.map((f) => [f, f === 'inbox' ? config.threads : perFolder])) as Record<Folder, number> } }],
    latencyMs: 0,
  });
  let walks: Omit<MemoryResult, 'dedupe'>;
  try {
    const { url, accessToken } = emulator;
    const walk = (folder: Folder = 'inbox') => conversations$(PAGE_ID, { accessToken, graphUrl: url, limit: config.limit, folder });
    await liveGrowth(walk(), config.threads); // warm-up: code compiled, sockets open
    const plain = await liveGrowth(walk(), config.threads);
    log('  memory: plain walk done');
    const retryDedupe = await liveGrowth(walk().pipe(retryOnRateLimit({ dedupe: true })), config.threads);
    log('  memory: walk with retry and dedupe done');
    const merged = await liveGrowth(mergeFolders(FOLDERS, walk), config.threads + 3 * perFolder);
    log('  memory: mergeFolders done');
    const poll = await pollRetained(walk(), config.threads);
    log('  memory: pollDiff done');
    walks = { threads: config.threads, plain, retryDedupe, mergeFolders: merged, pollDiff: poll };
  } finally {
    await emulator.close();
  }
  const n = config.dedupeThreads;
  const dedupe = {
    threads: n,
    retryOnRateLimit: dedupeBytes(n, (s) => s.pipe(retryOnRateLimit({ dedupe: true }))),
    mergeFolders: dedupeBytes(n, (s) => mergeFolders(['inbox'], () => s)),
    consistentWalk: await consistentBytes(n, config.limit),
  };
  log('  memory: dedupe state done');
  return { ...walks, dedupe };
}
