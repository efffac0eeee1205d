import { defer, type Observable, of, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { ColdObservable } from 'rxjs/internal/testing/ColdObservable';
import { GraphApiError, InvalidInputError, TransportError } from '../../src/index';
import {
  memorySnapshotStore,
  pollDiff,
  type PollDiffConfig,
  type PollSnapshot,
  type SnapshotChange,
  type SnapshotEntry,
  type ThreadChange,
} from '../../src/operators/pollDiff';
import { checkSnapshot } from '../../src/polling/snapshot';
import { KnownThreads } from '../../src/polling/known';
import { DiffCore } from '../../src/polling/diff';

interface Item {
  readonly id: string;
  readonly updated_time: Date;
  readonly folder?: string;
}

// Threads at whole seconds, like Graph's; `folder` only when given (an untagged stream).
const th = (id: string, seconds: number, folder?: string): Item =>
  folder === undefined ? { id, updated_time: new Date(seconds * 1000) } : { id, updated_time: new Date(seconds * 1000), folder };
const entry = (seconds: number, folder?: string): SnapshotEntry => {
  const updated_time = new Date(seconds * 1000).toISOString();
  return folder === undefined ? { updated_time } : { updated_time, folder };
};
const snap = (polls: number, threads: Record<string, SnapshotEntry>): PollSnapshot => ({ version: 1, polls, threads });

const added = (thread: Item): ThreadChange<Item> => ({ type: 'added', thread });
const updated = (thread: Item, previous: SnapshotEntry): ThreadChange<Item> => ({ type: 'updated', thread, previous });
const removed = (id: string, previous: SnapshotEntry): ThreadChange<Item> => ({
  type: 'removed',
  thread: previous.folder === undefined
    ? { id, updated_time: new Date(previous.updated_time) }
    : { id, updated_time: new Date(previous.updated_time), folder: previous.folder },
  previous,
});

/** One cold observable per poll: each subscription of the result is the next poll. */
function perPoll<A>(polls: readonly ColdObservable<A>[]): Observable<A> {
  let index = 0;
  return defer(() => {
    const next = polls[index++];
    if (next === undefined) throw new Error(`poll ${index - 1} was not scripted`);
    return next;
  });
}

const newScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('pollDiff (virtual time)', () => {
  it('emits everything on the first full scan, then only changes, polls spaced by intervalMs', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const a = th('a', 20);
      const b = th('b', 10);
      const c = th('c', 30);
      const a2 = th('a', 40);
      const polls = [
        cold('a-b|', { a, b }),
        cold('c-a-b|', { a, b, c }),
        cold('x-c|', { x: a2, c }),
      ];
      const changes = perPoll(polls).pipe(pollDiff<Item>({ intervalMs: 3 }));
      expectObservable(changes, '^--------------!').toBe('A-B---C----U', {
        A: added(a),
        B: added(b),
        C: added(c),
        U: updated(a2, entry(20)),
      });
      // Each poll starts 3 frames after the previous one ended; quick polls stop at the first known thread.
      expectSubscriptions(polls[0]?.subscriptions ?? []).toBe('^--!');
      expectSubscriptions(polls[1]?.subscriptions ?? []).toBe('------^-!');
      expectSubscriptions(polls[2]?.subscriptions ?? []).toBe('-----------^-!');
    });
  });

  it('a quick poll over an unchanged inbox reads one thread and emits nothing', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const poll = cold('a-b-c-d|', { a: th('a', 4), b: th('b', 3), c: th('c', 2), d: th('d', 1) });
      const start = snap(5, { a: entry(4), b: entry(3), c: entry(2), d: entry(1) });
      expectObservable(perPoll([poll]).pipe(pollDiff<Item>({ intervalMs: 10, snapshot: start })), '^-----!').toBe('');
      expectSubscriptions(poll.subscriptions).toBe('(^!)');
    });
  });

  it('a quick poll unsubscribes from the source at the first unchanged thread', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const x = th('x', 9);
      const y = th('y', 8);
      const poll = cold('x-y-a-b-c|', { x, y, a: th('a', 4), b: th('b', 3), c: th('c', 2) });
      const start = snap(1, { a: entry(4), b: entry(3), c: entry(2), y: entry(5) });
      expectObservable(perPoll([poll]).pipe(pollDiff<Item>({ intervalMs: 10, snapshot: start })), '^-------!').toBe('X-Y', {
        X: added(x),
        Y: updated(y, entry(5)),
      });
      expectSubscriptions(poll.subscriptions).toBe('^---!');
    });
  });

  it('numbers polls from snapshot.polls: a restart on a full-scan number is still quick, the next multiple is full', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const values = { a: th('a', 4), b: th('b', 3) };
      const polls = [cold('a-b|', values), cold('a-b|', values), cold('a-b|', values)];
      const seen: number[] = [];
      const config: PollDiffConfig = { intervalMs: 1, fullScanEvery: 2, snapshot: snap(4, { a: entry(4), b: entry(3) }), onSnapshot: (s) => seen.push(s.polls) };
      expectObservable(perPoll(polls).pipe(pollDiff<Item>(config)), '^-----!').toBe('');
      expectSubscriptions(polls[0]?.subscriptions ?? []).toBe('(^!)'); // poll 4: quick, the restart
      expectSubscriptions(polls[1]?.subscriptions ?? []).toBe('-(^!)'); // poll 5: quick
      expectSubscriptions(polls[2]?.subscriptions ?? []).toBe('--^--!'); // poll 6: full
    });
  });

  it('every fullScanEvery-th poll walks everything and reports moves, and removals once a second full scan confirms them', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const a = th('a', 30, 'inbox');
      const b = th('b', 20, 'inbox');
      const c = th('c', 10, 'inbox');
      const moved = th('c', 10, 'other');
      const polls = [
        cold('a-b-c|', { a, b, c }), // poll 0: full, seeds silently
        cold('a-c|', { a, c: moved }), // poll 1: quick, stops at a
        cold('a-c|', { a, c: moved }), // poll 2: full: c moved, b unseen
        cold('a-c|', { a, c: moved }), // poll 3: quick, stops at a
        cold('a-c|', { a, c: moved }), // poll 4: full: b unseen again, so it is gone
      ];
      const changes = perPoll(polls).pipe(pollDiff<Item>({ intervalMs: 2, fullScanEvery: 2, emitInitial: false }));
      expectObservable(changes, '^-------------------!').toBe('-----------M-------R', {
        M: updated(moved, entry(10, 'inbox')),
        R: removed('b', entry(20, 'inbox')),
      });
      expectSubscriptions(polls[0]?.subscriptions ?? []).toBe('^----!');
      expectSubscriptions(polls[1]?.subscriptions ?? []).toBe('-------(^!)');
      expectSubscriptions(polls[2]?.subscriptions ?? []).toBe('---------^--!');
      expectSubscriptions(polls[3]?.subscriptions ?? []).toBe('--------------(^!)');
      expectSubscriptions(polls[4]?.subscriptions ?? []).toBe('----------------^--!');
    });
  });

  it('emits one change per id per poll, unless the same id comes back newer', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const a = th('a', 20);
      const b = th('b', 10);
      const a2 = th('a', 25);
      const poll = cold('a-b-a-x|', { a, b, x: a2 });
      expectObservable(perPoll([poll]).pipe(pollDiff<Item>({ intervalMs: 5 })), '^-------!').toBe('A-B---U', {
        A: added(a),
        B: added(b),
        U: updated(a2, entry(20)),
      });
    });
    newScheduler().run(({ cold, expectObservable }) => {
      // Moved mid-walk, seen in both folders at the same time: one move, not a move and back.
      const there = th('c', 10, 'inbox');
      const values = { c: there, b: th('b', 9, 'inbox'), d: th('c', 10, 'other') };
      const polls = [cold('d-b|', values), cold('c-b-d|', values)];
      const config: PollDiffConfig = { intervalMs: 1, fullScanEvery: 1, emitInitial: false };
      expectObservable(perPoll(polls).pipe(pollDiff<Item>(config)), '^--------!').toBe('----M', {
        M: updated(there, entry(10, 'other')),
      });
    });
  });

  it('falls back to a full scan at once when the order is broken, without emitting anything twice', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const b = th('b', 30);
      const d = th('d', 40);
      const quick = cold('b-d-a|', { b, d, a: th('a', 20) });
      const full = cold('d-b-a|', { d, b, a: th('a', 20) });
      // c was already missed by the previous full scan: the fallback walk is a full scan too.
      const start: PollSnapshot = { ...snap(1, { a: entry(20), b: entry(10), c: entry(5) }), unconfirmed: ['c'] };
      const changes = perPoll([quick, full]).pipe(pollDiff<Item>({ intervalMs: 5, snapshot: start }));
      expectObservable(changes, '^-------!').toBe('U-D----R', {
        U: updated(b, entry(10)),
        D: added(d),
        R: removed('c', entry(5)),
      });
      expectSubscriptions(quick.subscriptions).toBe('^-!');
      expectSubscriptions(full.subscriptions).toBe('--^----!');
    });
  });

  it('a retryable error keeps the stream alive; the retry emits nothing twice and still finds what the failed poll missed', () => {
    const failures: Array<[unknown, number]> = [];
    const snapshots: PollSnapshot[] = [];
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const rateLimited = new GraphApiError({ status: 400, code: 613, message: '(#613) Calls to this api have exceeded the rate limit.' });
      const a = th('a', 20);
      const b = th('b', 19);
      const c = th('c', 18);
      const failing = cold('a-b-#', { a, b }, rateLimited);
      const retry = cold('a-b-c-d|', { a, b, c, d: th('d', 7) });
      const start = snap(1, { a: entry(10), b: entry(9), c: entry(8), d: entry(7) });
      const config: PollDiffConfig = {
        intervalMs: 3,
        snapshot: start,
        onPollError: (error, poll) => failures.push([error, poll]),
        onSnapshot: (s) => snapshots.push(s),
      };
      expectObservable(perPoll([failing, retry]).pipe(pollDiff<Item>(config)), '^-------------!').toBe('A-B--------C', {
        A: updated(a, entry(10)),
        B: updated(b, entry(9)),
        C: updated(c, entry(8)),
      });
      expectSubscriptions(failing.subscriptions).toBe('^---!');
      expectSubscriptions(retry.subscriptions).toBe('-------^-----!');
    });
    expect(failures).toHaveLength(1);
    expect(failures[0]?.[0]).toMatchObject({ kind: 'rate-limit', retryable: true });
    expect(failures[0]?.[1]).toBe(1);
    // The failed poll keeps its emitted changes but does not count; the retry is poll 1 again.
    expect(snapshots.map((s) => s.polls)).toEqual([1, 2]);
    expect(snapshots[0]?.threads).toEqual({ a: entry(20), b: entry(19), c: entry(8), d: entry(7) });
    expect(snapshots[1]?.threads).toEqual({ a: entry(20), b: entry(19), c: entry(18), d: entry(7) });
  });

  it('a poll that failed with what a later walk may not meet again is skipped: a stale cursor past the walk’s restarts, a refused connection', () => {
    const failures: string[] = [];
    newScheduler().run(({ cold, expectObservable }) => {
      const stale = new GraphApiError({ status: 400, code: 2642, message: '(#2642) Invalid cursors values' });
      const refused = new TransportError({ kind: 'network', message: 'Request failed: connection refused by 127.0.0.1:9 (ECONNREFUSED)', retryable: false });
      const a = th('a', 20);
      const config: PollDiffConfig = { intervalMs: 2, onPollError: (error) => failures.push((error as TransportError).kind) };
      const polls = [cold<Item>('#', {}, stale), cold<Item>('#', {}, refused), cold('a|', { a })];
      expectObservable(perPoll(polls).pipe(pollDiff<Item>(config)), '^-----!').toBe('----A', { A: added(a) });
    });
    expect(failures).toEqual(['invalid-cursor', 'network']);
  });

  it('after a rate limit the next poll waits what Graph asked, when that is longer than intervalMs', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const limited = new GraphApiError({ status: 400, code: 80006, message: '(#80006) There have been too many messenger api calls', retryAfterMs: 50 });
      const failing = cold<Item>('#', {}, limited);
      const next = cold('a|', { a: th('a', 20) });
      expectObservable(perPoll([failing, next]).pipe(pollDiff<Item>({ intervalMs: 5, onPollError: () => undefined })), `^${'-'.repeat(52)}!`).toBe(`${'-'.repeat(50)}A`, {
        A: added(th('a', 20)),
      });
      expectSubscriptions(next.subscriptions).toBe(`${'-'.repeat(50)}^!`);
    });
  });

  it('a non-retryable error ends the stream', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const boom = new Error('boom');
      const poll = cold('a-#', { a: th('a', 1) }, boom);
      expectObservable(perPoll([poll]).pipe(pollDiff<Item>({ intervalMs: 1 }))).toBe('A-#', { A: added(th('a', 1)) }, boom);
    });
    newScheduler().run(({ cold, expectObservable }) => {
      // `retryable` must be exactly true: a truthy string is not an invitation to retry.
      const odd = { retryable: 'yes' };
      expectObservable(perPoll([cold<Item>('#', {}, odd)]).pipe(pollDiff<Item>({ intervalMs: 1, onPollError: () => undefined }))).toBe('#', {}, odd);
    });
  });

  it('unsubscribing stops the walk in flight and the pause timer', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const walking = cold('a-b-c-d|', { a: th('a', 4), b: th('b', 3), c: th('c', 2), d: th('d', 1) });
      expectObservable(perPoll([walking]).pipe(pollDiff<Item>({ intervalMs: 1, emitInitial: false })), '^--!').toBe('');
      expectSubscriptions(walking.subscriptions).toBe('^--!');
    });
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      // Unsubscribed during the pause: the next poll (which would throw: unscripted) never starts.
      const only = cold('a|', { a: th('a', 4) });
      expectObservable(perPoll([only]).pipe(pollDiff<Item>({ intervalMs: 5 })), '^---!').toBe('A', { A: added(th('a', 4)) });
      expectSubscriptions(only.subscriptions).toBe('^!');
    });
  });

  it('a snapshot from onSnapshot survives JSON and restarts without emitting anything', () => {
    const snapshots: PollSnapshot[] = [];
    const values = { a: th('a', 30, 'inbox'), b: th('b', 20, 'other') };
    newScheduler().run(({ cold, expectObservable }) => {
      const poll = cold('a-b|', values);
      const changes = perPoll([poll]).pipe(pollDiff<Item>({ intervalMs: 5, onSnapshot: (s) => snapshots.push(s) }));
      expectObservable(changes, '^----!').toBe('A-B', { A: added(values.a), B: added(values.b) });
    });
    const saved = snapshots[0];
    expect(saved).toEqual(snap(1, { a: entry(30, 'inbox'), b: entry(20, 'other') }));
    const revived: unknown = JSON.parse(JSON.stringify(saved));
    expect(revived).toEqual(saved);

    const after: PollSnapshot[] = [];
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const poll = cold('a-b|', values);
      const restarted = perPoll([poll]).pipe(pollDiff<Item>({ intervalMs: 5, snapshot: revived as PollSnapshot, onSnapshot: (s) => after.push(s) }));
      expectObservable(restarted, '^--!').toBe('');
      expectSubscriptions(poll.subscriptions).toBe('(^!)');
    });
    expect(after).toEqual([snap(2, { a: entry(30, 'inbox'), b: entry(20, 'other') })]);
  });

  it('loads from the store on subscribe and saves after every poll', () => {
    const store = memorySnapshotStore(snap(3, { a: entry(4), b: entry(3) }));
    newScheduler().run(({ cold, expectObservable }) => {
      const x = th('x', 9);
      const polls = [cold('x-a|', { x, a: th('a', 4) }), cold('x|', { x })];
      // Poll 4 stops at a (frame 2); poll 5 starts at 4 and stops at x, now known.
      expectObservable(perPoll(polls).pipe(pollDiff<Item>({ intervalMs: 2, store })), '^----!').toBe('X', { X: added(x) });
    });
    expect(store.current).toEqual(snap(5, { a: entry(4), b: entry(3), x: entry(9) }));
  });

  it('rejects bad options on subscribe with an InvalidInputError naming the option', () => {
    const cases: Array<[Partial<PollDiffConfig> & { intervalMs: number }, string]> = [
      [{ intervalMs: -1 }, 'intervalMs'],
      [{ intervalMs: Number.NaN }, 'intervalMs'],
      [{ intervalMs: Number.POSITIVE_INFINITY }, 'intervalMs'],
      [{ intervalMs: 10, fullScanEvery: 0 }, 'fullScanEvery'],
      [{ intervalMs: 10, fullScanEvery: 2.5 }, 'fullScanEvery'],
      [{ intervalMs: 10, snapshot: snap(0, {}), store: memorySnapshotStore() }, 'snapshot'],
      [{ intervalMs: 10, snapshot: { version: 2, polls: 0, threads: {} } as unknown as PollSnapshot }, 'snapshot'],
      [{ intervalMs: 10, snapshot: snap(0, { a: { updated_time: 'yesterday' } }) }, 'snapshot'],
    ];
    for (const [config, option] of cases) {
      let subscribed = 0;
      const source = defer(() => {
        subscribed += 1;
        return of(th('a', 1));
      });
      const operator = pollDiff<Item>(config); // does not throw: the error is a notification
      let error: unknown;
      source.pipe(operator).subscribe({ error: (e: unknown) => (error = e) });
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error).toMatchObject({ kind: 'invalid-input', option, retryable: false });
      expect(subscribed).toBe(0);
    }
  });

  it('an invalid snapshot from the store is an InvalidInputError', () => {
    let error: unknown;
    of(th('a', 1))
      .pipe(pollDiff<Item>({ intervalMs: 1, store: { load: () => ({ version: 1, polls: -3, threads: {} }), save: () => undefined } }))
      .subscribe({ error: (e: unknown) => (error = e) });
    expect(error).toMatchObject({ option: 'store', message: expect.stringContaining('polls is -3') });
  });
});

describe('pollDiff with an async store (real time)', () => {
  it('waits for save before the next poll, so polls never overlap', async () => {
    let subscriptions = 0;
    const source = defer(() => {
      subscriptions += 1;
      return of(th('a', 1));
    });
    const pendingSaves: Array<() => void> = [];
    const saved: number[] = [];
    const store = {
      load: () => Promise.resolve(undefined),
      save: (s: SnapshotChange) =>
        new Promise<void>((resolve) => {
          pendingSaves.push(() => {
            saved.push(s.polls);
            resolve();
          });
        }),
    };
    const subscription = source.pipe(pollDiff<Item>({ intervalMs: 0, store })).subscribe();
    await waitFor(() => pendingSaves.length === 1);
    // The save is pending: many turns of the event loop later (intervalMs is 0), still one poll.
    await turns(50);
    expect(subscriptions).toBe(1);
    pendingSaves[0]?.();
    await waitFor(() => subscriptions === 2);
    subscription.unsubscribe();
    expect(saved).toEqual([1]);
  });
});

const turn = () => new Promise((resolve) => setImmediate(resolve));
async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i += 1) await turn();
}
/** Resolves once `condition` holds, checking after each macrotask (bounded). */
async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i += 1) await turn();
  expect(condition()).toBe(true);
}

describe('the diff core', () => {
  it('checkSnapshot copies a valid snapshot and refuses broken ones', () => {
    const given = snap(2, { t_1: entry(5, 'inbox') });
    const checked = checkSnapshot('snapshot', given);
    expect(checked).toEqual({ _tag: 'Right', right: given });
    expect(checkSnapshot('snapshot', null)._tag).toBe('Left');
    expect(checkSnapshot('snapshot', { version: 1, polls: 0, threads: { a: { updated_time: 'x' } } })._tag).toBe('Left');
    expect(checkSnapshot('snapshot', { version: 1, polls: 0, threads: { a: { updated_time: entry(1).updated_time, folder: 3 } } })._tag).toBe('Left');
  });

  it('a full walk suspects unseen ids; the next full walk that misses them too reports them removed and commits them away', () => {
    const known = new KnownThreads(snap(0, { a: entry(2), gone: entry(1) }));
    const first = new DiffCore<Item>(known, 'full', false);
    expect(first.step(th('a', 2))).toEqual({ next: 'continue', change: undefined });
    expect(first.finish()).toEqual([]);
    known.commit();
    expect(known.snapshot()).toEqual({ ...snap(1, { a: entry(2), gone: entry(1) }), unconfirmed: ['gone'] });
    const second = new DiffCore<Item>(known, 'full', false);
    expect(second.step(th('a', 2))).toEqual({ next: 'continue', change: undefined });
    expect(second.finish()).toEqual([removed('gone', entry(1))]);
    known.commit();
    expect(known.snapshot()).toEqual(snap(2, { a: entry(2) }));
  });

  it('checkSnapshot refuses marks that are not thread ids of the snapshot', () => {
    const threads = { a: entry(1) };
    expect(checkSnapshot('snapshot', { version: 1, polls: 0, threads, unconfirmed: ['a'], uncommitted: ['a'] })._tag).toBe('Right');
    expect(checkSnapshot('snapshot', { version: 1, polls: 0, threads, unconfirmed: 'a' })._tag).toBe('Left');
    expect(checkSnapshot('snapshot', { version: 1, polls: 0, threads, uncommitted: [3] })._tag).toBe('Left');
    expect(checkSnapshot('snapshot', { version: 1, polls: 0, threads, unconfirmed: ['b'] })).toMatchObject({ left: { message: expect.stringContaining('unconfirmed lists "b"') } });
  });

  it('changes of an unfinished poll stay pending: diffed against, but not stopped at', () => {
    const known = new KnownThreads(snap(0, { a: entry(1), b: entry(0) }));
    const first = new DiffCore<Item>(known, 'quick', false);
    expect(first.step(th('a', 5))).toEqual({ next: 'continue', change: updated(th('a', 5), entry(1)) });
    const retry = new DiffCore<Item>(known, 'quick', false);
    expect(retry.step(th('a', 5))).toEqual({ next: 'continue', change: undefined });
    expect(retry.step(th('b', 0))).toEqual({ next: 'stop' });
  });
});

describe('pollDiff: removed only when the absence is confirmed (virtual time)', () => {
  it('a thread bumped to the front while a full scan is past page 1 is reported updated, never removed and re-added', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const [a, b, c] = [th('a', 30), th('b', 20), th('c', 10)];
      const b2 = th('b', 40);
      const polls = [
        cold('a-b-c|', { a, b, c }), // poll 0: full, seeds silently
        cold('a-c|', { a, c }), // poll 1: full; b moved to the front after page 1 (a) was read
        cold('x-a-c|', { x: b2, a, c }), // poll 2: full; b is at the top with its new time
      ];
      const changes = perPoll(polls).pipe(pollDiff<Item>({ intervalMs: 1, fullScanEvery: 1, emitInitial: false }));
      expectObservable(changes, '^--------------!').toBe('----------U', { U: updated(b2, entry(20)) });
      // No extra walk: one subscription per poll.
      expectSubscriptions(polls[0]?.subscriptions ?? []).toBe('^----!');
      expectSubscriptions(polls[1]?.subscriptions ?? []).toBe('------^--!');
      expectSubscriptions(polls[2]?.subscriptions ?? []).toBe('----------^----!');
    });
  });

  it('a thread gone from two consecutive full scans is removed at the second, with no extra request', () => {
    const snapshots: PollSnapshot[] = [];
    newScheduler().run(({ cold, expectObservable }) => {
      const [a, b] = [th('a', 30), th('b', 20)];
      const polls = [cold('a-b|', { a, b }), cold('a|', { a }), cold('a|', { a }), cold('a|', { a })];
      const config: PollDiffConfig = { intervalMs: 1, fullScanEvery: 1, emitInitial: false, onSnapshot: (s) => snapshots.push(s) };
      expectObservable(perPoll(polls).pipe(pollDiff<Item>(config)), '^---------!').toBe('-------R', { R: removed('b', entry(20)) });
    });
    // Still in the snapshot while unconfirmed, marked as such; gone once confirmed.
    expect(snapshots[1]).toEqual({ ...snap(2, { a: entry(30), b: entry(20) }), unconfirmed: ['b'] });
    expect(snapshots[2]).toEqual(snap(3, { a: entry(30) }));
  });

  it('a sighting by a quick poll clears the suspicion; a thread no walk sees again is removed at the next full scan', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const [a, b, c] = [th('a', 30), th('b', 20), th('c', 10)];
      const b2 = th('b', 40);
      const polls = [
        cold('a-b-c|', { a, b, c }), // poll 0: full, seeds
        cold('a|', { a }), // poll 1: quick
        cold('a|', { a }), // poll 2: full: b and c unseen (b mid-walk bump, c deleted)
        cold('x-a|', { x: b2, a }), // poll 3: quick: b at the top
        cold('x-a|', { x: b2, a }), // poll 4: full: c unseen again
        cold('x|', { x: b2 }), // poll 5: quick
      ];
      const changes = perPoll(polls).pipe(pollDiff<Item>({ intervalMs: 1, fullScanEvery: 2, emitInitial: false }));
      expectObservable(changes, '^----------------!').toBe('---------U-----C', {
        U: updated(b2, entry(20)),
        C: removed('c', entry(10)),
      });
    });
  });

  it('the suspicion survives a restart from the saved snapshot', () => {
    const store = memorySnapshotStore(snap(4, { a: entry(30), b: entry(20) }));
    newScheduler().run(({ cold, expectObservable }) => {
      // Poll 4 (quick: the restart) stops at a; poll 5 (full) misses b.
      const polls = [cold('a|', { a: th('a', 30) }), cold('a|', { a: th('a', 30) })];
      expectObservable(perPoll(polls).pipe(pollDiff<Item>({ intervalMs: 5, fullScanEvery: 1, store })), '^-------!').toBe('');
    });
    expect(store.current).toEqual({ ...snap(6, { a: entry(30), b: entry(20) }), unconfirmed: ['b'] });
    newScheduler().run(({ cold, expectObservable }) => {
      // Poll 6 (quick: the restart) does not decide; poll 7 (full) misses b again.
      const polls = [cold('a|', { a: th('a', 30) }), cold('a|', { a: th('a', 30) })];
      expectObservable(perPoll(polls).pipe(pollDiff<Item>({ intervalMs: 5, fullScanEvery: 1, store })), '^-------!').toBe('------R', { R: removed('b', entry(20)) });
    });
  });
});

describe('pollDiff: a restart from the store emits each change once (virtual time)', () => {
  it('a non-retryable error after page 1 saves what was emitted; the restart emits only the rest', () => {
    const store = memorySnapshotStore(snap(1, { a: entry(10), b: entry(9), c: entry(8), d: entry(7) }));
    const values = { a: th('a', 20), b: th('b', 19), c: th('c', 18), d: th('d', 7) };
    const fatal = new GraphApiError({ status: 400, code: 100, message: '(#100) Invalid parameter' });
    newScheduler().run(({ cold, expectObservable }) => {
      const failing = cold('a-b-#', values, fatal);
      expectObservable(perPoll([failing]).pipe(pollDiff<Item>({ intervalMs: 1, store }))).toBe('A-B-#', {
        A: updated(values.a, entry(10)),
        B: updated(values.b, entry(9)),
      }, fatal);
    });
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const restart = cold('a-b-c-d|', values);
      // The restart's quick poll diffs against a and b (no repeat) but does not stop there: c changed too.
      expectObservable(perPoll([restart]).pipe(pollDiff<Item>({ intervalMs: 5, store })), '^-------!').toBe('----C', {
        C: updated(values.c, entry(8)),
      });
      expectSubscriptions(restart.subscriptions).toBe('^-----!');
    });
    expect(store.current).toEqual(snap(2, { a: entry(20), b: entry(19), c: entry(18), d: entry(7) }));
  });

  it('a retryable error saves what was emitted the same way: a restart before the retry does not repeat it', () => {
    const store = memorySnapshotStore(snap(1, { a: entry(10), b: entry(9), c: entry(8) }));
    const values = { a: th('a', 20), b: th('b', 19), c: th('c', 18) };
    const rateLimited = new GraphApiError({ status: 400, code: 613, message: '(#613) Calls to this api have exceeded the rate limit.' });
    newScheduler().run(({ cold, expectObservable }) => {
      const failing = cold('a-#', values, rateLimited);
      expectObservable(perPoll([failing]).pipe(pollDiff<Item>({ intervalMs: 5, store, onPollError: () => undefined })), '^---!').toBe('A', {
        A: updated(values.a, entry(10)),
      });
    });
    newScheduler().run(({ cold, expectObservable }) => {
      const restart = cold('a-b-c|', values);
      expectObservable(perPoll([restart]).pipe(pollDiff<Item>({ intervalMs: 5, store })), '^-----!').toBe('--B-C', {
        B: updated(values.b, entry(9)),
        C: updated(values.c, entry(8)),
      });
    });
  });
});

describe('pollDiff({ confirmRemoved }): removals confirmed by the source (virtual time)', () => {
  const gone = (...ids: string[]): readonly string[] => ids;

  it('a thread two full scans missed but the port says exists is not removed; its suspicion is cleared and a later walk reports its move', () => {
    const asked: Array<readonly string[]> = [];
    const snapshots: PollSnapshot[] = [];
    newScheduler().run(({ cold, expectObservable }) => {
      const [a, b] = [th('a', 30, 'inbox'), th('b', 20, 'inbox')];
      const bMoved = th('b', 20, 'other');
      const polls = [
        cold('a-b|', { a, b }), // poll 0: seeds
        cold('a|', { a }), // poll 1: b moved during the walk: suspect
        cold('a|', { a }), // poll 2: and again: a candidate, the port says it exists
        cold('a-b|', { a, b: bMoved }), // poll 3: seen where it is now
      ];
      const config: PollDiffConfig = {
        intervalMs: 1,
        fullScanEvery: 1,
        emitInitial: false,
        onSnapshot: (s) => snapshots.push(s),
        confirmRemoved: (ids) => {
          asked.push(ids);
          return gone();
        },
      };
      expectObservable(perPoll(polls).pipe(pollDiff<Item>(config)), '^-----------!').toBe('----------U', { U: updated(bMoved, entry(20, 'inbox')) });
    });
    // Asked once, only about the candidate, only after the second miss.
    expect(asked).toEqual([['b']]);
    expect(snapshots[1]).toEqual({ ...snap(2, { a: entry(30, 'inbox'), b: entry(20, 'inbox') }), unconfirmed: ['b'] });
    expect(snapshots[2]).toEqual(snap(3, { a: entry(30, 'inbox'), b: entry(20, 'inbox') }));
    expect(snapshots[3]).toEqual(snap(4, { a: entry(30, 'inbox'), b: entry(20, 'other') }));
  });

  it('a candidate the port says is gone is removed once, when the answer arrives; ids it was not asked about are ignored', () => {
    const snapshots: PollSnapshot[] = [];
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const [a, b] = [th('a', 30), th('b', 20)];
      const answer = cold('--(x|)', { x: gone('b', 'a', 'never-known') });
      const polls = [cold('a-b|', { a, b }), cold('a|', { a }), cold('a|', { a }), cold('a|', { a })];
      const config: PollDiffConfig = { intervalMs: 1, fullScanEvery: 1, emitInitial: false, onSnapshot: (s) => snapshots.push(s), confirmRemoved: () => answer };
      // Poll 2 walks frames 6-7, the answer comes at 9; the next poll waits for it (and the save).
      expectObservable(perPoll(polls).pipe(pollDiff<Item>(config)), '^-----------!').toBe('---------R', { R: removed('b', entry(20)) });
      expectSubscriptions(answer.subscriptions).toBe('-------^-!');
      expectSubscriptions(polls[3]?.subscriptions ?? []).toBe('----------^!');
    });
    expect(snapshots.map((s) => s.polls)).toEqual([1, 2, 3, 4]);
    expect(snapshots[2]).toEqual(snap(3, { a: entry(30) }));
    expect(snapshots[3]).toEqual(snap(4, { a: entry(30) }));
  });

  it('a retryable error from the port skips the confirmation: the candidates stay suspects, onPollError hears it, the next full scan asks again', () => {
    const failures: Array<[unknown, number]> = [];
    const snapshots: PollSnapshot[] = [];
    const throttled = new GraphApiError({ status: 400, code: 613, message: '(#613) Calls to this api have exceeded the rate limit.' });
    const answers = [throwError(() => throttled), of(gone('b'))];
    newScheduler().run(({ cold, expectObservable }) => {
      const [a, b] = [th('a', 30), th('b', 20)];
      const polls = [cold('a-b|', { a, b }), cold('a|', { a }), cold('a|', { a }), cold('a|', { a }), cold('a|', { a })];
      const config: PollDiffConfig = {
        intervalMs: 1,
        fullScanEvery: 1,
        emitInitial: false,
        onSnapshot: (s) => snapshots.push(s),
        onPollError: (error, poll) => failures.push([error, poll]),
        confirmRemoved: () => answers.shift() ?? of(gone()),
      };
      expectObservable(perPoll(polls).pipe(pollDiff<Item>(config)), '^---------!').toBe('---------R', { R: removed('b', entry(20)) });
    });
    expect(failures).toEqual([[throttled, 2]]);
    // The poll still completed; b is still a suspect, not removed and not cleared.
    expect(snapshots[2]).toEqual({ ...snap(3, { a: entry(30), b: entry(20) }), unconfirmed: ['b'] });
    expect(snapshots[3]).toEqual(snap(4, { a: entry(30) }));
  });

  it('a non-retryable error from the port ends the stream after saving what the poll emitted, candidates still suspects', () => {
    const store = memorySnapshotStore({ ...snap(2, { a: entry(30), b: entry(20) }), unconfirmed: ['b'] });
    const expired = new GraphApiError({ status: 400, code: 190, subcode: 463, message: 'Error validating access token: Session has expired' });
    newScheduler().run(({ cold, expectObservable }) => {
      const a2 = th('a', 40);
      // Poll 2 (quick: the restart) stops at nothing, poll 3 is full: a newer, b missing again.
      const polls = [cold('x|', { x: th('a', 30) }), cold('x|', { x: a2 })];
      const config: PollDiffConfig = { intervalMs: 1, fullScanEvery: 1, store, confirmRemoved: () => throwError(() => expired) };
      expectObservable(perPoll(polls).pipe(pollDiff<Item>(config))).toBe('-U#', { U: updated(a2, entry(30)) }, expired);
    });
    expect(store.current).toEqual({ ...snap(3, { a: entry(40), b: entry(20) }), unconfirmed: ['b'], uncommitted: ['a'] });
  });

  it('is not asked about a first miss, nor after a sighting cleared the suspicion', () => {
    let asked = 0;
    newScheduler().run(({ cold, expectObservable }) => {
      const [a, b] = [th('a', 30), th('b', 20)];
      const b2 = th('b', 40);
      const polls = [
        cold('a-b|', { a, b }), // poll 0: full, seeds
        cold('a|', { a }), // poll 1: quick
        cold('a|', { a }), // poll 2: full, b missed once: only a suspect
        cold('x-a|', { x: b2, a }), // poll 3: quick, b sighted
        cold('x-a|', { x: b2, a }), // poll 4: full, all seen
      ];
      const config: PollDiffConfig = { intervalMs: 1, fullScanEvery: 2, emitInitial: false, confirmRemoved: () => ((asked += 1), gone()) };
      expectObservable(perPoll(polls).pipe(pollDiff<Item>(config)), '^-------------!').toBe('-------U', { U: updated(b2, entry(20)) });
    });
    expect(asked).toBe(0);
  });

  it('an answer that is not a list of ids ends the stream with an InvalidInputError naming confirmRemoved', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const [a, b] = [th('a', 30), th('b', 20)];
      const polls = [cold('a-b|', { a, b }), cold('a|', { a }), cold('a|', { a })];
      const config = { intervalMs: 1, fullScanEvery: 1, emitInitial: false, confirmRemoved: () => 'b' } as unknown as PollDiffConfig;
      expectObservable(perPoll(polls).pipe(pollDiff<Item>(config))).toBe('-------#', {}, expect.objectContaining({ kind: 'invalid-input', option: 'confirmRemoved' }));
    });
  });

  it('confirmRemoved must be a function', () => {
    let error: unknown;
    of(th('a', 1))
      .pipe(pollDiff<Item>({ intervalMs: 1, confirmRemoved: 'yes' } as unknown as PollDiffConfig))
      .subscribe({ error: (e: unknown) => (error = e) });
    expect(error).toMatchObject({ kind: 'invalid-input', option: 'confirmRemoved' });
  });
});

describe('pollDiff({ confirmRemoved }) with a Promise answer (real time)', () => {
  it('waits for the Promise: nothing is removed and no poll starts before it settles, then what it confirms is removed', async () => {
    const walks = [['a', 'b'], ['a'], ['a']];
    let subscriptions = 0;
    const source = defer(() => of(...(walks[Math.min(subscriptions++, walks.length - 1)] ?? []).map((id) => th(id, id === 'a' ? 30 : 20))));
    let settle: (ids: readonly string[]) => void = () => undefined;
    let signalAsked: (ids: readonly string[]) => void = () => undefined;
    const asked = new Promise<readonly string[]>((resolve) => (signalAsked = resolve));
    const confirmRemoved = (ids: readonly string[]) => {
      signalAsked(ids);
      return new Promise<readonly string[]>((resolve) => (settle = resolve));
    };
    const changes: Array<ThreadChange<Item>> = [];
    let signalChange: () => void = () => undefined;
    const changed = new Promise<void>((resolve) => (signalChange = resolve));
    const subscription = source
      .pipe(pollDiff<Item>({ intervalMs: 0, fullScanEvery: 1, emitInitial: false, confirmRemoved }))
      .subscribe((change) => {
        changes.push(change);
        signalChange();
      });
    expect(await asked).toEqual(['b']);
    // Give the loop every chance to run ahead: it must not.
    await new Promise((resolve) => setImmediate(resolve));
    expect(changes).toEqual([]);
    expect(subscriptions).toBe(3);
    settle(['b']);
    await changed;
    subscription.unsubscribe();
    expect(changes).toEqual([removed('b', entry(20))]);
  });
});
