import { lastValueFrom, of, Subscription, take, throwError, toArray } from 'rxjs';
import { conversations$, InvalidInputError, memoryPageLeases, memoryPageSnapshotStore, watchPages, type PageChange, type PollableThread, type Thread } from '../../src/index';
import { startEmulator, type Emulator, type PageSpec } from '../../src/testing/index';

const pages: PageSpec[] = Array.from({ length: 12 }, (_, i) => ({ id: String(7000 + i), name: `Page ${i}`, threads: { MESSENGER: { inbox: 3 } } }));
const ids = pages.map((p) => p.id);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const keyOf = ({ pageId, change }: PageChange<PollableThread>) => `${pageId} ${change.thread.id} ${change.thread.updated_time.getTime()}`;

describe('watchPages', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator({ pages });
  });
  afterAll(() => emulator.close());
  const source = (pageId: string) => conversations$(pageId, { accessToken: emulator.accessToken, graphUrl: emulator.url, limit: 25 });

  it('reports the first scan of every Page, then what changed, tagged with the Page', async () => {
    const seen: PageChange<Thread>[] = [];
    const subscription = watchPages(ids, { source, intervalMs: 20 }).subscribe((c) => seen.push(c));
    try {
      while (seen.length < 36) await sleep(10);
      expect(new Set(seen.map((c) => c.pageId))).toEqual(new Set(ids));
      expect(seen.every((c) => c.change.type === 'added')).toBe(true);
      const thread = emulator.threads(ids[3]!)[2]!;
      emulator.addMessage(ids[3]!, thread.id);
      while (seen.length < 37) await sleep(10);
      expect(seen[36]).toMatchObject({ pageId: ids[3], change: { type: 'updated', thread: { id: thread.id } } });
    } finally {
      subscription.unsubscribe();
    }
  });

  it('polls at most `concurrency` Pages at once, and every Page in turn', async () => {
    emulator.setLatency(30);
    emulator.clearRequests();
    let most = 0;
    const sampler = setInterval(() => (most = Math.max(most, emulator.requests.filter((r) => r.state === 'pending').length)), 2);
    const subscription = watchPages(ids, { source, intervalMs: 0, concurrency: 3, emitInitial: false }).subscribe();
    await sleep(600);
    subscription.unsubscribe();
    clearInterval(sampler);
    emulator.setLatency(0);
    expect(most).toBeLessThanOrEqual(3);
    expect(most).toBeGreaterThan(1);
    const perPage = ids.map((id) => emulator.requests.filter((r) => r.pageId === id).length);
    // Round-robin: no Page polled more than twice as often as another (after the first round).
    expect(Math.min(...perPage)).toBeGreaterThan(0);
    expect(Math.max(...perPage)).toBeLessThanOrEqual(Math.min(...perPage) * 2 + 1);
  });

  it('splits the Pages between workers that share store and leases, and emits each change once', async () => {
    const store = memoryPageSnapshotStore();
    const first = memoryPageLeases('a');
    const second = first.join('b');
    const seen: Array<PageChange<Thread> & { worker: string }> = [];
    const run = (leases: typeof first) => watchPages(ids, { source, intervalMs: 10, leaseMs: 90, store, leases }).subscribe((c) => seen.push({ ...c, worker: leases.workerId }));
    const subscriptions = new Subscription();
    subscriptions.add(run(first));
    subscriptions.add(run(second));
    try {
      while (seen.length < 36) await sleep(10);
      await sleep(150); // room for rebalancing and duplicates
      for (const page of pages) emulator.addMessage(page.id, emulator.threads(page.id)[0]!.id);
      while (seen.length < 48) await sleep(10);
      await sleep(150);
      const keys = seen.map(keyOf);
      expect(keys.length).toBe(48);
      expect(new Set(keys).size).toBe(48);
      const lastRound = seen.slice(36);
      expect(new Set(lastRound.map((c) => c.worker))).toEqual(new Set(['a', 'b']));
      expect(lastRound.filter((c) => c.worker === 'a').length).toBe(6);
    } finally {
      subscriptions.unsubscribe();
    }
  });

  it('drops the changes of a poll whose snapshot another worker saved first', async () => {
    const store = memoryPageSnapshotStore();
    const threads = [{ id: 't_1', updated_time: new Date('2024-03-01T12:00:00Z') }];
    // A competitor saves a snapshot of the Page while our poll is walking.
    const racing = { ...store, load: async (pageId: string) => {
      const loaded = await store.load(pageId);
      await store.compareAndSet(pageId, loaded?.version ?? 0, { version: 1, polls: 1, threads: { t_1: { updated_time: '2024-03-01T12:00:00.000Z' } } });
      return loaded;
    } };
    const seen: unknown[] = [];
    const subscription = watchPages(['1'], { source: () => of(...threads), intervalMs: 5, store: racing }).subscribe((c) => seen.push(c));
    await sleep(60);
    subscription.unsubscribe();
    expect(seen).toEqual([]);
    expect((await store.load('1'))?.version).toBeGreaterThan(1);
  });

  it('hands a poll error to onPageError and tries the Page again', async () => {
    let calls = 0;
    const errors: Array<[unknown, string | undefined]> = [];
    const flaky = () => {
      calls += 1;
      return calls === 1 ? throwError(() => new Error('boom')) : of<PollableThread>({ id: 't_1', updated_time: new Date(0) });
    };
    const changes = await lastValueFrom(watchPages(['1'], { source: flaky, intervalMs: 5, onPageError: (e, p) => errors.push([e, p]) }).pipe(take(1), toArray()));
    expect(changes).toMatchObject([{ pageId: '1', change: { type: 'added', thread: { id: 't_1' } } }]);
    expect(errors).toEqual([[new Error('boom'), '1']]);
  });

  it('fails on subscribe with an InvalidInputError naming a bad option', async () => {
    await expect(lastValueFrom(watchPages(['1'], { source: () => of(), intervalMs: -1 }))).rejects.toThrow(InvalidInputError);
    await expect(lastValueFrom(watchPages(['1'], { source: () => of(), intervalMs: 1, concurrency: 0 }))).rejects.toThrow(/concurrency/);
    await expect(lastValueFrom(watchPages([''], { source: () => of(), intervalMs: 1 }))).rejects.toThrow(/pageIds/);
  });
});
