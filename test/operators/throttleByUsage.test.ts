import { asyncScheduler, of } from 'rxjs';
import { paginate, type PageOf } from '../../src/conversations/paginate';
import { createUsageThrottle, InvalidInputError, throttleByUsage, type GraphUsage, type PagePolicy } from '../../src/index';
import { reserveSlot, spacingMs } from '../../src/operators/usageThrottle';
import { newScheduler } from '../support/marbles';

type Item = { id: string };
const usageAt = (percent: number, regainMinutes = 0): GraphUsage => ({ app: { call_count: percent }, page: { estimated_time_to_regain_access: regainMinutes } });

// Pages report the usage given for them; each arrives 1 frame after it is asked for.
function walk(cold: ReturnType<typeof newScheduler>['createColdObservable'], usages: GraphUsage[], perPage?: PagePolicy) {
  const pages: Array<PageOf<Item>> = usages.map((usage, i) => ({ items: [{ id: `t${i}` }], next: i + 1 < usages.length ? `p${i + 1}` : undefined, usage }));
  const fetchPage = (url: string) => cold('-(p|)', { p: pages[Number(url.slice(1))] as PageOf<Item> });
  return paginate('p0', fetchPage, (item: Item) => item.id, { perPage });
}

describe('throttle arithmetic', () => {
  it('spaces nothing below the threshold and up to maxDelayMs at 100%', () => {
    expect(spacingMs(50, 75, 1000)).toBe(0);
    expect(spacingMs(75, 75, 1000)).toBe(0);
    expect(spacingMs(87.5, 75, 1000)).toBe(500);
    expect(spacingMs(100, 75, 1000)).toBe(1000);
    expect(spacingMs(140, 75, 1000)).toBe(1000);
  });

  it('queues concurrent requests one spacing apart and honours the regain time', () => {
    const state = { percent: 100, regainAt: 0, lastStartAt: undefined };
    const first = reserveSlot(state, 10, 75, 100);
    const second = reserveSlot(first.state, 10, 75, 100);
    expect([first.waitMs, second.waitMs]).toEqual([0, 100]);
    expect(reserveSlot({ ...state, regainAt: 500 }, 10, 75, 100).waitMs).toBe(490);
  });
});

describe('throttleByUsage in perPage', () => {
  it('does not slow a walk whose usage stays under the threshold', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const throttle = createUsageThrottle({ threshold: 75, maxDelayMs: 100 });
      expectObservable(walk(cold, [usageAt(10), usageAt(20), usageAt(30)], throttleByUsage({ throttle }))).toBe('-ab(c|)', { a: { id: 't0' }, b: { id: 't1' }, c: { id: 't2' } });
    });
  });

  it('spaces requests once usage passes the threshold, and waits out regain time', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const throttle = createUsageThrottle({ threshold: 75, maxDelayMs: 100 });
      // Page 0 reports 100%: page 1 is asked for 100 frames after page 0 was (at 100, arrives 101).
      // Page 1 reports regain in 1 minute: page 2 is asked for at 101 + 60000, arrives a frame later.
      const values = { a: { id: 't0' }, b: { id: 't1' }, c: { id: 't2' } };
      expectObservable(walk(cold, [usageAt(100), usageAt(100, 1), usageAt(10)], throttleByUsage({ throttle }))).toBe('-a 99ms b 60000ms (c|)', values);
    });
  });

  it('shares one budget between streams that share a throttle', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const throttle = createUsageThrottle({ threshold: 0, maxDelayMs: 10 });
      throttle.record(usageAt(100));
      const one = walk(cold, [usageAt(100)], throttleByUsage({ throttle }));
      const two = walk(cold, [usageAt(100)], throttleByUsage({ throttle }));
      expectObservable(one).toBe('-(a|)', { a: { id: 't0' } });
      // The second stream's only request gets the slot after the first's.
      expectObservable(two).toBe('10ms -(a|)', { a: { id: 't0' } });
    });
  });

  it('refuses bad settings on subscribe (a stream without usage does not compile: see test/types)', () => {
    newScheduler().run(({ expectObservable }) => {
      expectObservable(of({ usage: undefined }).pipe(throttleByUsage({ threshold: 150 }))).toBe('#', undefined, expect.any(InvalidInputError));
    });
  });
});

describe('throttle waits stay within the ceiling, and its state expires', () => {
  it('clamps a regain time past maxWaitMs (default 15 min) and ignores a non-finite one', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const throttle = createUsageThrottle({ threshold: 75, maxDelayMs: 100 });
      throttle.record({ page: { estimated_time_to_regain_access: Number.POSITIVE_INFINITY } });
      expect(throttle.state.regainAt).toBe(0);
      // Page 0 asks for 36000 minutes: page 1 goes 15 minutes later, not in 1 ms and not in 25 days.
      expectObservable(walk(cold, [usageAt(10, 36000), usageAt(10)], throttleByUsage({ throttle }))).toBe('-a 900000ms (b|)', { a: { id: 't0' }, b: { id: 't1' } });
    });
  });

  it('clamps to a maxWaitMs of its own', () => {
    newScheduler().run(() => {
      const throttle = createUsageThrottle({ maxWaitMs: 5000 });
      throttle.record(usageAt(10, 36000));
      expect(throttle.state.regainAt).toBe(5000);
      expect(throttle.delayMs()).toBe(5000);
    });
  });

  it('forgets its usage maxDelayMs + maxWaitMs after nothing in it can delay a request any more', () => {
    newScheduler().run(({ flush }) => {
      const throttle = createUsageThrottle({ threshold: 50, maxDelayMs: 100, maxWaitMs: 1000 });
      const seen: Array<[number, number, number]> = [];
      const look = (at: number) => asyncScheduler.schedule(() => seen.push([at, throttle.state.percent, throttle.delayMs()]), at);
      throttle.record(usageAt(100, 0)); // at 0: the state can delay nothing past 0, so it lasts until 0 + 100 + 1000
      look(1099);
      look(1100);
      flush();
      // Before it expires, the next request would still be spaced after the (reserved) previous one; afterwards no wait.
      expect(seen.map(([at, percent]) => [at, percent])).toEqual([
        [1099, 100],
        [1100, 0],
      ]);
    });
  });

  it('keeps a queued slot alive: expiry counts from the latest reserved start', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const throttle = createUsageThrottle({ threshold: 0, maxDelayMs: 100, maxWaitMs: 10 });
      throttle.record(usageAt(100));
      const one = walk(cold, [usageAt(100)], throttleByUsage({ throttle }));
      const two = walk(cold, [usageAt(100)], throttleByUsage({ throttle }));
      const three = walk(cold, [usageAt(100)], throttleByUsage({ throttle }));
      expectObservable(one).toBe('-(a|)', { a: { id: 't0' } });
      expectObservable(two).toBe('100ms -(a|)', { a: { id: 't0' } });
      expectObservable(three).toBe('200ms -(a|)', { a: { id: 't0' } });
    });
  });
});
