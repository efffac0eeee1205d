import { Apply, right, type Either } from 'fp-ts/lib/Either.js';
import { sequenceS } from 'fp-ts/lib/Apply.js';
import { asyncScheduler, from, mergeMap, Observable, type SchedulerLike, throwError } from 'rxjs';
import type { InvalidInputError } from '../errors/invalidInputError';
import { callable, milliseconds, optionsObject, rejectedValue, wholeNumber } from '../options/check';
import type { Answer } from '../polling/answer';
import type { RedisClient } from '../redis/client';
import type { DeliveredChange } from './changeEntry';
import { redisChangeFeed } from './changeFeed';
import { consumeFeed } from './consumeFeed';
import { workerKeys } from './keys';

/**
 * Options of {@link changes$}. `group` and `consumer` are required.
 *
 * @example
 * ```ts
 * const options: ChangesOptions = { group: 'inbox-ui', consumer: `ui-${process.pid}`, claimIdleMs: 60_000 };
 * ```
 */
export interface ChangesOptions {
  /** The consumer group: every group gets every change once (at least once); consumers of one group share them. */
  readonly group: string;
  /** This consumer's name in the group, unique and stable across restarts of the same consumer (a restart gets its unacked entries first). */
  readonly consumer: string;
  /** As given to `pollWorkers`; default `rxgc:`. */
  readonly prefix?: string;
  /** Where a new group starts: `0` (default) every change still in the stream, `$` only changes added from now on. */
  readonly startId?: string;
  /** Entries read at once. Default 100. */
  readonly batchSize?: number;
  /** How long one read waits on the server for new entries, in ms. Default 5000. */
  readonly blockMs?: number;
  /**
   * How long an entry may stay unacked with a consumer before another consumer of the
   * group takes it (`XAUTOCLAIM`), in ms. Longer than your slowest handling; default 30000.
   */
  readonly claimIdleMs?: number;
  /** How often this consumer looks for such entries, in ms. Default `claimIdleMs / 2`. */
  readonly claimEveryMs?: number;
  /**
   * Async work to finish before an entry is acked (a database write): a Promise, an
   * Observable (its first value or completion) or a value. When it fails, the stream
   * ends with its error and the entry stays unacked, to be delivered again. Without it,
   * an entry is acked as soon as the subscriber's `next` returns.
   */
  readonly handle?: (change: DeliveredChange) => Answer<unknown>;
  /** The clock of `claimEveryMs`. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}

interface Settings {
  readonly group: string;
  readonly consumer: string;
  readonly startId: string;
  readonly batchSize: number;
  readonly blockMs: number;
  readonly claimIdleMs: number;
  readonly claimEveryMs: number;
}

const name = (option: string, value: unknown, expected: string): Either<InvalidInputError, string> =>
  typeof value === 'string' && value !== '' ? right(value) : rejectedValue(option, expected, value);

function check(options: ChangesOptions): Either<InvalidInputError, Settings & Pick<ChangesOptions, 'handle'>> {
  const shape = optionsObject('options', options, "{ group: 'inbox-ui', consumer: 'ui-1' }");
  if (shape._tag === 'Left') return shape;
  const checked = sequenceS(Apply)({
    group: name('group', options.group, "a consumer group name, e.g. 'inbox-ui'"),
    consumer: name('consumer', options.consumer, "this consumer's name, e.g. `ui-${process.pid}`"),
    startId: name('startId', options.startId ?? '0', "'0' or '$'"),
    batchSize: wholeNumber('batchSize', options.batchSize, { min: 1, max: 10_000 }),
    blockMs: milliseconds('blockMs', options.blockMs ?? 5000, { min: 1 }),
    claimIdleMs: milliseconds('claimIdleMs', options.claimIdleMs ?? 30_000, { min: 1 }),
    handle: callable('handle', options.handle, '(change) => Promise'),
  });
  if (checked._tag === 'Left') return checked;
  const claimEveryMs = milliseconds('claimEveryMs', options.claimEveryMs ?? Math.ceil(checked.right.claimIdleMs / 2), { min: 1 });
  if (claimEveryMs._tag === 'Left') return claimEveryMs;
  return right({ ...checked.right, batchSize: checked.right.batchSize ?? 100, claimEveryMs: claimEveryMs.right });
}

/**
 * The changes the polling workers wrote, read by one consumer of a consumer group, as a
 * cold Observable that acks as it goes. Each subscription creates the group if needed,
 * opens its own blocking connection (`client.duplicate()`), then delivers this consumer's
 * entries left unacked by a previous run, then new ones; every `claimEveryMs` it takes
 * over entries another consumer of the group left unacked for `claimIdleMs` (it died, or
 * hangs). An entry is acked (`XACK`) after the subscriber's `next` returned, and after
 * `handle` finished when given; an entry whose `next` unsubscribed (`take(1)`) is left
 * unacked, so it comes again.
 *
 * Delivery is at least once: a consumer that dies after handling a change and before its
 * ack gets it again on restart, or another consumer does. Drop such a redelivery by
 * {@link DeliveredChange.id} (the same change always has the same id), e.g. with an
 * idempotent write keyed by it. Changes of one Page come in the order they were found.
 *
 * The stream never completes on its own. It ends with an error when Redis fails (pipe
 * `retry({ delay: 1000 })`: a resubscription starts with this consumer's unacked
 * entries) or when an entry is not one the workers wrote (`DecodeError`, unacked). Bad
 * options fail the subscription with an `InvalidInputError`. Unsubscribing closes the
 * blocking connection; entries delivered and not acked stay pending.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { changes$ } from 'rx-graph-conversations/workers';
 *
 * const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
 * changes$(redis, { group: 'inbox-ui', consumer: `ui-${process.pid}` }).subscribe(({ id, pageId, change }) =>
 *   console.log(id, pageId, change.type, change.thread.id),
 * );
 * // 1001:t_1:2024-03-01T12:30:05.000Z:updated 1001 updated t_1
 * ```
 *
 * @param client - an ioredis client (duplicated for the blocking reads).
 * @param options - `group`, `consumer` (required) and the read settings.
 * @returns the changes, acked as they are handled.
 */
export function changes$(client: RedisClient, options: ChangesOptions): Observable<DeliveredChange> {
  return new Observable<DeliveredChange>((subscriber) => {
    const checked = check(options);
    if (checked._tag === 'Left') return throwError(() => checked.left).subscribe(subscriber);
    const settings = checked.right;
    const reader = client.duplicate();
    const feed = redisChangeFeed(client, reader, { ...settings, stream: workerKeys({ prefix: options.prefix }).stream }, settings.startId);
    const scheduler = options.scheduler ?? asyncScheduler;
    const handle = settings.handle;
    const loop = from(feed).pipe(mergeMap((opened) => consumeFeed(opened, { claimEveryMs: settings.claimEveryMs, scheduler, ...(handle === undefined ? {} : { handle }) })));
    const subscription = loop.subscribe(subscriber);
    return () => {
      subscription.unsubscribe();
      reader.disconnect();
    };
  });
}
