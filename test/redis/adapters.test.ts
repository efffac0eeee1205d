import { lastValueFrom, of, toArray } from 'rxjs';
import { pollDiff, snapshotStoreFor, type PollableThread } from '../../src/index';
import { redisPageSnapshotStore, redisUsageThrottle } from '../../src/redis/index';
import { startRedis, type RedisServer } from './redisServer';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedis();
}, 20_000);
afterAll(() => server?.stop());

const snapshot = (polls: number) => ({ version: 1 as const, polls, threads: { t_1: { updated_time: '2024-03-01T12:30:05.000Z' } } });

describe('redisPageSnapshotStore', () => {
  it('saves only over the expected version, so of two workers polling from one version exactly one wins', async () => {
    const store = redisPageSnapshotStore(server.client(), { prefix: 'cas:' });
    const other = redisPageSnapshotStore(server.client(), { prefix: 'cas:' });
    expect(await store.load('1001')).toBeUndefined();
    const results = await Promise.all([store.compareAndSet('1001', 0, snapshot(1)), other.compareAndSet('1001', 0, snapshot(2))]);
    expect(results.filter(Boolean)).toHaveLength(1);
    const saved = await other.load('1001');
    expect(saved?.version).toBe(1);
    expect(await store.compareAndSet('1001', 0, snapshot(3))).toBe(false);
    expect(await store.compareAndSet('1001', 1, snapshot(3))).toBe(true);
    expect(await other.load('1001')).toEqual({ version: 2, snapshot: snapshot(3) });
  });
});

describe('snapshotStoreFor', () => {
  it('lets a pollDiff loop restart from its snapshot in Redis, and refuses to overwrite another writer', async () => {
    const pages = redisPageSnapshotStore(server.client(), { prefix: 'single:' });
    const threads = of<PollableThread[]>({ id: 't_2', updated_time: new Date('2024-03-02T00:00:00Z') }, { id: 't_1', updated_time: new Date('2024-03-01T00:00:00Z') });
    const first: string[] = [];
    // onSnapshot comes after the save: stop there.
    await new Promise<void>((resolve) => {
      const subscription = threads
        .pipe(pollDiff({ intervalMs: 1, store: snapshotStoreFor(pages, '1001'), onSnapshot: () => (subscription.unsubscribe(), resolve()) }))
        .subscribe((c) => first.push(c.type));
    });
    expect(first).toEqual(['added', 'added']);
    const restarted = snapshotStoreFor(pages, '1001');
    expect((await restarted.load())?.threads).toEqual({ t_1: { updated_time: '2024-03-01T00:00:00.000Z' }, t_2: { updated_time: '2024-03-02T00:00:00.000Z' } });
    const saved = await pages.load('1001');
    await pages.compareAndSet('1001', saved!.version, saved!.snapshot); // someone else saves
    await expect(restarted.save({ polls: saved!.snapshot.polls + 1, set: {}, removed: [], uncommitted: [] })).rejects.toThrow(/saved by someone else/);
  });
});

describe('redisUsageThrottle', () => {
  it('lets no more than maxRequests start in any window, across clients', async () => {
    const make = () => redisUsageThrottle(server.client(), { maxRequests: 5, windowMs: 300, prefix: 'cap:' });
    const throttles = [make(), make(), make()];
    const starts: number[] = [];
    const page = { data: [], usage: undefined } as unknown as import('../../src/conversations/page').WithUsage;
    await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        lastValueFrom(throttles[i % 3]!.wrap(of(page)).pipe(toArray())).then(() => starts.push(Date.now())),
      ),
    );
    starts.sort((x, y) => x - y);
    // 15 requests at 5 per 300 ms: the last starts at least 2 windows after the first.
    expect(starts[14]! - starts[0]!).toBeGreaterThanOrEqual(2 * 300 - 20);
    for (let i = 5; i < starts.length; i += 1) expect(starts[i]! - starts[i - 5]!).toBeGreaterThanOrEqual(300 - 20);
  });

  it('record() resolves once Redis holds the report, so a caller can await it', async () => {
    const throttle = redisUsageThrottle(server.client(), { prefix: 'record:' });
    await throttle.record({ app: { call_count: 90 } });
    expect((await throttle.state()).percent).toBe(90);
    await throttle.idle();
  });

  it('spaces requests out once any worker recorded usage past the threshold', async () => {
    const first = redisUsageThrottle(server.client(), { threshold: 50, maxDelayMs: 200, prefix: 'usage:' });
    const second = redisUsageThrottle(server.client(), { threshold: 50, maxDelayMs: 200, prefix: 'usage:' });
    const busy = { data: [], usage: { app: { call_count: 100 } } } as unknown as import('../../src/conversations/page').WithUsage;
    await lastValueFrom(first.wrap(of(busy)));
    // The request did not wait for its usage report; idle() does.
    await first.idle();
    expect((await second.state()).percent).toBe(100);
    const before = Date.now();
    await lastValueFrom(second.wrap(of(busy)));
    expect(Date.now() - before).toBeGreaterThanOrEqual(150);
  });
});

describe('redisUsageThrottle waits and state stay bounded', () => {
  type Page = import('../../src/conversations/page').WithUsage;
  const pageWith = (usage: unknown) => ({ data: [], usage }) as unknown as Page;
  const redisNow = async (client: ReturnType<RedisServer['client']>) => {
    const [seconds, micros] = await client.time();
    return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  };

  it('clamps a regain time past maxWaitMs, ignores a non-finite one, and gives the budget a TTL', async () => {
    const client = server.client();
    const throttle = redisUsageThrottle(client, { prefix: 'clamp:', maxWaitMs: 5000, maxDelayMs: 100 });
    // The usage report is written on the same connection before the page is passed on, so later commands see it.
    await lastValueFrom(throttle.wrap(of(pageWith({ page: { estimated_time_to_regain_access: Number.POSITIVE_INFINITY } }))));
    // Ignored: no regain time ahead of now.
    expect((await throttle.state()).regainAt).toBeLessThanOrEqual(await redisNow(client));
    const before = await redisNow(client);
    await lastValueFrom(throttle.wrap(of(pageWith({ page: { call_count: 10, estimated_time_to_regain_access: 36000 } }))));
    const after = await redisNow(client);
    const { regainAt } = await throttle.state();
    expect(regainAt).toBeGreaterThanOrEqual(before + 5000);
    expect(regainAt).toBeLessThanOrEqual(after + 5000);
    const ttl = await client.pttl('clamp:throttle');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5000 + 100 + 5000);
  });

  it('a budget left far in the future without a TTL holds no request past maxWaitMs, and is clamped and given a TTL', async () => {
    const client = server.client();
    await client.hset('stale:throttle', { percent: 10, regainAt: 6e16 });
    const throttle = redisUsageThrottle(client, { prefix: 'stale:', maxWaitMs: 30 });
    const before = await redisNow(client);
    await lastValueFrom(throttle.wrap(of(pageWith(undefined))));
    const after = await redisNow(client);
    const { regainAt, lastStartAt } = await throttle.state();
    expect(regainAt).toBeLessThanOrEqual(after + 30);
    expect(lastStartAt).toBeGreaterThanOrEqual(before);
    expect(lastStartAt).toBeLessThanOrEqual(before + 30 + (after - before));
    expect(await client.pttl('stale:throttle')).toBeGreaterThan(0);
  });

  it('a budget nobody uses any more expires', async () => {
    const client = server.client();
    const throttle = redisUsageThrottle(client, { prefix: 'gone:', maxWaitMs: 20, maxDelayMs: 10 });
    await lastValueFrom(throttle.wrap(of(pageWith({ app: { call_count: 100 } }))));
    const ttl = await client.pttl('gone:throttle');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(10 + 20 + 10);
  });
});
