import { asyncScheduler, type SchedulerAction, type SchedulerLike, Subscription } from 'rxjs';

interface Held {
  readonly due: number;
  readonly run: () => Subscription;
  inner: Subscription | undefined;
}

/**
 * Real time for short waits, a held clock for long ones: a wait of `holdFromMs` or more
 * (a reconciliation interval) does not fire until the test calls `release()`, which moves
 * the scheduler's clock to its due time and runs it. So a test on a live emulator decides
 * when the 5-minute poll happens, without sleeping.
 */
export class HeldScheduler implements SchedulerLike {
  private offset = 0;
  private held: Held[] = [];
  private readonly waiters: Array<() => void> = [];

  constructor(private readonly holdFromMs: number) {}

  now(): number {
    return Date.now() + this.offset;
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    if (delay < this.holdFromMs) return asyncScheduler.schedule(work, delay, state);
    const entry: Held = { due: this.now() + delay, run: () => asyncScheduler.schedule(work, 0, state), inner: undefined };
    this.held.push(entry);
    for (const resolve of this.waiters.splice(0)) resolve();
    return new Subscription(() => {
      this.held = this.held.filter((other) => other !== entry);
      entry.inner?.unsubscribe();
    });
  }

  /** Resolves once a long wait is held (at once if one is). */
  holding(): Promise<void> {
    if (this.held.length > 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Jumps the clock to the earliest held wait and lets it fire. */
  release(): void {
    const next = [...this.held].sort((a, b) => a.due - b.due)[0];
    if (next === undefined) throw new Error('HeldScheduler: nothing is held');
    this.held = this.held.filter((other) => other !== next);
    this.offset += Math.max(0, next.due - this.now());
    next.inner = next.run();
  }
}
