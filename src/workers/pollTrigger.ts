import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { InvalidInputError } from '../errors/invalidInputError';
import { workerKeys, type WorkerKeysOptions } from './keys';

/**
 * A way to ask the polling workers for a poll now, and to let go of it.
 *
 * @example
 * ```ts
 * const onWebhook = (trigger: PollTrigger, pageId: string) => trigger.pollNow(pageId);
 * ```
 */
export interface PollTrigger {
  /**
   * Adds an immediate poll of `pageId` for the workers (resolves once it is queued). While
   * one such poll waits, more requests for the same Page add nothing: a burst of webhook
   * events makes one poll. The Page's schedule is not changed.
   */
  pollNow(pageId: string): Promise<void>;
  /**
   * Stops the scheduled polls of `pageId` (removes its job scheduler); resolves whether
   * there was one. Its snapshot stays, so watching it again later reports only what
   * changed meanwhile. A worker started with `schedule: true` and this Page in its list
   * schedules it again.
   */
  unschedule(pageId: string): Promise<boolean>;
  /** Closes the queue connection it opened. */
  close(): Promise<void>;
}

/**
 * Enqueues immediate polls for the workers of {@link pollWorkers} (same `prefix`): the
 * place for triggers such as webhook events; and stops watching a Page. The poll is an ordinary poll job, so it
 * shares the workers' budget and guarantees (a poll racing a scheduled one of the same
 * Page is `stale` or finds nothing; nothing is lost or written twice).
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { pollTrigger } from 'rx-graph-conversations/workers';
 *
 * const trigger = pollTrigger(new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null }));
 * await trigger.pollNow('1001'); // e.g. on a webhook event for Page 1001
 * await trigger.close();
 * ```
 *
 * @param connection - an ioredis client.
 * @param options - the `prefix` the workers use.
 * @returns the trigger.
 */
export function pollTrigger(connection: Redis, options: WorkerKeysOptions = {}): PollTrigger {
  const keys = workerKeys(options);
  const queue = new Queue<{ readonly pageId: string }>(keys.queue, { connection, prefix: keys.bullPrefix });
  const checkPage = (pageId: string) => {
    if (typeof pageId !== 'string' || !/^\d+$/.test(pageId)) throw new InvalidInputError('pageId', 'expected a numeric Page id');
  };
  return {
    unschedule: async (pageId) => {
      checkPage(pageId);
      return queue.removeJobScheduler(`poll:${pageId}`);
    },
    pollNow: async (pageId) => {
      checkPage(pageId);
      await queue.add('poll', { pageId }, { deduplication: { id: `now:${pageId}` }, removeOnComplete: { count: 1000 }, removeOnFail: { count: 1000 } });
    },
    close: () => queue.close(),
  };
}
