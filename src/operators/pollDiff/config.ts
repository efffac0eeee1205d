/**
 * The options of `pollDiff`, checked once and merged with their defaults in one place.
 */
import { sequenceS } from 'fp-ts/lib/Apply.js';
import { Apply, left, right, type Either } from 'fp-ts/lib/Either.js';
import { asyncScheduler, type Observable, type SchedulerLike } from 'rxjs';
import { InvalidInputError } from '../../errors/invalidInputError';
import { DEFAULT_FULL_SCAN_EVERY } from '../../polling/diff';
import { callable, flag, milliseconds, optionsObject, rejectedValue, wholeNumber } from '../../options/check';
import type { ConfirmRemoved } from '../../polling/confirm';
import { checkSnapshot, type PollSnapshot } from '../../polling/snapshot';
import type { SnapshotStore } from '../../polling/store';

/**
 * Options of `pollDiff`. Only `intervalMs` is required.
 *
 * @example
 * ```ts
 * const config: PollDiffConfig = {
 *   intervalMs: 30_000,
 *   fullScanEvery: 20,
 *   store: memorySnapshotStore(),
 *   onPollError: (error, poll) => console.warn(`poll ${poll} failed, next one in 30 s`, error),
 * };
 * ```
 */
export interface PollDiffConfig {
  /** Pause between the end of one poll and the start of the next, in ms (0 to 2^31-1, the longest a timer holds). */
  readonly intervalMs: number;
  /** Every `fullScanEvery`-th poll (`polls % fullScanEvery === 0`) walks everything to find removals and moves. Default 10. */
  readonly fullScanEvery?: number;
  /** The snapshot to start from (e.g. one `onSnapshot` gave a previous run). Not together with `store`. */
  readonly snapshot?: PollSnapshot;
  /** Without a starting snapshot: whether the first full scan emits `added` for every thread (default) or seeds silently. */
  readonly emitInitial?: boolean;
  /**
   * Called after every poll (failed ones too) with the whole snapshot as it stands (built
   * for it: O(N) per poll); after `store.save` when there is a store.
   */
  readonly onSnapshot?: (snapshot: PollSnapshot) => void;
  /**
   * Loads the starting snapshot on subscribe and, after every poll, is handed what changed
   * (a `SnapshotChange`, O(changes): a quiet poll costs the same whatever N). Not together with `snapshot`.
   */
  readonly store?: SnapshotStore;
  /** Called when a poll fails with an error a later walk may not meet again (rate limit, 5xx, network, timeout, stale cursor); the loop goes on. */
  readonly onPollError?: (error: unknown, poll: number) => void;
  /** Schedules the pause between polls. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /**
   * Asks the source whether the threads two full scans in a row missed are really gone:
   * only those it answers are emitted `removed`, the others stay (not suspected any
   * more). Without it, two missed full scans are the proof. A retryable error goes to
   * `onPollError` and leaves the candidates suspected until the next full scan; any other
   * ends the stream. `confirmRemovedThreads(opts)` asks Graph; use it only when the
   * stream covers every folder (see `pollDiff`).
   */
  readonly confirmRemoved?: ConfirmRemoved;
  /**
   * Each value asks for a quick poll now, e.g. webhook events of this Page
   * (`events$.pipe(forPage(pageId))` from `rx-graph-conversations/webhooks`). A burst
   * costs one poll: the poll starts `triggerDelayMs` after the first value, values that
   * arrive while it runs ask for one more after it, and no triggered poll starts less
   * than `triggerGapMs` after the previous poll ended. Triggered polls are quick and do
   * not count towards `fullScanEvery`; the interval polls go on, on their own clock, to
   * catch what the trigger missed. Its values are not read; its completion stops only
   * the triggering; its error ends the stream.
   */
  readonly trigger?: Observable<unknown>;
  /** How long a triggered poll waits after the first value of a burst, in ms. Default 20. */
  readonly triggerDelayMs?: number;
  /** The least time between the end of a poll and the start of a triggered one, in ms. Default 1000. */
  readonly triggerGapMs?: number;
}

/** Default `triggerDelayMs`: long enough to gather a batch Meta posts as several requests, short next to a request. */
export const DEFAULT_TRIGGER_DELAY_MS = 20;
/** Default `triggerGapMs`: a busy inbox costs at most about one quick poll per second. */
export const DEFAULT_TRIGGER_GAP_MS = 1000;

/** The options with their defaults applied. */
export interface PollDiffSettings {
  readonly intervalMs: number;
  readonly fullScanEvery: number;
  readonly snapshot: PollSnapshot | undefined;
  readonly emitInitial: boolean;
  readonly onSnapshot: ((snapshot: PollSnapshot) => void) | undefined;
  readonly store: SnapshotStore | undefined;
  readonly onPollError: ((error: unknown, poll: number) => void) | undefined;
  readonly scheduler: SchedulerLike;
  readonly confirmRemoved: ConfirmRemoved | undefined;
  readonly trigger: Observable<unknown> | undefined;
  readonly triggerDelayMs: number;
  readonly triggerGapMs: number;
}


// The config is typed, but plain JavaScript and parsed configuration reach here too.
function checkStore(store: SnapshotStore | undefined): Either<InvalidInputError, SnapshotStore | undefined> {
  const usable = store === undefined || (typeof store === 'object' && store !== null && typeof store.load === 'function' && typeof store.save === 'function');
  return usable ? right(store) : rejectedValue('store', 'an object with load() and save(change), e.g. memorySnapshotStore()', store);
}

function checkScheduler(scheduler: SchedulerLike): Either<InvalidInputError, SchedulerLike> {
  const usable = typeof scheduler === 'object' && scheduler !== null && typeof scheduler.schedule === 'function';
  return usable ? right(scheduler) : rejectedValue('scheduler', 'an RxJS scheduler', scheduler);
}

function checkTrigger(trigger: Observable<unknown> | undefined): Either<InvalidInputError, Observable<unknown> | undefined> {
  const usable = trigger === undefined || (typeof trigger === 'object' && trigger !== null && typeof (trigger as { subscribe?: unknown }).subscribe === 'function');
  return usable ? right(trigger) : rejectedValue('trigger', 'an Observable, e.g. webhook events: events$.pipe(forPage(pageId))', trigger);
}

/**
 * Checks every option, so a wrong call fails on subscribe with an `InvalidInputError`
 * naming the option, before any request. The config is typed, but callers from plain
 * JavaScript or parsed configuration files are checked too.
 */
export function checkPollDiffConfig(config: PollDiffConfig): Either<InvalidInputError, PollDiffSettings> {
  const object = optionsObject('config', config, 'an object such as { intervalMs: 30000 }');
  if (object._tag === 'Left') return object;
  const checked = sequenceS(Apply)({
    intervalMs: milliseconds('intervalMs', config.intervalMs),
    fullScanEvery: wholeNumber('fullScanEvery', config.fullScanEvery, { min: 1 }),
    emitInitial: config.emitInitial === undefined ? right(true) : flag('emitInitial', config.emitInitial),
    onSnapshot: callable('onSnapshot', config.onSnapshot, 'a function (snapshot) => void'),
    onPollError: callable('onPollError', config.onPollError, 'a function (error, poll) => void'),
    scheduler: checkScheduler(config.scheduler ?? asyncScheduler),
    confirmRemoved: callable('confirmRemoved', config.confirmRemoved, 'a function (ids) => the ids that are gone, e.g. confirmRemovedThreads(opts)'),
    store: checkStore(config.store),
    trigger: checkTrigger(config.trigger),
    triggerDelayMs: milliseconds('triggerDelayMs', config.triggerDelayMs ?? DEFAULT_TRIGGER_DELAY_MS),
    triggerGapMs: milliseconds('triggerGapMs', config.triggerGapMs ?? DEFAULT_TRIGGER_GAP_MS),
  });
  if (checked._tag === 'Left') return checked;
  const { fullScanEvery = DEFAULT_FULL_SCAN_EVERY, store } = checked.right;
  if (config.snapshot !== undefined && store !== undefined) {
    return left(new InvalidInputError('snapshot', 'give either snapshot or store, not both: the store loads the starting snapshot itself'));
  }
  const snapshot = config.snapshot === undefined ? right(undefined) : checkSnapshot('snapshot', config.snapshot);
  if (snapshot._tag === 'Left') return snapshot;
  return right({ ...checked.right, fullScanEvery, snapshot: snapshot.right });
}
