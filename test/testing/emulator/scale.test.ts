// Benchmarks seed 100k threads: seeding must be quick and a page must cost O(limit).
import { encodeCursor } from '../../../src/testing/emulator/cursors';
import { startEmulator, type Emulator } from '../../../src/testing/index';
import { get, ids, type GraphPage } from './support';

let emulator: Emulator;
let seedMs: number;
beforeAll(async () => {
  const started = performance.now();
  emulator = await startEmulator({ pages: [{ id: '9', name: 'Big', threads: { MESSENGER: { inbox: 100_000 } } }] });
  seedMs = performance.now() - started;
});
afterAll(() => emulator.close());

it('seeds 100k threads well under a second', () => {
  // Generous bound for slow CI machines; typically about 0.3 s.
  expect(seedMs).toBeLessThan(1500);
});

it('serves a page deep in the list cheaply and correctly, also after mutations', async () => {
  const before = emulator.threads('9', { folder: 'inbox' });
  emulator.addMessage('9', before[5]?.id ?? '');
  emulator.moveThread('9', before[50_000]?.id ?? '', 'other');
  const threads = emulator.threads('9', { folder: 'inbox' });
  const boundary = threads.length - 150;
  const after = encodeCursor({ kind: 'thread', threadId: threads[boundary]?.id ?? '' });
  const started = performance.now();
  for (let i = 0; i < 20; i += 1) {
    const page = (await (await get(emulator, `/v19.0/9/conversations?limit=100&fields=snippet,participants&after=${after}`)).json()) as GraphPage;
    expect(ids([page])).toEqual(threads.slice(boundary + 1, boundary + 101).map((t) => t.id));
  }
  // 20 deep pages of 100: a per-request O(N) scan or rebuild would show here.
  expect(performance.now() - started).toBeLessThan(1500);
});
