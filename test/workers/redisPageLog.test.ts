import { Redis } from 'ioredis';
import { lastValueFrom, of } from 'rxjs';
import type { PollableThread } from '../../src/polling/snapshot';
import { fromEntry } from '../../src/workers/changeEntry';
import { pollPage } from '../../src/workers/pollPage';
import { redisPageLog } from '../../src/workers/redisPageLog';
import { startRedis, type RedisServer } from '../redis/redisServer';
import { startDropReplyProxy } from './dropReplyProxy';

let server: RedisServer;
beforeAll(async () => {
  server = await startRedis();
}, 20_000);
afterAll(() => server?.stop());

const settings = { fullScanEvery: 1, emitInitial: true };
const threads = (...times: string[]) => of<PollableThread[]>(...times.map((time, i) => ({ id: `t_${times.length - i}`, updated_time: new Date(time) })));
const snapshot = { version: 1 as const, polls: 1, threads: {} };

async function entries(redis: Redis, stream: string) {
  const raw = await redis.xrange(stream, '-', '+');
  return raw.map(([entryId, fields]) => {
    const read = fromEntry(entryId, fields);
    if (read._tag === 'Left') throw read.left;
    return read.right;
  });
}

describe('the commit script', () => {
  it('saves the snapshot and appends the changes in one step, each with its stable id', async () => {
    const redis = server.client();
    const log = redisPageLog(redis, { prefix: 'one:' });
    const outcome = await lastValueFrom(pollPage(log, '1001', threads('2024-03-02T00:00:00Z', '2024-03-01T00:00:00Z'), settings, 'poll-1'));
    expect(outcome).toEqual({ pageId: '1001', result: 'committed', version: 1, changes: 2 });
    const written = await entries(redis, 'one:changes');
    expect(written.map((e) => [e.id, e.pageId, e.version, e.change.type])).toEqual([
      ['1001:t_2:2024-03-02T00:00:00.000Z:added', '1001', 1, 'added'],
      ['1001:t_1:2024-03-01T00:00:00.000Z:added', '1001', 1, 'added'],
    ]);
    expect(written[0]?.change.thread.updated_time).toEqual(new Date('2024-03-02T00:00:00Z'));
    expect(await redis.hget('one:snapshot:1001', 'version')).toBe('1');
  });

  it('refuses a commit from a version that moved on, writing nothing', async () => {
    const redis = server.client();
    const log = redisPageLog(redis, { prefix: 'stale:' });
    expect(await log.commit('1001', { expectedVersion: 0, snapshot, changes: [{ id: 'a', json: '{}' }], pollId: 'A' })).toEqual({ result: 'committed', version: 1 });
    expect(await log.commit('1001', { expectedVersion: 0, snapshot, changes: [{ id: 'b', json: '{}' }], pollId: 'B' })).toEqual({ result: 'stale', version: 1 });
    expect(await redis.xlen('stale:changes')).toBe(1);
  });

  it('answers a commit sent again with the same poll id as replayed, without appending twice', async () => {
    const redis = server.client();
    const log = redisPageLog(redis, { prefix: 'again:' });
    const commit = { expectedVersion: 0, snapshot, changes: [{ id: 'a', json: '{}' }, { id: 'b', json: '{}' }], pollId: 'same' };
    expect(await log.commit('1001', commit)).toEqual({ result: 'committed', version: 1 });
    expect(await log.commit('1001', commit)).toEqual({ result: 'replayed', version: 1 });
    expect(await redis.xlen('again:changes')).toBe(2);
  });

  it('loses no change when the reply of a commit is lost and ioredis sends it again', async () => {
    // The failure of issue 14: a re-sent CAS saw its own version bump and the changes vanished.
    const proxy = await startDropReplyProxy(server.port);
    const viaProxy = new Redis({ host: '127.0.0.1', port: proxy.port, maxRetriesPerRequest: 5, retryStrategy: () => 10 });
    try {
      const log = redisPageLog(viaProxy, { prefix: 'lost:' });
      const dropped = proxy.dropNextReplyTo('rxgc-commit-poll');
      const outcome = lastValueFrom(pollPage(log, '1001', threads('2024-03-02T00:00:00Z', '2024-03-01T00:00:00Z'), settings, 'poll-1'));
      await dropped;
      expect(await outcome).toEqual({ pageId: '1001', result: 'replayed', version: 1, changes: 2 });
      expect(proxy.dropped).toBe(1);
      const written = await entries(server.client(), 'lost:changes');
      expect(written.map((e) => e.id)).toEqual(['1001:t_2:2024-03-02T00:00:00.000Z:added', '1001:t_1:2024-03-01T00:00:00.000Z:added']);
    } finally {
      viaProxy.disconnect();
      await proxy.close();
    }
  });

  it('reads an entry no worker wrote as a DecodeError naming the entry', () => {
    const read = fromEntry('5-0', ['id', 'x', 'page', '1', 'version', '1', 'change', '{"type":"added","thread":{"id":"t","updated_time":"yesterday"}}']);
    expect(read._tag === 'Left' && read.left.message).toMatch(/change stream entry 5-0 refused: .*updated_time/);
    const missing = fromEntry('6-0', ['id', 'x']);
    expect(missing._tag === 'Left' && missing.left.kind).toBe('decode');
  });
});
