import { Redis } from 'ioredis';
import { filter, firstValueFrom, NEVER, type Observable, ReplaySubject, type Subscription, tap } from 'rxjs';
import { conversations$ } from '../../src/index';
import { startEmulator, type Emulator, type PageSpec } from '../../src/testing/index';
import { redisPageLog } from '../../src/workers/redisPageLog';
import { changes$, pollTrigger, pollWorkers, type DeliveredChange, type WorkerEvent } from '../../src/workers/index';
import { startRedis, type RedisServer } from '../redis/redisServer';

// Workers and consumers in this process against a real redis-server and the emulator.
// Every wait ends on an event of the thing waited for, never on a timer.
let redis: RedisServer;
let emulator: Emulator;
const pages: PageSpec[] = Array.from({ length: 6 }, (_, i) => ({ id: String(7000 + i), name: `Page ${i}`, threads: { MESSENGER: { inbox: 3 } } }));
const subscriptions: Subscription[] = [];
const connections: Redis[] = [];

beforeAll(async () => {
  redis = await startRedis();
  emulator = await startEmulator({ pages });
}, 20_000);
afterEach(() => {
  for (const s of subscriptions.splice(0)) s.unsubscribe();
});
afterAll(async () => {
  for (const c of connections) c.disconnect();
  await emulator?.close();
  await redis?.stop();
});

const connect = () => {
  const client = new Redis({ host: '127.0.0.1', port: redis.port, maxRetriesPerRequest: null });
  connections.push(client);
  return client;
};
const source = (pageId: string) => conversations$(pageId, { accessToken: emulator.accessToken, graphUrl: emulator.url, limit: 25 });

/** Runs `stream` until the test ends, replaying everything it emitted to any later reader. */
function record<A>(stream: Observable<A>): ReplaySubject<A> {
  const seen = new ReplaySubject<A>();
  subscriptions.push(stream.subscribe(seen));
  return seen;
}

const until = <A>(seen: Observable<A>, done: (value: A) => boolean) => firstValueFrom(seen.pipe(filter(done)));

describe('pollWorkers and changes$', () => {
  it('two workers poll the Pages, and a consumer gets every thread once, then each new message', async () => {
    const prefix = 'split:';
    const events = [record(pollWorkers(pages.map((p) => p.id), { connection: connect(), source, intervalMs: 100, prefix, concurrency: 2 })), record(pollWorkers(pages.map((p) => p.id), { connection: connect(), source, intervalMs: 100, prefix, concurrency: 2 }))];
    const delivered: DeliveredChange[] = [];
    const changes = record(changes$(connect(), { group: 'ui', consumer: 'c1', prefix, blockMs: 50 }).pipe(tap((c) => delivered.push(c))));
    const threadIds = pages.flatMap((p) => emulator.threads(p.id).map((t) => t.id));
    const ids = () => new Set(delivered.map((c) => c.change.thread.id));
    await until(changes, () => threadIds.every((id) => ids().has(id)));
    expect(delivered.filter((c) => c.change.type === 'added')).toHaveLength(threadIds.length);

    const bumped = emulator.addMessage(pages[2]!.id, emulator.threads(pages[2]!.id)[2]!.id);
    const update = await until(changes, (c) => c.change.type === 'updated' && c.change.thread.id === bumped.id);
    expect(update.pageId).toBe(pages[2]!.id);
    expect(update.change.thread.updated_time.getTime()).toBe(Date.parse(bumped.updated_time.replace('+0000', 'Z')));
    const keys = delivered.map((c) => c.id);
    expect(new Set(keys).size).toBe(keys.length);
    // Both workers report their polls; none failed.
    for (const seen of events) await until(seen, (e: WorkerEvent) => e.type === 'polled');
  }, 30_000);

  it('pollTrigger polls a Page at once, between its scheduled polls', async () => {
    const prefix = 'now:';
    const page = pages[0]!.id;
    const events = record(pollWorkers([page], { connection: connect(), source, intervalMs: 600_000, prefix }));
    await until(events, (e) => e.type === 'polled');
    const trigger = pollTrigger(connect(), { prefix });
    await trigger.pollNow(page);
    const polled = await until(events, (e) => e.type === 'polled' && !e.jobId.startsWith('repeat:'));
    expect(polled).toMatchObject({ pageId: page, result: 'committed', changes: 0, version: 2 });
    await expect(trigger.pollNow('not-a-page')).rejects.toMatchObject({ kind: 'invalid-input', option: 'pageId' });
    // Stop watching it: its job scheduler is gone.
    expect(await trigger.unschedule(page)).toBe(true);
    expect(await trigger.unschedule(page)).toBe(false);
    await trigger.close();
  }, 30_000);

  it('a rate limit from Graph pauses the workers for what Graph asked, then the poll is taken again', async () => {
    const prefix = 'limit:';
    const page = pages[1]!.id;
    emulator.inject({ kind: 'graph-error', code: 613 }, { path: `/${page}/conversations` });
    const events = record(pollWorkers([page], { connection: connect(), source, intervalMs: 600_000, prefix, rateLimitMs: 300 }));
    const limited = await until(events, (e) => e.type === 'rate-limited');
    const limitedAt = Date.now();
    expect(limited).toMatchObject({ pageId: page, waitMs: 300 });
    const polled = await until(events, (e) => e.type === 'polled');
    // A lower bound only: the poll cannot be taken again before the limit ends.
    expect(Date.now() - limitedAt).toBeGreaterThanOrEqual(250);
    expect(polled).toMatchObject({ pageId: page, result: 'committed', version: 1 });
  }, 30_000);

  it('a consumer that dies before its ack loses nothing: it gets the entry on restart, or another consumer claims it', async () => {
    const prefix = 'claim:';
    const writer = redisPageLog(connect(), { prefix });
    const json = (n: number) => JSON.stringify({ type: 'added', thread: { id: `t_${n}`, updated_time: `2024-03-01T00:00:0${n}.000Z` } });
    await writer.commit('1001', { expectedVersion: 0, snapshot: { version: 1, polls: 1, threads: {} }, changes: [{ id: 'a', json: json(1) }, { id: 'b', json: json(2) }], pollId: 'p' });

    // c1 reads both entries, starts handling the first, and dies before its ack.
    const started = new ReplaySubject<DeliveredChange>();
    const stuck = changes$(connect(), { group: 'g', consumer: 'c1', prefix, blockMs: 50, handle: (c) => (started.next(c), NEVER) }).subscribe();
    expect((await firstValueFrom(started)).id).toBe('a');
    stuck.unsubscribe();

    // c1 restarts under its name: its own unacked entries come first. It stops in its
    // first next (firstValueFrom unsubscribes there), so that entry is not acked either.
    const again = await firstValueFrom(changes$(connect(), { group: 'g', consumer: 'c1', prefix, blockMs: 50 }));
    expect(again.id).toBe('a');

    // Both are still c1's, unacked: c2 claims them once they were idle for claimIdleMs.
    const client = connect();
    const claimed: string[] = [];
    const c2 = record(changes$(client, { group: 'g', consumer: 'c2', prefix, blockMs: 50, claimIdleMs: 100, claimEveryMs: 20 }).pipe(tap((c) => claimed.push(c.id))));
    await until(c2, () => claimed.length === 2);
    expect(claimed).toEqual(['a', 'b']);
    // The ack was sent on this connection before this command: nothing is left pending.
    expect(await client.xpending(`${prefix}changes`, 'g')).toEqual([0, null, null, null]);
  }, 30_000);
});
