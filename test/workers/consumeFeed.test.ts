import { NEVER, type Observable, of, tap, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { ChangeFeed, RawEntry } from '../../src/workers/changeFeed';
import { consumeFeed } from '../../src/workers/consumeFeed';

// What a consumer acks, on virtual time: a feed whose reads are cold marble streams.
const fields = (n: number): string[] => [
  'id', `1001:t_${n}:2024-03-01T00:00:0${n}.000Z:added`,
  'page', '1001',
  'version', String(n),
  'change', JSON.stringify({ type: 'added', thread: { id: `t_${n}`, updated_time: `2024-03-01T00:00:0${n}.000Z`, snippet: 'hi' } }),
];
const entry = (n: number): RawEntry => ({ entryId: `${n}-0`, fields: fields(n) });

function feedOf(reads: { pending: Observable<RawEntry[]>[]; claim: () => Observable<RawEntry[]>; next: () => Observable<RawEntry[]> }, log: string[]): ChangeFeed {
  let p = 0;
  return {
    pending: () => (log.push('pending'), reads.pending[p++] ?? of([])),
    claim: () => (log.push('claim'), reads.claim()),
    next: () => reads.next(),
    ack: (id) => (log.push(`ack ${id}`), of(1)),
  };
}

const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('consumeFeed', () => {
  it('acks each change only after the subscriber handled it, own pending entries first', () => {
    const log: string[] = [];
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      const feed = feedOf({ pending: [of([entry(1)])], claim: () => of([]), next: () => cold('--a|', { a: [entry(2)] }) }, log);
      const seen = consumeFeed(feed, { claimEveryMs: 1000, scheduler: ts }).pipe(tap((c) => log.push(`handled ${c.entryId}`)));
      expectObservable(seen, '^----!').toBe('a-b-c', {
        a: expect.objectContaining({ entryId: '1-0', id: '1001:t_1:2024-03-01T00:00:01.000Z:added' }),
        b: expect.objectContaining({ entryId: '2-0' }),
        c: expect.objectContaining({ entryId: '2-0' }),
      });
    });
    expect(log.slice(0, 6)).toEqual(['pending', 'handled 1-0', 'ack 1-0', 'pending', 'claim', 'handled 2-0']);
    expect(log[6]).toBe('ack 2-0');
  });

  it('looks for entries dead consumers left every claimEveryMs of scheduler time', () => {
    const claims: number[] = [];
    const ts = scheduler();
    ts.run(({ cold, expectObservable }) => {
      // Every read of new entries waits 10 frames and finds nothing.
      const feed = feedOf({ pending: [], claim: () => (claims.push(ts.now()), of([])), next: () => cold('----------|') }, []);
      expectObservable(consumeFeed(feed, { claimEveryMs: 25, scheduler: ts }), '^' + '-'.repeat(99) + '!').toBe('');
    });
    expect(claims).toEqual([0, 30, 60, 90]);
  });

  it('leaves an entry unacked when its handling fails, and ends with that error', () => {
    const log: string[] = [];
    scheduler().run(({ expectObservable }) => {
      const feed = feedOf({ pending: [of([entry(1), entry(2)])], claim: () => of([]), next: () => NEVER }, log);
      const failing = consumeFeed(feed, { claimEveryMs: 1000, scheduler: scheduler(), handle: (c) => (c.entryId === '2-0' ? throwError(() => new Error('db down')) : of(true)) });
      expectObservable(failing).toBe('(a#)', { a: expect.objectContaining({ entryId: '1-0' }) }, new Error('db down'));
    });
    expect(log).toEqual(['pending', 'ack 1-0']);
  });

  it('waits for handle before acking, and acks a trimmed entry without delivering it', () => {
    const log: string[] = [];
    scheduler().run(({ cold, expectObservable }) => {
      const feed = feedOf({ pending: [of([{ entryId: '0-1', fields: undefined }, entry(1)])], claim: () => of([]), next: () => NEVER }, log);
      const slow = consumeFeed(feed, { claimEveryMs: 1000, scheduler: scheduler(), handle: () => cold('---x|').pipe(tap(() => log.push('stored'))) });
      expectObservable(slow, '^------!').toBe('---a', { a: expect.objectContaining({ entryId: '1-0' }) });
    });
    expect(log).toEqual(['pending', 'ack 0-1', 'stored', 'ack 1-0', 'pending', 'claim']);
  });

  it('ends with a DecodeError, unacked, on an entry the workers did not write', () => {
    const log: string[] = [];
    scheduler().run(({ expectObservable }) => {
      const feed = feedOf({ pending: [of([{ entryId: '9-0', fields: ['id', 'x'] }])], claim: () => of([]), next: () => NEVER }, log);
      expectObservable(consumeFeed(feed, { claimEveryMs: 1000, scheduler: scheduler() })).toBe('#', undefined, expect.objectContaining({ name: 'DecodeError', kind: 'decode' }));
    });
    expect(log).toEqual(['pending']);
  });
});
