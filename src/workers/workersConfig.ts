/** The options of `pollWorkers`, checked once and merged with their defaults in one place. */
import { Apply, right, type Either } from 'fp-ts/lib/Either.js';
import { sequenceS } from 'fp-ts/lib/Apply.js';
import type { Redis } from 'ioredis';
import type { Observable } from 'rxjs';
import type { InvalidInputError } from '../errors/invalidInputError';
import { callable, flag, milliseconds, optionsObject, rejectedValue, wholeNumber } from '../options/check';
import { DEFAULT_FULL_SCAN_EVERY } from '../polling/diff';
import type { PollableThread } from '../polling/snapshot';
import type { PollOutcome } from './pollPage';

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

/** The checked options, with their defaults. */
export interface WorkersSettings {
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

/** Checks every option, so a wrong call fails on subscribe with an `InvalidInputError` naming it. */
export function checkWorkersConfig<T extends PollableThread>(pageIds: readonly string[], config: PollWorkersConfig<T>): Either<InvalidInputError, WorkersSettings> {
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
