import { sequenceS } from 'fp-ts/lib/Apply.js';
import { Apply, right } from 'fp-ts/lib/Either.js';
import { Observable, type Subscription } from 'rxjs';
import { InvalidInputError } from '../errors/invalidInputError';
import { startTimer, type TimerHandle } from '../timing/delay';
import { flag, milliseconds, wholeNumber } from '../options/check';
import type { PollableThread } from '../polling/snapshot';
import type { ThreadChange } from '../polling/diff';
import { DEFAULT_FULL_SCAN_EVERY } from '../polling/diff';
import { memoryPageLeases, type PageLeases } from './watchPages/leases';
import { memoryPageSnapshotStore, type PageSnapshotStore } from './watchPages/pageStore';
import { pollOnce, type PollResult } from './watchPages/pollOnce';
import { claimOrder, fairShare, Holdings } from './watchPages/schedule';

export { memoryPageLeases, type MemoryPageLeases, type PageLeases } from './watchPages/leases';
export { memoryPageSnapshotStore, snapshotStoreFor, type PageSnapshotStore, type VersionedSnapshot } from './watchPages/pageStore';

/**
 * One change `watchPages` found, and the Page it belongs to.
 *
 * @example
 * ```ts
 * const line = ({ pageId, change }: PageChange<Thread>) => `${pageId} ${change.type} ${change.thread.id}`;
 * ```
 */
export interface PageChange<T> {
  /** The Page the thread belongs to. */
  readonly pageId: string;
  /** What changed, as `pollDiff` reports it. */
  readonly change: ThreadChange<T>;
}

/**
 * Options of {@link watchPages}. `intervalMs` and `source` are required.
 *
 * @example
 * ```ts
 * const config: WatchPagesConfig<Thread> = {
 *   intervalMs: 30_000,
 *   source: (pageId) => conversations$(pageId, { accessToken, perPage: throttleByUsage({ throttle }) }),
 *   concurrency: 8,
 * };
 * ```
 */
export interface WatchPagesConfig<T extends PollableThread> {
  /** The threads of one Page, newest first, as a cold stream (e.g. `conversations$`, throttled). */
  readonly source: (pageId: string) => Observable<T>;
  /** Pause between the end of one poll of a Page and the start of its next, in ms (0 to 2^31-1, the longest a timer holds). */
  readonly intervalMs: number;
  /** At most this many Pages are polled at once by this worker. Default 4. */
  readonly concurrency?: number;
  /** Per-Page snapshots shared by the workers. Default: a private `memoryPageSnapshotStore()`. */
  readonly store?: PageSnapshotStore;
  /** Leases and worker registry shared by the workers. Default: private `memoryPageLeases()` (one worker). */
  readonly leases?: PageLeases;
  /** Lifetime of leases and heartbeats in ms (30 to 2^31-1); they are renewed every third of it. Default 30000. */
  readonly leaseMs?: number;
  /** As in `pollDiff`: every `fullScanEvery`-th poll of a Page walks everything. Default 10. */
  readonly fullScanEvery?: number;
  /** As in `pollDiff`: whether the first scan of a Page never polled before emits `added` for every thread. Default true. */
  readonly emitInitial?: boolean;
  /** Called with any error of a poll, of the store or of the leases; the Page is polled again after `intervalMs`. */
  readonly onPageError?: (error: unknown, pageId: string | undefined) => void;
}

function check<T extends PollableThread>(pageIds: readonly string[], config: WatchPagesConfig<T>) {
  const fail = (option: string, expected: string) => new InvalidInputError(option, expected);
  if (!Array.isArray(pageIds) || pageIds.some((id) => typeof id !== 'string' || id === '')) return fail('pageIds', 'expected an array of Page ids');
  if (typeof config !== 'object' || config === null) return fail('config', 'expected { intervalMs, source }');
  if (typeof config.source !== 'function') return fail('source', 'expected a function (pageId) => Observable of threads, e.g. (id) => conversations$(id, opts)');
  const checked = sequenceS(Apply)({
    intervalMs: milliseconds('intervalMs', config.intervalMs),
    concurrency: wholeNumber('concurrency', config.concurrency, { min: 1 }),
    leaseMs: milliseconds('leaseMs', config.leaseMs ?? 30_000, { min: 30 }),
    fullScanEvery: wholeNumber('fullScanEvery', config.fullScanEvery, { min: 1 }),
    emitInitial: config.emitInitial === undefined ? right(true) : flag('emitInitial', config.emitInitial),
  });
  if (checked._tag === 'Left') return checked.left;
  const { concurrency = 4, leaseMs, fullScanEvery = DEFAULT_FULL_SCAN_EVERY, emitInitial } = checked.right;
  return { concurrency, leaseMs, fullScanEvery, emitInitial };
}

/**
 * Polls many Pages and emits what changed in each, as `{ pageId, change }`; several
 * workers (processes) running it over the same Pages with a shared store and shared
 * leases split the Pages between them and emit every change exactly once in total.
 *
 * Scheduling: each Page is polled like `pollDiff` polls one stream (quick polls, a full
 * scan every `fullScanEvery`-th poll, the first poll of a Page never seen a full scan),
 * `intervalMs` after its previous poll ended; at most `concurrency` polls run at once, and
 * when more Pages are due than slots, the one overdue the longest goes first
 * (round-robin: no Page starves). Pace the requests with `throttleByUsage` in `perPage` of `source`'s walk.
 *
 * Coordination: every `leaseMs / 3` the worker renews its heartbeat and its leases,
 * counts the live workers and holds at most ceil(pages / live workers) Pages: it gives
 * up idle extras when workers joined, and takes free Pages (never polled, released, or
 * whose holder died and let the lease expire) while it holds fewer. Leases decide who
 * polls; the store's compare-and-set decides who emits: a poll's changes are collected,
 * the Page's snapshot is saved only if its version did not move since the poll loaded
 * it, and only then are the changes emitted. A worker that lost its lease while paused
 * (GC, network) and comes back loses the compare-and-set and drops its changes, so a
 * change is never emitted twice. The edge: a worker that dies between a successful save
 * and the emission loses that poll's changes (at most once, never twice).
 *
 * Errors of a poll, the store or the leases go to `onPageError` (with the Page, when known); the Page is tried again
 * after `intervalMs`. Bad options fail the subscription with an `InvalidInputError`.
 * Unsubscribing stops the polls in flight, releases the leases and leaves the registry.
 *
 * @example
 * ```ts
 * import { watchPages, conversations$, throttleByUsage } from 'rx-graph-conversations';
 * import { redisPageLeases, redisPageSnapshotStore, redisUsageThrottle } from 'rx-graph-conversations/redis';
 *
 * const throttle = redisUsageThrottle(redis, { maxRequests: 200, windowMs: 60_000 });
 * watchPages(['1001', '1007'], {
 *   intervalMs: 30_000,
 *   source: (pageId) => conversations$(pageId, { accessToken, perPage: throttleByUsage({ throttle }) }),
 *   store: redisPageSnapshotStore(redis),
 *   leases: redisPageLeases(redis, { workerId: `worker-${process.pid}` }),
 * }).subscribe(({ pageId, change }) => console.log(pageId, change.type, change.thread.id));
 * // 1001 updated t_mid.1460972298060:1e3b607d4aac03ef23
 * // 1007 added t_mid.1709300000000:9a8b7c6d5e
 * ```
 *
 * @param pageIds - the Pages to watch; every worker gets the same list.
 * @param config - `source` and `intervalMs` (required), `concurrency` (4), `store`,
 * `leases`, `leaseMs` (30000), `fullScanEvery` (10), `emitInitial` (true), `onPageError`.
 * @return an Observable of the changes that never completes on its own: unsubscribe to stop.
 */
export function watchPages<T extends PollableThread>(pageIds: readonly string[], config: WatchPagesConfig<T>): Observable<PageChange<T>> {
  return new Observable<PageChange<T>>((subscriber) => {
    const checked = check(pageIds, config);
    if (checked instanceof InvalidInputError) {
      subscriber.error(checked);
      return undefined;
    }
    const { concurrency, leaseMs, fullScanEvery, emitInitial } = checked;
    const store = config.store ?? memoryPageSnapshotStore();
    const leases = config.leases ?? memoryPageLeases();
    const pages = [...new Set(pageIds)];
    const order = claimOrder(pages, leases.workerId);
    const held = new Holdings();
    const polls = new Map<string, Subscription>();
    const report = (error: unknown, pageId?: string) => config.onPageError?.(error, pageId);
    let stopped = false;
    let wakeTimer: TimerHandle | undefined;
    let tickTimer: TimerHandle | undefined;

    const pump = () => {
      if (stopped) return;
      wakeTimer?.cancel();
      wakeTimer = undefined;
      for (;;) {
        if (held.runningCount >= concurrency) return;
        const pageId = held.nextDue(Date.now());
        if (pageId === undefined) break;
        runPoll(pageId);
      }
      const earliest = held.earliestDue();
      if (earliest !== undefined) wakeTimer = startTimer(earliest - Date.now(), pump);
    };

    const runPoll = (pageId: string) => {
      held.start(pageId);
      const done = () => {
        polls.delete(pageId);
        held.finish(pageId, Date.now() + config.intervalMs);
        pump();
      };
      // Load, walk, compare-and-set, then emit: the emission is fenced by the save.
      const poll = new Observable<PageChange<T>>((inner) => {
        let walking: Subscription | undefined;
        let cancelled = false;
        void (async () => {
          const saved = await store.load(pageId);
          if (cancelled) return;
          const result = await new Promise<PollResult<T>>((resolve, reject) => {
            walking = pollOnce(config.source(pageId), saved?.snapshot, { fullScanEvery, emitInitial }).subscribe({ next: resolve, error: reject });
          });
          if (cancelled) return;
          const won = await store.compareAndSet(pageId, saved?.version ?? 0, result.snapshot);
          if (cancelled || !won) return;
          for (const change of result.changes) inner.next({ pageId, change });
        })().then(
          () => inner.complete(),
          (error: unknown) => inner.error(error),
        );
        return () => {
          cancelled = true;
          walking?.unsubscribe();
        };
      });
      polls.set(
        pageId,
        poll.subscribe({
          next: (change) => subscriber.next(change),
          error: (error: unknown) => {
            report(error, pageId);
            done();
          },
          complete: done,
        }),
      );
    };

    const rebalance = async () => {
      const live = await leases.heartbeat(leaseMs);
      const share = fairShare(pages.length, live);
      for (const pageId of held.pages()) {
        if (stopped) return;
        if (!(await leases.acquire(pageId, leaseMs)) && held.holds(pageId)) {
          held.drop(pageId);
          polls.get(pageId)?.unsubscribe();
          polls.delete(pageId);
        }
      }
      // Extras go back, idle ones first, so joining workers find free Pages.
      for (const pageId of held.idle().reverse()) {
        if (held.size <= share || stopped) break;
        held.drop(pageId);
        await leases.release(pageId);
      }
      for (const pageId of order) {
        if (held.size >= share || stopped) break;
        if (!held.holds(pageId) && (await leases.acquire(pageId, leaseMs))) {
          if (stopped) await leases.release(pageId);
          else held.add(pageId, Date.now());
        }
      }
    };

    const tick = () => {
      rebalance().then(
        () => pump(),
        (error: unknown) => report(error),
      ).finally(() => {
        if (!stopped) tickTimer = startTimer(Math.max(10, Math.floor(leaseMs / 3)), tick);
      });
    };
    tick();

    return () => {
      stopped = true;
      wakeTimer?.cancel();
      tickTimer?.cancel();
      for (const running of polls.values()) running.unsubscribe();
      polls.clear();
      const release = held.pages().map((pageId) => leases.release(pageId));
      void Promise.all(release).then(() => leases.leave()).catch((error: unknown) => report(error));
    };
  });
}
