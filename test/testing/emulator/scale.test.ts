// Benchmarks seed 100k threads: seeding must give every thread in order, and a page must
// cost O(limit) whatever N is. The cost is counted in reads of the folder's list, not timed:
// a stopwatch bound fails under load (seeding time is measured by the bench's own runs).
import { encodeCursor } from '../../../src/testing/emulator/cursors';
import type { ThreadRecord } from '../../../src/testing/emulator/model';
import { ThreadStore } from '../../../src/testing/emulator/store';
import { startEmulator, type Emulator } from '../../../src/testing/index';
import { get, ids, type GraphPage } from './support';

const N = 100_000;
let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ pages: [{ id: '9', name: 'Big', threads: { MESSENGER: { inbox: N } } }] });
});
afterAll(() => emulator.close());
afterEach(() => jest.restoreAllMocks());

/** Counts the entries of the store's thread lists read while `run` goes. */
async function countListReads(run: () => Promise<void>): Promise<number> {
  let reads = 0;
  const list = ThreadStore.prototype.list;
  jest.spyOn(ThreadStore.prototype, 'list').mockImplementation(function (this: ThreadStore, ...args: Parameters<ThreadStore['list']>) {
    const real = list.apply(this, args);
    return new Proxy(real, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads += 1;
        return Reflect.get(target, key, receiver) as unknown;
      },
    }) as readonly ThreadRecord[];
  });
  await run();
  return reads;
}

it('seeds 100k threads, newest first, each once', () => {
  const threads = emulator.threads('9', { folder: 'inbox' });
  expect(threads).toHaveLength(N);
  expect(new Set(threads.map((t) => t.id)).size).toBe(N);
  expect(threads.every((t, i) => i === 0 || (threads[i - 1]?.updated_time ?? '') >= t.updated_time)).toBe(true);
});

it('serves a page deep in the list correctly, reading O(limit) entries of it, also after mutations', async () => {
  const before = emulator.threads('9', { folder: 'inbox' });
  emulator.addMessage('9', before[5]?.id ?? '');
  emulator.moveThread('9', before[50_000]?.id ?? '', 'other');
  const threads = emulator.threads('9', { folder: 'inbox' });
  const boundary = threads.length - 150;
  const after = encodeCursor({ kind: 'thread', threadId: threads[boundary]?.id ?? '' });
  const pages = 20;
  const reads = await countListReads(async () => {
    for (let i = 0; i < pages; i += 1) {
      const page = (await (await get(emulator, `/v19.0/9/conversations?limit=100&fields=snippet,participants&after=${after}`)).json()) as GraphPage;
      expect(ids([page])).toEqual(threads.slice(boundary + 1, boundary + 101).map((t) => t.id));
    }
  });
  // Per page: the 100 threads sent and a binary search for the cursor (~17 reads). A scan
  // or a copy of the list would read ~100,000.
  expect(reads).toBeGreaterThanOrEqual(pages * 100);
  expect(reads / pages).toBeLessThan(100 + 64);
});
