import { TestScheduler } from 'rxjs/testing';
import { type Observable } from 'rxjs';
import type { PollableThread } from '../../src/polling/snapshot';
import { fromEntry } from '../../src/workers/changeEntry';
import { pollPage } from '../../src/workers/pollPage';
import { memoryPageLog } from './memoryPageLog';

// What a poll writes, on virtual time: the source is a cold marble stream, the log answers synchronously.
const settings = { fullScanEvery: 1, emitInitial: true };
const at = (iso: string) => new Date(iso);
const t1 = { id: 't_1', updated_time: at('2024-03-01T10:00:00Z') };
const t2 = { id: 't_2', updated_time: at('2024-03-01T11:00:00Z') };
const t2b = { id: 't_2', updated_time: at('2024-03-01T12:00:00Z') };

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
const decoded = (entries: ReturnType<typeof memoryPageLog>['stream']) =>
  entries.map((e, i) => {
    const read = fromEntry(`${i}-0`, ['id', e.id, 'page', e.pageId, 'version', String(e.version), 'change', e.json]);
    if (read._tag === 'Left') throw read.left;
    return { id: read.right.id, type: read.right.change.type, thread: read.right.change.thread.id, version: read.right.version };
  });

describe('pollPage', () => {
  it('commits the snapshot and every change of the poll in one step, after the walk ends', () => {
    const { log, stream, pages } = memoryPageLog();
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold<PollableThread>('-a-b-|', { a: t2, b: t1 });
      expectObservable(pollPage(log, '1001', source, settings, 'poll-1')).toBe('-----(o|)', {
        o: { pageId: '1001', result: 'committed', version: 1, changes: 2 },
      });
      expectSubscriptions(source.subscriptions).toBe('^----!');
    });
    expect(decoded(stream)).toEqual([
      { id: '1001:t_2:2024-03-01T11:00:00.000Z:added', type: 'added', thread: 't_2', version: 1 },
      { id: '1001:t_1:2024-03-01T10:00:00.000Z:added', type: 'added', thread: 't_1', version: 1 },
    ]);
    expect(Object.keys(pages.get('1001')?.snapshot.threads ?? {}).sort()).toEqual(['t_1', 't_2']);
  });

  it('writes nothing when the walk fails: the Page stays as it was', () => {
    const { log, stream, pages } = memoryPageLog();
    scheduler().run(({ cold, expectObservable }) => {
      const source: Observable<PollableThread> = cold('-a-#', { a: t2 }, new Error('walk failed'));
      expectObservable(pollPage(log, '1001', source, settings, 'poll-1')).toBe('---#', undefined, new Error('walk failed'));
    });
    expect(stream).toEqual([]);
    expect(pages.size).toBe(0);
  });

  it('a stale poll writes nothing, and the next poll from the newer snapshot reports what it had found', () => {
    const { log, stream } = memoryPageLog();
    scheduler().run(({ cold, expectObservable }) => {
      // Two polls load version 0 at once (a stalled job run again elsewhere): one commits, the other is stale.
      const first = cold<PollableThread>('-a-b-|', { a: t2, b: t1 });
      const second = cold<PollableThread>('---a-b-|', { a: t2b, b: t1 });
      expectObservable(pollPage(log, '1001', first, settings, 'A')).toBe('-----(o|)', { o: { pageId: '1001', result: 'committed', version: 1, changes: 2 } });
      expectObservable(pollPage(log, '1001', second, settings, 'B')).toBe('-------(o|)', { o: { pageId: '1001', result: 'stale', version: 1, changes: 2 } });
    });
    scheduler().run(({ cold, expectObservable }) => {
      const third = cold<PollableThread>('-a-b-|', { a: t2b, b: t1 });
      expectObservable(pollPage(log, '1001', third, settings, 'C')).toBe('-----(o|)', { o: { pageId: '1001', result: 'committed', version: 2, changes: 1 } });
    });
    expect(decoded(stream).map((e) => e.id)).toEqual([
      '1001:t_2:2024-03-01T11:00:00.000Z:added',
      '1001:t_1:2024-03-01T10:00:00.000Z:added',
      '1001:t_2:2024-03-01T12:00:00.000Z:updated',
    ]);
  });

  it('a commit sent twice is answered replayed and writes its changes once', () => {
    const { log, stream } = memoryPageLog();
    scheduler().run(({ cold, expectObservable }) => {
      const source = cold<PollableThread>('-a|', { a: t1 });
      expectObservable(pollPage(log, '1001', source, settings, 'same')).toBe('--(o|)', { o: { pageId: '1001', result: 'committed', version: 1, changes: 1 } });
    });
    expect(log.commit('1001', { expectedVersion: 0, snapshot: { version: 1, polls: 1, threads: {} }, changes: [{ id: 'x', json: '{}' }], pollId: 'same' })).toEqual({ result: 'replayed', version: 1 });
    expect(stream).toHaveLength(1);
  });

  it('reports removals with the id of the entry they remove', () => {
    const { log, stream } = memoryPageLog();
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(pollPage(log, '1001', cold<PollableThread>('-a-b|', { a: t2, b: t1 }), settings, 'p1')).toBe('----(o|)', { o: expect.objectContaining({ version: 1 }) });
    });
    // Two full scans in a row without t_1: the second reports it removed.
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(pollPage(log, '1001', cold<PollableThread>('-a|', { a: t2 }), settings, 'p2')).toBe('--(o|)', { o: expect.objectContaining({ version: 2, changes: 0 }) });
    });
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(pollPage(log, '1001', cold<PollableThread>('-a|', { a: t2 }), settings, 'p3')).toBe('--(o|)', { o: expect.objectContaining({ version: 3, changes: 1 }) });
    });
    expect(decoded(stream).at(-1)).toEqual({ id: '1001:t_1:2024-03-01T10:00:00.000Z:removed', type: 'removed', thread: 't_1', version: 3 });
  });
});
