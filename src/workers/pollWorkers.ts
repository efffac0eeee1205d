import { Apply, right, type Either } from 'fp-ts/lib/Either.js';
import { sequenceS } from 'fp-ts/lib/Apply.js';
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { lastValueFrom, Observable, throwError } from 'rxjs';
import type { InvalidInputError } from '../errors/invalidInputError';
import { callable, flag, milliseconds, optionsObject, rejectedValue, wholeNumber } from '../options/check';
import { DEFAULT_FULL_SCAN_EVERY } from '../polling/diff';
import type { PollableThread } from '../polling/snapshot';
import { workerKeys } from './keys';
import { pollPage, type PollOutcome } from './pollPage';
import { rateLimitWaitMs } from './rateLimit';
import { redisPageLog } from './redisPageLog';

/**
 * Options of {@link pollWorkers}. `connection`, `source` and `intervalMs` are required.
 *
 * @example
 * ```ts
 * const config: PollWorkersConfig<Thread> = {
 *   connection: redis,
 *   source: (pageId) => conversations$(pageId, { accessToken }),
 *   intervalMs: 60_000,
 *   limiter: { max: 50, durationMs: 1000 },
 * };
 * ```
 */
export interface PollWorkersConfig<T extends PollableThread> {
  /** An ioredis client; BullMQ duplicates it for its blocking reads. Give it `maxRetriesPerRequest: null`, as BullMQ asks. */
  readonly connection: Redis;
  /** The threads of one Page, newest first, as a cold stream (e.g. `conversations$` with `perPage` retries). */
  readonly source: (pageId: string) => Observable<T>;
  /** Every Page is polled this often (one BullMQ job scheduler per Page), in ms. */
  readonly intervalMs: number;
  /** Polls this process runs at once (BullMQ's worker concurrency). Default 4. */
  readonly concurrency?: number;
  /** Prefix of every key, ours and BullMQ's; the same in every worker and consumer. Default `rxgc:`. */
  readonly prefix?: string;
  /** As in `pollDiff`: every `fullScanEvery`-th poll of a Page walks everything. Default 10. */
  readonly fullScanEvery?: number;
  /** As in `pollDiff`: whether the first scan of a Page never polled emits `added` for every thread. Default true. */
  readonly emitInitial?: boolean;
  /**
   * The app-wide budget of polls, shared by every worker through Redis (BullMQ's
   * `limiter`): at most `max` polls start in any `durationMs`. Give every worker the same.
   * Default: none. A poll is one request per folder when quiet, more when threads changed.
   */
  readonly limiter?: { readonly max: number; readonly durationMs: number };
  /** How long a poll's job stays locked to this worker without renewal before it counts as stalled, in ms (BullMQ `lockDuration`). Default 30000. */
  readonly lockDurationMs?: number;
  /** How often workers look for stalled jobs and hand them to another worker, in ms (BullMQ `stalledInterval`). Default 30000. */
  readonly stalledIntervalMs?: number;
  /** How long all workers pause when Graph answers a rate limit without saying how long (or says 0), in ms. Default 60000. */
  readonly rateLimitMs?: number;
  /** Whether this process creates (or updates) the job schedulers of `pageIds`. Default true; false for workers that only take jobs. */
  readonly schedule?: boolean;
}

/**
 * What a worker did, as {@link pollWorkers} reports it:
 * - `ready`: the schedulers are in place and the worker takes jobs;
 * - `polled`: a poll ended: `committed` (its snapshot and `changes` written as `version`),
 *   `replayed` (committed before, its reply was lost), `stale` (another poll of the Page
 *   got there first; its next poll finds what this one found);
 * - `rate-limited`: Graph said too many calls; every worker pauses `waitMs`, and the poll
 *   is taken again after it;
 * - `failed`: a poll failed (its Page is as before; the next scheduled poll tries again);
 * - `worker-error`: BullMQ reported an error of its own (a lost Redis connection, which
 *   ioredis re-opens); the worker goes on.
 *
 * @example
 * ```ts
 * const describe = (event: WorkerEvent) => (event.type === 'polled' ? `${event.pageId}: ${event.changes} changes` : event.type);
 * ```
 */
export type WorkerEvent =
  | { readonly type: 'ready' }
  | ({ readonly type: 'polled'; readonly jobId: string } & PollOutcome)
  | { readonly type: 'rate-limited'; readonly pageId: string; readonly waitMs: number }
  | { readonly type: 'failed'; readonly pageId: string; readonly error: unknown }
  | { readonly type: 'worker-error'; readonly error: unknown };

/** What a poll job carries. */
interface PollJob {
  readonly pageId: string;
}

interface Settings {
  readonly intervalMs: number;
  readonly concurrency: number;
  readonly fullScanEvery: number;
  readonly emitInitial: boolean;
  readonly lockDurationMs: number;
  readonly stalledIntervalMs: number;
  readonly rateLimitMs: number;
  readonly schedule: boolean;
  readonly limiter: { readonly max: number; readonly duration: number } | undefined;
}

function checkLimiter(limiter: PollWorkersConfig<PollableThread>['limiter']): Either<InvalidInputError, { max: number; duration: number } | undefined> {
  if (limiter === undefined) return right(undefined);
  const object = optionsObject('limiter', limiter, '{ max: 50, durationMs: 1000 }');
  if (object._tag === 'Left') return object;
  const max = wholeNumber('limiter.max', limiter.max, { min: 1 });
  if (max._tag === 'Left') return max;
  const duration = milliseconds('limiter.durationMs', limiter.durationMs, { min: 1 });
  if (duration._tag === 'Left') return duration;
  return right({ max: max.right ?? 1, duration: duration.right });
}

function check<T extends PollableThread>(pageIds: readonly string[], config: PollWorkersConfig<T>): Either<InvalidInputError, Settings> {
  const object = optionsObject('config', config, '{ connection, source: (pageId) => conversations$(pageId, opts), intervalMs: 60000 }');
  if (object._tag === 'Left') return object;
  if (!Array.isArray(pageIds) || pageIds.some((id) => typeof id !== 'string' || !/^\d+$/.test(id))) return rejectedValue('pageIds', "an array of numeric Page ids, e.g. ['1001']", pageIds);
  if (typeof config.connection !== 'object' || config.connection === null) return rejectedValue('connection', 'an ioredis client (new Redis(url, { maxRetriesPerRequest: null }))', config.connection);
  const checked = sequenceS(Apply)({
    source: callable('source', config.source, 'a function (pageId) => Observable of threads, e.g. (id) => conversations$(id, opts)'),
    intervalMs: milliseconds('intervalMs', config.intervalMs, { min: 1 }),
    concurrency: wholeNumber('concurrency', config.concurrency, { min: 1, max: 1000 }),
    fullScanEvery: wholeNumber('fullScanEvery', config.fullScanEvery, { min: 1 }),
    emitInitial: config.emitInitial === undefined ? right(true) : flag('emitInitial', config.emitInitial),
    lockDurationMs: milliseconds('lockDurationMs', config.lockDurationMs ?? 30_000, { min: 10 }),
    stalledIntervalMs: milliseconds('stalledIntervalMs', config.stalledIntervalMs ?? 30_000, { min: 10 }),
    rateLimitMs: milliseconds('rateLimitMs', config.rateLimitMs ?? 60_000, { min: 1 }),
    schedule: flag('schedule', config.schedule ?? true),
    limiter: checkLimiter(config.limiter),
  });
  if (checked._tag === 'Left') return checked;
  if (config.source === undefined) return rejectedValue('source', 'a function (pageId) => Observable of threads', undefined);
  return right({ ...checked.right, concurrency: checked.right.concurrency ?? 4, fullScanEvery: checked.right.fullScanEvery ?? DEFAULT_FULL_SCAN_EVERY });
}

/** A BullMQ limiter is always set: without one, BullMQ ignores the manual rate limit of a 613. */
const NO_BUDGET = { max: Number.MAX_SAFE_INTEGER - 1, duration: 1000 };

/**
 * Runs polling workers for a set of Pages on BullMQ, writing each poll's changes to a
 * Redis stream that {@link changes$} reads. Run it in as many processes as you like, with
 * the same `pageIds` (or `schedule: false` in all but some): the work is BullMQ's.
 *
 * - **Scheduling**: one BullMQ job scheduler per Page (`poll:{pageId}`, every
 *   `intervalMs`); a job is one poll, like one `pollDiff` poll (quick, a full scan every
 *   `fullScanEvery`-th). {@link pollTrigger} adds an immediate poll of one Page.
 * - **Failures**: a worker that dies or hangs (SIGKILL, SIGSTOP) stops renewing its job
 *   locks; after `lockDurationMs` BullMQ's stalled-job check (every `stalledIntervalMs`)
 *   gives the job to another worker. A failed poll writes nothing; the next one tries
 *   again.
 * - **Writing**: a poll loads the Page's snapshot with its version, walks `source`, then
 *   one Lua script saves the next snapshot only if the version did not move and appends
 *   the poll's changes to the stream (`XADD`), in the same step: a snapshot is never
 *   saved without its changes. The script is keyed by the poll's id, so a commit whose
 *   reply was lost and that ioredis sends again is recognised (`replayed`), never
 *   applied twice. Of two polls of one Page from one version (a stalled job that woke up),
 *   one commits; the other is `stale` and writes nothing.
 * - **Budget**: `limiter` caps polls across every worker (BullMQ's limiter, in Redis).
 *   When Graph answers a rate limit (613, 80006, ...), the worker sets BullMQ's manual
 *   rate limit for what Graph asked (at least `rateLimitMs`), so every worker pauses, and
 *   the job goes back to wait. Pacing by the usage headers (`X-App-Usage`, ...) is not
 *   BullMQ's: keep `throttleByUsage` with `redisUsageThrottle` in `source`'s `perPage`,
 *   because BullMQ's limiter counts jobs at a fixed rate and cannot slow down as Graph's
 *   reported usage climbs, nor count the several requests one poll may make.
 *
 * Events tell what happened (see {@link WorkerEvent}); only a failure to set up (the
 * schedulers could not be written) ends the stream with an error. Bad options fail the subscription with an
 * `InvalidInputError`. Unsubscribing closes the worker, letting polls in flight finish
 * (a poll is written whole or not at all, so a SIGTERM that ends the process early loses
 * nothing either). The schedulers stay in Redis for the other workers.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { conversations$, retryOnRateLimit } from 'rx-graph-conversations';
 * import { pollWorkers } from 'rx-graph-conversations/workers';
 *
 * const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
 * const workers = pollWorkers(['1001', '1007'], {
 *   connection: redis,
 *   intervalMs: 60_000,
 *   source: (pageId) => conversations$(pageId, { accessToken, perPage: retryOnRateLimit({ maxWaitMs: 5_000 }) }),
 *   limiter: { max: 20, durationMs: 1000 },
 * }).subscribe((event) => event.type === 'failed' && console.error(event.pageId, event.error));
 * process.on('SIGTERM', () => workers.unsubscribe());
 * ```
 *
 * @param pageIds - the Pages to poll.
 * @param config - `connection`, `source`, `intervalMs` (required), and the rest.
 * @returns the worker's events; never completes on its own.
 */
export function pollWorkers<T extends PollableThread>(pageIds: readonly string[], config: PollWorkersConfig<T>): Observable<WorkerEvent> {
  return new Observable<WorkerEvent>((subscriber) => {
    const checked = check(pageIds, config);
    if (checked._tag === 'Left') return throwError(() => checked.left).subscribe(subscriber);
    const settings = checked.right;
    const keys = workerKeys({ prefix: config.prefix });
    const log = redisPageLog(config.connection, { prefix: keys.prefix });
    const queue = new Queue<PollJob>(keys.queue, { connection: config.connection, prefix: keys.bullPrefix });
    const pollSettings = { fullScanEvery: settings.fullScanEvery, emitInitial: settings.emitInitial };

    const poll = async (job: Job<PollJob>): Promise<void> => {
      const { pageId } = job.data;
      const pollId = `${String(job.id)}:${job.attemptsMade}:${globalThis.crypto.randomUUID()}`;
      try {
        const outcome = await lastValueFrom(pollPage(log, pageId, config.source(pageId), pollSettings, pollId));
        subscriber.next({ type: 'polled', jobId: String(job.id), ...outcome });
      } catch (error) {
        const waitMs = rateLimitWaitMs(error, settings.rateLimitMs);
        if (waitMs === undefined) {
          subscriber.next({ type: 'failed', pageId, error });
          throw error;
        }
        subscriber.next({ type: 'rate-limited', pageId, waitMs });
        await queue.rateLimit(waitMs);
        throw Worker.RateLimitError();
      }
    };

    const worker = new Worker<PollJob>(keys.queue, poll, {
      connection: config.connection,
      prefix: keys.bullPrefix,
      concurrency: settings.concurrency,
      limiter: settings.limiter ?? NO_BUDGET,
      lockDuration: settings.lockDurationMs,
      stalledInterval: settings.stalledIntervalMs,
      // A poll that stalled many times is still only a poll: the scheduler makes the next.
      maxStalledCount: 10,
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 1000 },
      autorun: false,
    });
    // BullMQ reconnects by itself (ioredis): its errors are reported, not the end of the workers.
    worker.on('error', (error) => subscriber.next({ type: 'worker-error', error }));
    queue.on('error', (error) => subscriber.next({ type: 'worker-error', error }));

    const start = async () => {
      if (settings.schedule) {
        for (const pageId of new Set(pageIds)) {
          await queue.upsertJobScheduler(`poll:${pageId}`, { every: settings.intervalMs }, { name: 'poll', data: { pageId } });
        }
      }
      if (subscriber.closed) return;
      void worker.run().catch((error: unknown) => subscriber.error(error));
      await worker.waitUntilReady();
      subscriber.next({ type: 'ready' });
    };
    start().catch((error: unknown) => subscriber.error(error));

    return () => {
      void worker
        .close()
        .then(() => queue.close())
        .catch(() => undefined);
    };
  });
}
