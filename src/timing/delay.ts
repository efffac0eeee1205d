import { asyncScheduler, concatMap, defer, type Observable, of, type SchedulerLike, throwError, timer } from 'rxjs';
import { MAX_TIMER_MS } from './limits';

function unrepresentable(ms: number): RangeError {
  return new RangeError(`a wait of ${ms} ms cannot be scheduled: expected a finite number of milliseconds`);
}

/**
 * Emits once after `ms` on `scheduler`, then completes: the `timer` every wait in `src/`
 * goes through. A wait past what one timer holds is chained from several, so it is never
 * cut to 1 ms; a negative wait is due at once; a non-finite one is a bug upstream and
 * errors with a `RangeError` instead of firing early. Node's timers may fire a
 * millisecond before `Date.now()` says the wait is over (they run on a coarser monotonic
 * clock): the rest is waited too, so a wait is never shorter than asked on the
 * scheduler's own clock.
 */
export function delay$(ms: number, scheduler: SchedulerLike = asyncScheduler): Observable<0> {
  if (Number.isNaN(ms) || !Number.isFinite(ms)) return throwError(() => unrepresentable(ms));
  return defer(() => {
    const due = scheduler.now() + Math.max(0, ms);
    const step = (left: number): Observable<0> =>
      timer(Math.min(left, MAX_TIMER_MS), scheduler).pipe(
        concatMap(() => {
          const rest = due - scheduler.now();
          return rest > 0 ? step(rest) : of(0 as const);
        }),
      );
    return step(Math.max(0, ms));
  });
}

/** A raw timer started by {@link startTimer}. */
export interface TimerHandle {
  /** Stops the timer; calling it after it fired does nothing. */
  cancel(): void;
}

/**
 * Runs `run` once after `ms`, like `setTimeout`, with the rules of {@link delay$}: long
 * waits are chained, negative ones are due at once, non-finite ones throw a `RangeError`.
 * With `unref`, the timer does not keep a Node process alive.
 */
export function startTimer(ms: number, run: () => void, options: { readonly unref?: boolean } = {}): TimerHandle {
  if (Number.isNaN(ms) || !Number.isFinite(ms)) throw unrepresentable(ms);
  return new Timer(ms, run, options.unref === true);
}

/**
 * A class, not closures per timer: every page request starts one and cancels it, and
 * closures made per request lose their optimized code at each major GC (see
 * `observables/stateObservable.ts`).
 */
class Timer implements TimerHandle {
  // Measured on the wall clock, like delay$ on the asyncScheduler: an early tick waits the rest.
  private readonly due: number;
  private handle: ReturnType<typeof setTimeout> | undefined;

  constructor(
    ms: number,
    private readonly run: () => void,
    private readonly unref: boolean,
  ) {
    this.due = Date.now() + Math.max(0, ms);
    this.arm(Math.max(0, ms));
  }

  cancel(): void {
    if (this.handle !== undefined) clearTimeout(this.handle);
    this.handle = undefined;
  }

  /** The timer's tick: runs `run` once due, or waits the rest. */
  tick(): void {
    this.handle = undefined;
    const rest = this.due - Date.now();
    if (rest > 0) this.arm(rest);
    else this.run();
  }

  private arm(left: number): void {
    const handle = setTimeout(tickTimer, Math.min(left, MAX_TIMER_MS), this);
    if (this.unref && typeof handle === 'object' && handle !== null && 'unref' in handle) handle.unref();
    this.handle = handle;
  }
}

function tickTimer(timer: Timer): void {
  timer.tick();
}

/** Runs `run` every `ms` until cancelled, like `setInterval`, with the rules of {@link startTimer}. */
export function startRepeating(ms: number, run: () => void, options: { readonly unref?: boolean } = {}): TimerHandle {
  let current: TimerHandle | undefined;
  let stopped = false;
  const next = () => {
    current = startTimer(ms, () => {
      if (stopped) return;
      run();
      if (!stopped) next();
    }, options);
  };
  next();
  return {
    cancel: () => {
      stopped = true;
      current?.cancel();
    },
  };
}
