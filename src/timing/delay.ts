import { asyncScheduler, concatMap, type Observable, type SchedulerLike, throwError, timer } from 'rxjs';
import { MAX_TIMER_MS } from './limits';

function unrepresentable(ms: number): RangeError {
  return new RangeError(`a wait of ${ms} ms cannot be scheduled: expected a finite number of milliseconds`);
}

/**
 * Emits once after `ms` on `scheduler`, then completes: the `timer` every wait in `src/`
 * goes through. A wait past what one timer holds is chained from several, so it is never
 * cut to 1 ms; a negative wait is due at once; a non-finite one is a bug upstream and
 * errors with a `RangeError` instead of firing early.
 */
export function delay$(ms: number, scheduler: SchedulerLike = asyncScheduler): Observable<0> {
  if (Number.isNaN(ms) || !Number.isFinite(ms)) return throwError(() => unrepresentable(ms));
  const wait = Math.max(0, ms);
  if (wait <= MAX_TIMER_MS) return timer(wait, scheduler);
  return timer(MAX_TIMER_MS, scheduler).pipe(concatMap(() => delay$(wait - MAX_TIMER_MS, scheduler)));
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
  let left = Math.max(0, ms);
  let handle: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    const step = Math.min(left, MAX_TIMER_MS);
    left -= step;
    handle = setTimeout(() => {
      handle = undefined;
      if (left > 0) arm();
      else run();
    }, step);
    if (options.unref === true && typeof handle === 'object' && handle !== null && 'unref' in handle) handle.unref();
  };
  arm();
  return {
    cancel: () => {
      if (handle !== undefined) clearTimeout(handle);
      handle = undefined;
    },
  };
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
