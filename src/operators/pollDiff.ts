import { catchError, concat, defer, EMPTY, ignoreElements, map, merge, type Observable, of, type OperatorFunction, repeat, Subject, switchMap, tap, throwError } from 'rxjs';
import { askedWaitMs } from './retryDelay';
import { fromAnswer, isRetryable } from '../polling/answer';
import { confirmation } from '../polling/confirm';
import { checkPollDiffConfig, type PollDiffConfig, type PollDiffSettings } from './pollDiff/config';
import { checkSnapshot, type PollableThread, type PollSnapshot } from '../polling/snapshot';
import { pollChanges } from '../polling/pollChanges';
import { KnownThreads } from '../polling/known';
import { planPoll, DiffCore, type ThreadChange } from '../polling/diff';
import type { PollReason } from '../polling/cadence';
import { pauseBeforeNext, type TriggerState } from './pollDiff/pause';

export type { PollDiffConfig } from './pollDiff/config';
export type { ConfirmRemoved } from '../polling/confirm';
export type { PollableThread, PollSnapshot, RemovedThread, SnapshotEntry } from '../polling/snapshot';
export { applySnapshotChange, memorySnapshotStore, type SnapshotChange, type SnapshotStore } from '../polling/store';
export type { ThreadChange } from '../polling/diff';

// -------------------------------------------------------------------------------------
// edges: the snapshot store
// -------------------------------------------------------------------------------------

function startingSnapshot(settings: PollDiffSettings): Observable<PollSnapshot | undefined> {
  const { store } = settings;
  if (store === undefined) return of(settings.snapshot);
  return fromAnswer(() => store.load()).pipe(
    map((loaded) => {
      if (loaded === undefined) return undefined;
      const checked = checkSnapshot('store', loaded);
      if (checked._tag === 'Left') throw checked.left;
      return checked.right;
    }),
  );
}

/**
 * Hands the store what changed (and waits), then tells `onSnapshot`: the next poll (or the
 * error that ends the loop) comes only after both. The store gets a change, O(changes);
 * only `onSnapshot` gets the whole snapshot, built for it alone.
 */
function persist(known: KnownThreads, settings: PollDiffSettings): Observable<never> {
  const { store, onSnapshot } = settings;
  if (store === undefined && onSnapshot === undefined) return EMPTY;
  const change = store === undefined ? undefined : known.change();
  const saved = store === undefined || change === undefined ? of(undefined) : fromAnswer(() => store.save(change)).pipe(tap(() => known.saved(change)));
  return saved.pipe(
    tap(() => onSnapshot?.(known.snapshot())),
    ignoreElements(),
  );
}

// -------------------------------------------------------------------------------------
// one poll
// -------------------------------------------------------------------------------------

interface Loop {
  readonly known: KnownThreads;
  readonly fromSnapshot: boolean;
  completedHere: number;
  /** What the last failed poll's error asked to wait (Graph's `Retry-After` or regain time), 0 when nothing. */
  askedWaitMs: number;
  /** Why the poll running (or about to run) runs. */
  reason: PollReason;
  /** When the last interval poll ended, on the scheduler's clock. */
  intervalFrom: number;
}

function poll<T extends PollableThread>(source: Observable<T>, loop: Loop, settings: PollDiffSettings): Observable<ThreadChange<T>> {
  const number = loop.known.polls;
  // A triggered poll looks for what is new: quick, and not counted, so full scans keep
  // their rhythm. Until the seeding scan of a loop without snapshot is done, it is that scan.
  const seeded = loop.fromSnapshot || loop.completedHere > 0;
  const triggered = loop.reason === 'triggered' && seeded;
  const plan = triggered ? { mode: 'quick' as const, silent: false } : planPoll({ poll: number, completedHere: loop.completedHere, fromSnapshot: loop.fromSnapshot, ...settings });
  const diff = new DiffCore<T>(loop.known, plan.mode, plan.silent);
  const save = () => defer(() => persist(loop.known, settings));
  const survive = (error: unknown): Observable<never> => {
    if (!isRetryable(error)) return throwError(() => error);
    // Calling a throttled Graph early lengthens the block: the next poll waits at least that.
    loop.askedWaitMs = Math.max(loop.askedWaitMs, askedWaitMs(error));
    settings.onPollError?.(error, number);
    return EMPTY;
  };
  // Changes already emitted are saved before the stream ends, so a restart from the store
  // does not emit them again; the error that ends the stream stays the walk's own, even
  // if that save fails too.
  const saveThenFail = (error: unknown): Observable<never> =>
    concat(save().pipe(catchError(() => EMPTY)), throwError(() => error));
  const { confirmRemoved } = settings;
  const confirm = confirmRemoved === undefined ? undefined : confirmation(confirmRemoved, (error) => settings.onPollError?.(error, number));
  const walked = pollChanges(source, diff, confirm).pipe(
    tap({
      complete: () => {
        loop.known.commit(!triggered);
        loop.completedHere += 1;
      },
    }),
    catchError((error: unknown) => (isRetryable(error) ? survive(error) : saveThenFail(error))),
  );
  return concat(walked, save().pipe(catchError(survive)));
}

// -------------------------------------------------------------------------------------
// operator
// -------------------------------------------------------------------------------------

/**
 * Polls a cold thread stream forever and emits what changed since the last poll:
 * `added`, `updated` (newer `updated_time`, or another folder: a move) and `removed`.
 *
 * Each poll re-subscribes to the source; the next one starts `intervalMs` after the
 * previous one ended (and after its snapshot was saved), so polls never overlap. The
 * source must deliver threads newest first as a whole, as `conversations$` does. Most
 * polls are quick: they stop reading (unsubscribe, which stops the paging walk) at the
 * first thread the snapshot already has with the same `updated_time` and folder, so a
 * quiet inbox costs one request and k changed threads ceil((k+1)/limit). A quick poll
 * cannot see removals or moves of older threads: every `fullScanEvery`-th poll walks
 * everything and reports them, and the first poll without a starting snapshot is such a
 * full scan (silent with `emitInitial: false`). With a snapshot, given or loaded, the
 * first poll is quick, so a restart over an unchanged inbox costs one request and emits
 * nothing. If a quick poll sees a thread newer than the one before it, it trusts nothing
 * and walks everything at once, without emitting twice what it already emitted. A thread
 * seen twice in one poll (it moved to the front mid-walk) is reported once, unless its
 * time grew.
 *
 * A thread is `removed` only once its absence is confirmed: a full scan that does not
 * see it only suspects it (the snapshot lists it in `unconfirmed`), any later walk that
 * delivers it clears the suspicion, and the next full scan that misses it too reports it.
 * One absence proves nothing, because a walk misses a thread that moves from a page it
 * has not read to one it has (a new message moves it to the front; a move into a folder
 * a merged walk has already passed). This costs no request: each full scan is still one
 * walk, ceil(N/limit) requests. It costs time: a removal (a deletion, or a move out of a
 * single walked folder) is reported at the second full scan after it, up to
 * 2 x `fullScanEvery` polls later instead of `fullScanEvery`.
 *
 * With `confirmRemoved`, two missed full scans only make a thread a candidate: the
 * function is asked about the candidates (after the walk, before the save; the next poll
 * waits for its answer) and only the ids it answers are emitted `removed`. The others
 * exist, so they stay, no longer suspected, and a later walk sees them where they are
 * now (`updated` if they moved folder). `confirmRemovedThreads(opts)` asks Graph, one
 * `GET /{thread-id}?fields=id` per candidate, 4 at a time: a deletion costs one request,
 * once, and a quiet inbox none. A retryable error from it goes to `onPollError` and
 * leaves the candidates suspected until the next full scan (the poll still completes);
 * any other error ends the stream, after saving, like a walk's.
 *
 * An error a later walk may not meet again (by kind: rate limits, 5xx, network failures
 * including a refused connection, timeouts, a stale cursor the walk's own restarts did
 * not get past; a store's error when it says `retryable: true`) goes to `onPollError`,
 * keeps the changes already emitted, and the same poll is tried again after `intervalMs`,
 * or after what Graph asked (`retryAfterMs`, the regain time) when that is longer:
 * calling a throttled Graph early lengthens the block. Any other error ends the stream. Either way the snapshot, with the changes emitted so
 * far marked `uncommitted`, is saved (and given to `onSnapshot`) first, so a restart from
 * it emits none of them again yet still finds what the failed poll never reached.
 *
 * With a `trigger` (webhook events of the Page, from `rx-graph-conversations/webhooks`),
 * each value asks for a quick poll now instead of at the end of the interval: a new
 * message costs one request per folder the source walks (one for a single folder) and
 * reaches the subscriber one request after its webhook. A burst of values costs one poll
 * (plus one for those that arrive while it runs), `triggerDelayMs` after the first and
 * never sooner than `triggerGapMs` after the previous poll. Triggered polls go through the
 * same diff, so a change they found is not reported again; they do not count towards
 * `fullScanEvery`, and the interval polls keep their own clock, so a busy inbox is still
 * reconciled: a change whose webhook was lost is reported by the next poll of either
 * kind. A quiet inbox costs nothing between interval polls: with webhooks, make the
 * interval long (5 min). A triggered poll that fails is not retried before the next
 * value or the interval poll.
 *
 * The uncomfortable edges: several folders must be merged in `updated_time` order, since
 * a quick poll stops at the first known thread whatever its folder (after a plain
 * `merge`, quick polls miss changes in the other folders until the next full scan, or
 * fall back to full scans). Without `confirmRemoved`, a thread that two full scans in a
 * row miss with no walk seeing it in between (it moved at the wrong moment during both)
 * is reported `removed`, then `added` when a walk sees it again. With
 * `confirmRemovedThreads`, that cannot happen, but Graph has no folder field on a thread:
 * a thread that moved to a folder the stream does not read still exists, so it is never
 * reported removed (and is asked about again every second full scan). Use it when the
 * stream covers every folder a thread can be in (`mergeFolders(FOLDERS, ...)`), not for
 * a single-folder poll, where a move out of the folder is a removal. Changes emitted by a poll that is unsubscribed
 * midway are not saved: a restart from the store emits them again. If the save after a
 * non-retryable error fails too, the stream ends with the walk's error, and a restart
 * emits that poll's changes again.
 *
 * ## Example
 * A dashboard that keeps its snapshot in a file and survives restarts:
 * ```ts
 * import { conversations$, pollDiff, type PollSnapshot } from 'rx-graph-conversations';
 * import { existsSync, readFileSync, writeFileSync } from 'node:fs';
 *
 * const saved = existsSync('snapshot.json') ? (JSON.parse(readFileSync('snapshot.json', 'utf8')) as PollSnapshot) : undefined;
 * conversations$('1001', { accessToken, limit: 25 })
 *   .pipe(pollDiff({ intervalMs: 30_000, snapshot: saved, emitInitial: false, onSnapshot: (s) => writeFileSync('snapshot.json', JSON.stringify(s)) }))
 *   .subscribe((change) => console.log(change.type, change.thread.id));
 *
 * // Output, as people write in (nothing for the first, seeding, poll):
 * // updated t_mid.1460972298060:1e3b607d4aac03ef23
 * // added t_mid.1709300000000:9a8b7c6d5e
 * // ... and, from a full scan:
 * // removed t_mid.1460972291234:77aa00bb11
 * ```
 *
 * @example
 * Moves between folders, with a store and an error log:
 * ```ts
 * const store = memorySnapshotStore();
 * mergeFolders(['inbox', 'page_done'], (folder) => conversations$(pageId, { accessToken, folder })) // newest first, tagged with `folder`
 *   .pipe(pollDiff({ intervalMs: 60_000, fullScanEvery: 5, store, onPollError: (e, poll) => console.warn(poll, e) }))
 *   .subscribe((c) => c.type === 'updated' && c.previous.folder !== c.thread.folder && console.log(`${c.thread.id}: ${c.previous.folder} -> ${c.thread.folder}`));
 * // t_mid.1460972298060:1e3b607d4aac03ef23: inbox -> page_done
 * ```
 *
 * @example
 * Every folder, removals confirmed by Graph (no thread reported removed while it exists):
 * ```ts
 * const opts = { accessToken, limit: 100 };
 * mergeFolders(FOLDERS, (folder) => conversations$(pageId, { ...opts, folder }))
 *   .pipe(pollDiff({ intervalMs: 30_000, confirmRemoved: confirmRemovedThreads({ ...opts, perRequest: retryOnRateLimit() }) }))
 *   .subscribe((c) => console.log(c.type, c.thread.id));
 * ```
 *
 * @example
 * Live from webhooks, reconciled every 5 minutes:
 * ```ts
 * import { forPage, webhookReceiver } from 'rx-graph-conversations/webhooks';
 *
 * const { handler, events$ } = webhookReceiver({ appSecret, verifyToken });
 * conversations$(pageId, { accessToken })
 *   .pipe(pollDiff({ intervalMs: 300_000, trigger: events$.pipe(forPage(pageId)) }))
 *   .subscribe((c) => console.log(c.type, c.thread.id));
 * // mount `handler` on your HTTPS server at the callback URL of the app's webhook
 * ```
 *
 * @param config - `intervalMs` (required), `fullScanEvery` (10), `snapshot` or `store`,
 * `emitInitial` (true), `onSnapshot`, `onPollError`, `scheduler` (asyncScheduler),
 * `confirmRemoved` (none: two missed full scans are the proof), `trigger` (none),
 * `triggerDelayMs` (20), `triggerGapMs` (1000).
 * Invalid options fail the subscription with an `InvalidInputError` naming the option.
 * @return A function that returns an Observable of the changes, which never completes on
 * its own: unsubscribe to stop (the walk in flight and the timer stop with it).
 */
export function pollDiff<T extends PollableThread>(config: PollDiffConfig): OperatorFunction<T, ThreadChange<T>> {
  const checked = checkPollDiffConfig(config);
  return (source) => {
    if (checked._tag === 'Left') return throwError(() => checked.left);
    const settings = checked.right;
    return startingSnapshot(settings).pipe(
      switchMap((start) => {
        const { scheduler, trigger } = settings;
        const loop: Loop = { known: new KnownThreads(start), fromSnapshot: start !== undefined, completedHere: 0, askedWaitMs: 0, reason: 'interval', intervalFrom: 0 };
        const triggers: TriggerState | undefined = trigger === undefined ? undefined : { pending: false, arrivals: new Subject<void>() };
        const pause = () => {
          const now = scheduler.now();
          if (loop.reason === 'interval') loop.intervalFrom = now;
          const at = { now, intervalFrom: loop.intervalFrom, askedWaitMs: loop.askedWaitMs, ...settings };
          loop.askedWaitMs = 0;
          return pauseBeforeNext(at, scheduler, triggers).pipe(tap((reason) => (loop.reason = reason)));
        };
        const polls = defer(() => {
          // What arrives from now on may be newer than what this poll reads: it asks for another.
          if (triggers !== undefined) triggers.pending = false;
          return poll(source, loop, settings);
        }).pipe(repeat({ delay: pause }));
        if (trigger === undefined || triggers === undefined) return polls;
        const listen = trigger.pipe(
          tap(() => {
            triggers.pending = true;
            triggers.arrivals.next();
          }),
          ignoreElements(),
        );
        return merge(listen, polls);
      }),
    );
  };
}
