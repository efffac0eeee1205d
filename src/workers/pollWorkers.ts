import { Queue, Worker, type Job } from 'bullmq';
import { lastValueFrom, Observable, throwError } from 'rxjs';
import type { PollableThread } from '../polling/snapshot';
import { workerKeys } from './keys';
import { pollPage } from './pollPage';
import { rateLimitWaitMs } from './rateLimit';
import { redisPageLog } from './redisPageLog';
import { checkWorkersConfig, type PollWorkersConfig, type WorkerEvent } from './workersConfig';

export type { PollWorkersConfig, WorkerEvent } from './workersConfig';

/** What a poll job carries. */
interface PollJob {
  readonly pageId: string;
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
    const checked = checkWorkersConfig(pageIds, config);
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
