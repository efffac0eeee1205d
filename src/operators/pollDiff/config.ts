/**
 * The options of `pollDiff`, checked once and merged with their defaults in one place.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { InvalidInputError } from '../../errors/invalidInputError';
import { showInput } from '../../errors/showInput';
import { DEFAULT_FULL_SCAN_EVERY } from '../../polling/diff';
import { checkMsOption } from '../../timing/limits';
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
  /** Called after every poll (failed ones too) with the snapshot as it stands; after `store.save` when there is a store. */
  readonly onSnapshot?: (snapshot: PollSnapshot) => void;
  /** Loads the starting snapshot on subscribe and saves after every poll. Not together with `snapshot`. */
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
}

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
}


const invalid = (option: string, expected: string, value: unknown) => left(new InvalidInputError(option, `expected ${expected}, got ${showInput(value)}`));
const isFunction = (value: unknown): value is (...args: never[]) => unknown => typeof value === 'function';

// The config is typed, but plain JavaScript and parsed configuration reach here too.
function checkStore(store: SnapshotStore | undefined): Either<InvalidInputError, SnapshotStore | undefined> {
  const usable = store === undefined || (typeof store === 'object' && store !== null && isFunction(store.load) && isFunction(store.save));
  return usable ? right(store) : invalid('store', 'an object with load() and save(snapshot), e.g. memorySnapshotStore()', store);
}

/**
 * Checks every option, so a wrong call fails on subscribe with an `InvalidInputError`
 * naming the option, before any request. The config is typed, but callers from plain
 * JavaScript or parsed configuration files are checked too.
 */
export function checkPollDiffConfig(config: PollDiffConfig): Either<InvalidInputError, PollDiffSettings> {
  if (typeof config !== 'object' || config === null) return invalid('config', 'an object such as { intervalMs: 30000 }', config);
  const { intervalMs, fullScanEvery = DEFAULT_FULL_SCAN_EVERY, emitInitial = true, onSnapshot, onPollError, scheduler = asyncScheduler } = config;
  const badInterval = checkMsOption('intervalMs', intervalMs);
  if (badInterval !== undefined) return left(badInterval);
  if (typeof fullScanEvery !== 'number' || !Number.isSafeInteger(fullScanEvery) || fullScanEvery < 1) {
    return invalid('fullScanEvery', 'a whole number >= 1 (1 makes every poll a full scan)', fullScanEvery);
  }
  if (typeof emitInitial !== 'boolean') return invalid('emitInitial', 'true or false', emitInitial);
  if (onSnapshot !== undefined && !isFunction(onSnapshot)) return invalid('onSnapshot', 'a function (snapshot) => void', onSnapshot);
  if (onPollError !== undefined && !isFunction(onPollError)) return invalid('onPollError', 'a function (error, poll) => void', onPollError);
  if (typeof scheduler !== 'object' || scheduler === null || !isFunction(scheduler.schedule)) return invalid('scheduler', 'an RxJS scheduler', scheduler);
  const { confirmRemoved } = config;
  if (confirmRemoved !== undefined && !isFunction(confirmRemoved)) {
    return invalid('confirmRemoved', 'a function (ids) => the ids that are gone, e.g. confirmRemovedThreads(opts)', confirmRemoved);
  }
  const store = checkStore(config.store);
  if (store._tag === 'Left') return store;
  if (config.snapshot !== undefined && store.right !== undefined) {
    return left(new InvalidInputError('snapshot', 'give either snapshot or store, not both: the store loads the starting snapshot itself'));
  }
  const snapshot = config.snapshot === undefined ? right(undefined) : checkSnapshot('snapshot', config.snapshot);
  if (snapshot._tag === 'Left') return snapshot;
  return right({ intervalMs, fullScanEvery, snapshot: snapshot.right, emitInitial, onSnapshot, store: store.right, onPollError, scheduler, confirmRemoved });
}
