import { defer, from, mergeMap, type Observable, Subject, throwError, timer } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { InvalidInputError } from '../../src/index';
import { pollDiff, type PollSnapshot, type ThreadChange } from '../../src/operators/pollDiff';
import { graphError, newScheduler } from '../support/marbles';

interface Item {
  readonly id: string;
  readonly updated_time: Date;
}

const FIVE_MINUTES = 300_000;

/**
 * A single-folder inbox on virtual time: threads by id -> second of their last message;
 * each subscription is one request (a quick poll of one page), answered after `latencyMs`.
 */
function inbox(scheduler: TestScheduler, latencyMs = 0) {
  const threads = new Map<string, number>([
    ['t1', 3],
    ['t2', 2],
    ['t3', 1],
  ]);
  const requests: number[] = [];
  const source: Observable<Item> = defer(() => {
    requests.push(scheduler.now());
    const list = [...threads].sort((a, b) => b[1] - a[1]).map(([id, s]) => ({ id, updated_time: new Date(s * 1000) }));
    return latencyMs === 0 ? from(list) : timer(latencyMs).pipe(mergeMap(() => from(list)));
  });
  /** A new message in `id` at virtual time `atMs` (its second grows past every other). */
  const messageAt = (atMs: number, id: string) => scheduler.schedule(() => threads.set(id, Math.max(...threads.values()) + 1), atMs);
  return { threads, requests, source, messageAt };
}

const seen = (changes: readonly ThreadChange<Item>[]) => changes.map((change) => `${change.type} ${change.thread.id}`);

describe('pollDiff with a trigger (virtual time)', () => {
  it('a quiet inbox costs no request between reconciliations (interval 5 min)', () => {
    const scheduler = newScheduler();
    scheduler.run(({ hot, expectObservable, flush }) => {
      const box = inbox(scheduler);
      const changes = box.source.pipe(pollDiff<Item>({ intervalMs: FIVE_MINUTES, emitInitial: false, trigger: hot<never>('') }));
      expectObservable(changes, `^ ${3 * FIVE_MINUTES - 1}ms !`).toBe('');
      flush();
      expect(box.requests).toEqual([0, FIVE_MINUTES, 2 * FIVE_MINUTES]);
    });
  });

  it('costs one request per interval with no events, and one quick poll per event, triggerDelayMs after it', () => {
    const scheduler = newScheduler();
    scheduler.run(({ hot, expectObservable, flush }) => {
      const box = inbox(scheduler);
      box.messageAt(60_000, 't3');
      const changes = box.source.pipe(pollDiff<Item>({ intervalMs: FIVE_MINUTES, emitInitial: false, trigger: hot('60000ms a') }));
      expectObservable(changes, `^ ${2 * FIVE_MINUTES}ms !`).toBe('60020ms u', { u: { type: 'updated', thread: { id: 't3', updated_time: new Date(4000) }, previous: { updated_time: new Date(1000).toISOString() } } });
      flush();
      expect(box.requests).toEqual([0, 60_020, FIVE_MINUTES, 2 * FIVE_MINUTES]);
    });
  });

  it('a burst of events costs one poll, and those that arrive during it one more, no sooner than triggerGapMs', () => {
    const scheduler = newScheduler();
    scheduler.run(({ hot, flush }) => {
      const box = inbox(scheduler, 100);
      const burst = `1000ms ${'a'.repeat(200)}`; // 200 events, one per ms, from 1000 to 1199
      const trigger = hot(burst);
      const changes: ThreadChange<Item>[] = [];
      const sub = box.source.pipe(pollDiff<Item>({ intervalMs: FIVE_MINUTES, emitInitial: false, trigger, triggerGapMs: 1000 })).subscribe((c) => changes.push(c));
      scheduler.schedule(() => sub.unsubscribe(), 10_000);
      flush();
      // Seeding at 0 (answered at 100); the burst's first event at 1000 waits for the gap
      // after that poll (1100); the events that came during that poll (1100..1199) ask for
      // one more, 1000 ms after it ended (1200).
      expect(box.requests).toEqual([0, 1100, 2200]);
      expect(changes).toEqual([]);
    });
  });

  it('reports a change found by a triggered poll once, and one whose webhook was lost at the next reconciliation', () => {
    const scheduler = newScheduler();
    scheduler.run(({ hot, flush }) => {
      const box = inbox(scheduler);
      box.messageAt(1000, 't2'); // its webhook arrives
      box.messageAt(5000, 't3'); // its webhook is lost
      const changes: ThreadChange<Item>[] = [];
      const at: number[] = [];
      const sub = box.source
        .pipe(pollDiff<Item>({ intervalMs: FIVE_MINUTES, emitInitial: false, trigger: hot('1000ms a') }))
        .subscribe((c) => {
          changes.push(c);
          at.push(scheduler.now());
        });
      scheduler.schedule(() => sub.unsubscribe(), 2 * FIVE_MINUTES + 1);
      flush();
      expect(seen(changes)).toEqual(['updated t2', 'updated t3']);
      expect(at).toEqual([1020, FIVE_MINUTES]);
      expect(box.requests).toEqual([0, 1020, FIVE_MINUTES, 2 * FIVE_MINUTES]);
    });
  });

  it('keeps the interval on its own clock: frequent events do not postpone reconciliation', () => {
    const scheduler = newScheduler();
    scheduler.run(({ hot, flush }) => {
      const box = inbox(scheduler);
      // An event every 60 s: each triggered poll would otherwise restart the 5 min wait.
      const trigger = hot('70000ms a 59999ms a 59999ms a 59999ms a');
      const sub = box.source.pipe(pollDiff<Item>({ intervalMs: FIVE_MINUTES, emitInitial: false, trigger })).subscribe();
      scheduler.schedule(() => sub.unsubscribe(), FIVE_MINUTES + 1);
      flush();
      expect(box.requests).toEqual([0, 70_020, 130_020, 190_020, 250_020, FIVE_MINUTES]);
    });
  });

  it('does not count triggered polls towards fullScanEvery, and saves after each', () => {
    const scheduler = newScheduler();
    scheduler.run(({ hot, flush }) => {
      const box = inbox(scheduler);
      const snapshots: PollSnapshot[] = [];
      const sub = box.source
        .pipe(pollDiff<Item>({ intervalMs: 1000, fullScanEvery: 3, emitInitial: false, trigger: hot('100ms a 199ms a 199ms a'), triggerGapMs: 0, onSnapshot: (s) => snapshots.push(s) }))
        .subscribe();
      scheduler.schedule(() => sub.unsubscribe(), 1500);
      flush();
      expect(box.requests).toEqual([0, 120, 320, 520, 1000]);
      expect(snapshots.map((s) => s.polls)).toEqual([1, 1, 1, 1, 2]);
    });
  });

  it('runs the seeding scan first when a trigger comes before it completed', () => {
    const scheduler = newScheduler();
    scheduler.run(({ hot, flush }) => {
      const box = inbox(scheduler, 100);
      const changes: ThreadChange<Item>[] = [];
      const sub = box.source.pipe(pollDiff<Item>({ intervalMs: FIVE_MINUTES, trigger: hot('50ms a'), triggerGapMs: 0 })).subscribe((c) => changes.push(c));
      scheduler.schedule(() => sub.unsubscribe(), 1000);
      flush();
      expect(seen(changes)).toEqual(['added t1', 'added t2', 'added t3']);
      expect(box.requests).toEqual([0, 120]); // the event during seeding asks for one quick poll after it
    });
  });

  it('waits what Graph asked before a triggered poll, too', () => {
    const scheduler = newScheduler();
    scheduler.run(({ hot, flush }) => {
      const box = inbox(scheduler);
      let failNext = false;
      box.messageAt(999, 't3');
      scheduler.schedule(() => (failNext = true), 1000);
      const flaky = defer(() => {
        if (!failNext) return box.source;
        failNext = false;
        box.requests.push(scheduler.now());
        return throwError(() => graphError(613, { retryAfterMs: 60_000 }));
      });
      const sub = flaky.pipe(pollDiff<Item>({ intervalMs: FIVE_MINUTES, emitInitial: false, trigger: hot('1000ms a 1999ms b'), onPollError: () => undefined })).subscribe();
      scheduler.schedule(() => sub.unsubscribe(), 100_000);
      flush();
      // 1020 fails asking 60 s; the event at 3001 waits until 1020 + 60000.
      expect(box.requests).toEqual([0, 1020, 61_020]);
    });
  });

  it('unsubscribes from the trigger with the stream; ends with its error; goes on when it completes', () => {
    newScheduler().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const trigger = hot('10ms a 9ms #');
      const source = cold<Item>('|');
      expectObservable(source.pipe(pollDiff<Item>({ intervalMs: 1000, trigger }))).toBe('20ms #');
      expectSubscriptions(trigger.subscriptions).toBe('^ 19ms !');
    });
    newScheduler().run(({ hot, cold, expectObservable }) => {
      const source = cold<Item>('(a|)', { a: { id: 't1', updated_time: new Date(1000) } });
      expectObservable(source.pipe(pollDiff<Item>({ intervalMs: 1000, emitInitial: false, trigger: hot('10ms |') })), '^ 2500ms !').toBe('');
      expectObservable(source.pipe(pollDiff<Item>({ intervalMs: 1000, trigger: hot('10ms |') })), '^ 10ms !').toBe('a', { a: { type: 'added', thread: { id: 't1', updated_time: new Date(1000) } } });
    });
  });

  it('fails on subscribe for a bad trigger or trigger timing, before any request', () => {
    let requests = 0;
    const source = defer(() => {
      requests += 1;
      return from<Item[]>([]);
    });
    for (const config of [{ trigger: 5 }, { trigger: new Subject(), triggerDelayMs: -1 }, { trigger: new Subject(), triggerGapMs: Number.NaN }]) {
      let failure: unknown;
      source.pipe(pollDiff<Item>({ intervalMs: 1000, ...(config as object) })).subscribe({ error: (e: unknown) => (failure = e) });
      expect(failure).toBeInstanceOf(InvalidInputError);
    }
    expect(requests).toBe(0);
  });
});
