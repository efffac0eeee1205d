/**
 * When the next poll of a loop may start: the interval poll (reconciliation) on its own
 * clock, a triggered poll after a short gathering delay and never closer than a gap to
 * the previous poll. Pure arithmetic on times in ms; the operator turns it into timers.
 */

/** Why a poll runs: the interval came round, or a trigger (a webhook event) asked for it. */
export type PollReason = 'interval' | 'triggered';

/** Where a loop stands when a poll has just ended. */
export interface Cadence {
  /** The scheduler's time now. */
  readonly now: number;
  /** When the last interval poll ended: the interval is counted from there, whatever was triggered since. */
  readonly intervalFrom: number;
  readonly intervalMs: number;
  /** What the last failed poll's error asked to wait (Graph's `Retry-After`, regain time), 0 when nothing. */
  readonly askedWaitMs: number;
  /** How long a trigger waits to gather the rest of its burst. */
  readonly triggerDelayMs: number;
  /** The least time between the end of one poll and the start of a triggered one. */
  readonly triggerGapMs: number;
}

/** The wait until the next interval poll, counted from `now`. */
export function intervalWaitMs(at: Cadence): number {
  return Math.max(at.intervalFrom + at.intervalMs - at.now, at.askedWaitMs, 0);
}

/**
 * The wait before a triggered poll, counted from `arrivedAt`, when its trigger arrived
 * (`now` for one that arrived during the poll): the gathering delay, and no sooner than
 * the gap after the last poll or what Graph asked.
 */
export function triggeredWaitMs(at: Cadence, arrivedAt: number): number {
  const elapsed = Math.max(0, arrivedAt - at.now);
  return Math.max(at.triggerDelayMs, at.triggerGapMs - elapsed, at.askedWaitMs - elapsed, 0);
}
