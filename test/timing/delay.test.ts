import { delay$, startRepeating, startTimer } from '../../src/timing/delay';
import { MAX_TIMER_MS } from '../../src/timing/limits';
import { newScheduler } from '../support/marbles';

describe('delay$', () => {
  it('waits exactly what it is given, even past what one timer holds', () => {
    newScheduler().run(({ expectObservable }) => {
      expectObservable(delay$(10)).toBe('10ms (0|)', { 0: 0 });
      expectObservable(delay$(MAX_TIMER_MS + 5)).toBe(`${MAX_TIMER_MS + 5}ms (0|)`, { 0: 0 });
      expectObservable(delay$(-3)).toBe('(0|)', { 0: 0 });
    });
  });

  it('errors on a wait that is not a finite number instead of firing early', () => {
    newScheduler().run(({ expectObservable }) => {
      expectObservable(delay$(Number.POSITIVE_INFINITY)).toBe('#', undefined, expect.any(RangeError));
      expectObservable(delay$(Number.NaN)).toBe('#', undefined, expect.any(RangeError));
    });
  });

  it('unsubscribing during a chained wait cancels it', () => {
    newScheduler().run(({ expectObservable }) => {
      expectObservable(delay$(MAX_TIMER_MS + 5), `${MAX_TIMER_MS + 2}ms !`).toBe('');
    });
  });
});

describe('startTimer and startRepeating', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('never hands setTimeout more than 2^31-1 ms, and fires only when the whole wait has passed', () => {
    const spy = jest.spyOn(globalThis, 'setTimeout');
    const fired: string[] = [];
    startTimer(MAX_TIMER_MS * 2 + 10, () => fired.push('long'));
    jest.advanceTimersByTime(MAX_TIMER_MS * 2 + 9);
    expect(fired).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(fired).toEqual(['long']);
    expect(Math.max(...spy.mock.calls.map((call) => Number(call[1])))).toBeLessThanOrEqual(MAX_TIMER_MS);
    spy.mockRestore();
  });

  it('cancel stops a timer at any segment; non-finite waits throw', () => {
    const fired: number[] = [];
    const handle = startTimer(MAX_TIMER_MS + 10, () => fired.push(1));
    jest.advanceTimersByTime(MAX_TIMER_MS + 1);
    handle.cancel();
    jest.advanceTimersByTime(100);
    expect(fired).toEqual([]);
    expect(() => startTimer(Number.POSITIVE_INFINITY, () => undefined)).toThrow(RangeError);
    expect(() => startTimer(Number.NaN, () => undefined)).toThrow(RangeError);
  });

  it('startRepeating runs every interval until cancelled', () => {
    const runs: number[] = [];
    const handle = startRepeating(10, () => runs.push(Date.now()));
    jest.advanceTimersByTime(35);
    handle.cancel();
    jest.advanceTimersByTime(100);
    expect(runs).toHaveLength(3);
  });
});

describe('a timer that fires before the clock says the wait is over', () => {
  // Node's timers run on a monotonic clock that can be a millisecond ahead of Date.now():
  // a throttle slot "waited" that way lets a request go 1 ms before its slot.
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('startTimer waits the rest on the wall clock', () => {
    const fired: number[] = [];
    const start = Date.now();
    startTimer(100, () => fired.push(Date.now() - start));
    jest.setSystemTime(start - 1); // the wall clock falls 1 ms behind the timer's clock
    jest.advanceTimersByTime(100);
    expect(fired).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(fired).toEqual([100]);
  });

  it('delay$ waits the rest on its scheduler clock', () => {
    const fired: number[] = [];
    const start = Date.now();
    delay$(100).subscribe(() => fired.push(Date.now() - start));
    jest.setSystemTime(start - 1);
    jest.advanceTimersByTime(100);
    expect(fired).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(fired).toEqual([100]);
  });
});
